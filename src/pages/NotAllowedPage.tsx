import { ShieldX } from "lucide-react";
import { Link } from "react-router-dom";
import { Button } from "@/components/ui/button";
import type { Role } from "@/domain/navigation";
import { formatRole } from "@/lib/format";

/** Shown in place of a page the user's role may not open: says so, names the role, and offers a way home. */
export default function NotAllowedPage({ role }: { role: Role | null }) {
  return (
    <div className="mx-auto flex max-w-lg flex-col items-start gap-4 py-12">
      <ShieldX className="size-10 text-muted-foreground" aria-hidden />
      <h1 className="text-2xl font-semibold tracking-tight">You don&apos;t have access to this page</h1>
      <p className="text-muted-foreground">
        {role ? (
          <>
            You are signed in as <strong className="font-medium text-foreground">{formatRole(role)}</strong>, and this
            page is not available to that role.
          </>
        ) : (
          "Your account has no role in an organisation yet."
        )}{" "}
        If you need it, ask an administrator.
      </p>
      <Button asChild>
        <Link to="/">Go to the home page</Link>
      </Button>
    </div>
  );
}
