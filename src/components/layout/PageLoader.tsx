import { LoaderCircle } from "lucide-react";

export function PageLoader() {
  return (
    <div role="status" className="flex min-h-48 flex-1 items-center justify-center text-muted-foreground">
      <LoaderCircle className="size-6 animate-spin" aria-hidden />
      <span className="sr-only">Loading…</span>
    </div>
  );
}
