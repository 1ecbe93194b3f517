import { HEALTH_COLOUR_CLASSES, healthColour, type HealthStatus } from "@/domain/customer-success/health";
import { cn } from "@/lib/utils";

/**
 * A customer's health: a coloured dot and the status in words, with the score when there is one
 * (CS-5: colour is never the only signal).
 */
export function HealthBadge({ status, score, className }: { status: HealthStatus | null | undefined; score?: number | null; className?: string }) {
  const { colour, label } = healthColour(status);
  const classes = colour ? HEALTH_COLOUR_CLASSES[colour] : null;
  return (
    <span
      data-health={status ?? "unscored"}
      className={cn(
        "inline-flex w-fit items-center gap-1.5 whitespace-nowrap rounded-md border px-2 py-0.5 text-xs font-medium",
        classes?.badge ?? "border-border bg-muted text-muted-foreground",
        className,
      )}
    >
      <span aria-hidden className={cn("size-2 rounded-full", classes?.dot ?? "bg-muted-foreground/50")} />
      {label}
      {typeof score === "number" && <span className="tabular-nums">· {score}</span>}
    </span>
  );
}
