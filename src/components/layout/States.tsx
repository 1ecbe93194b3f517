import type { ReactNode } from "react";
import { RotateCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

/** What a page shows when its data could not be read: the server's message and a way to retry. */
export function ErrorState({
  title,
  error,
  onRetry,
  className,
}: {
  title: string;
  error: unknown;
  onRetry?: () => void;
  className?: string;
}) {
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : "Unknown error";
  return (
    <div
      role="alert"
      className={cn("grid justify-items-start gap-3 rounded-md border border-destructive/50 bg-destructive/10 p-4", className)}
    >
      <div className="grid gap-1">
        <p className="font-medium text-destructive">{title}</p>
        <p className="text-sm text-destructive">{message}</p>
      </div>
      {onRetry && (
        <Button variant="outline" size="sm" onClick={onRetry}>
          <RotateCw aria-hidden />
          Try again
        </Button>
      )}
    </div>
  );
}

/** What a list shows when it has nothing in it, with the next step as an optional action. */
export function EmptyState({ title, children, className }: { title: string; children?: ReactNode; className?: string }) {
  return (
    <div className={cn("grid justify-items-center gap-2 rounded-md border border-dashed p-8 text-center", className)}>
      <p className="font-medium">{title}</p>
      {children && <div className="grid justify-items-center gap-3 text-sm text-muted-foreground">{children}</div>}
    </div>
  );
}
