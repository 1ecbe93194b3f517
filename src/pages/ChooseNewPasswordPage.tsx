import { toast } from "sonner";
import { useAuth, useUser } from "@/components/auth/useAuth";
import { NewPasswordForm } from "@/components/settings/NewPasswordForm";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

/**
 * Shown instead of the app to someone who signed in with a temporary password an administrator
 * gave them, until they choose their own.
 */
export default function ChooseNewPasswordPage() {
  const user = useUser();
  const { signOut } = useAuth();

  return (
    <main className="flex min-h-dvh items-center justify-center bg-muted/40 px-4 py-10">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle className="text-2xl tracking-tight">
            <h1>Choose a new password</h1>
          </CardTitle>
          <CardDescription>
            You signed in as <span className="break-all font-medium text-foreground">{user.email}</span> with a
            temporary password. Choose your own to continue.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <NewPasswordForm
            submitLabel="Set password and continue"
            onChanged={() => toast.success("Password set. Welcome!")}
          />
          <Button
            variant="link"
            className="h-auto justify-self-start p-0"
            onClick={() => signOut().catch((error: unknown) => toast.error(error instanceof Error ? error.message : "Could not sign out"))}
          >
            Sign out instead
          </Button>
        </CardContent>
      </Card>
    </main>
  );
}
