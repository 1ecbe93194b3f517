import { classificationTone, TONE_CLASSES } from "@/domain/scoring/classification";
import { cn } from "@/lib/utils";

type Props = {
  score: number | null | undefined;
  classification: string | null | undefined;
  /** The model's classification labels, best first, so the colour follows the organisation's bands. */
  bands?: readonly string[];
  size?: "sm" | "lg";
  className?: string;
};

/** A deal's score with its classification ("B · 62"), coloured by how good the class is. */
export function DealScoreBadge({ score, classification, bands, size = "sm", className }: Props) {
  if (score === null || score === undefined) {
    return <span className={cn("text-sm text-muted-foreground", className)}>Not scored yet</span>;
  }
  const tone = classificationTone(classification, bands);
  const rounded = Math.round(score);
  return (
    <span
      role="img"
      aria-label={`Deal score ${rounded} of 100${classification ? `, class ${classification}` : ""}`}
      data-testid="deal-score"
      className={cn(
        "inline-flex items-center gap-1.5 rounded-md font-semibold tabular-nums",
        TONE_CLASSES[tone],
        size === "lg" ? "px-3 py-1.5 text-2xl" : "px-2 py-0.5 text-xs",
        className,
      )}
    >
      {classification && <span>{classification}</span>}
      {classification && <span aria-hidden className="opacity-60">·</span>}
      <span>{rounded}</span>
    </span>
  );
}
