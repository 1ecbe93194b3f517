import { Badge } from "@/components/ui/badge";
import { readFactors, SCORE_BAND_LABELS, scoreBand } from "@/domain/customer-success/factors";
import { cn } from "@/lib/utils";

/**
 * A 0-100 score with the readable factors behind it (CS-8): churn risk (higher is worse) or
 * expansion (higher is better). Each factor says what it adds.
 */
export function ScoreFactors({
  title,
  score,
  factors,
  kind,
  empty,
}: {
  title: string;
  score: number | null | undefined;
  factors: unknown;
  kind: "risk" | "opportunity";
  empty: string;
}) {
  const band = scoreBand(score);
  const list = readFactors(factors);
  const tone =
    band === null
      ? "bg-muted text-muted-foreground"
      : kind === "risk"
        ? { high: "bg-red-600 text-white", medium: "bg-amber-500 text-white", low: "bg-emerald-600 text-white" }[band]
        : { high: "bg-emerald-600 text-white", medium: "bg-sky-600 text-white", low: "bg-muted text-muted-foreground" }[band];
  const headingId = `factors-${kind}`;
  return (
    <section aria-labelledby={headingId} className="grid content-start gap-2">
      <div className="flex items-center justify-between gap-2">
        <h3 id={headingId} className="text-sm font-medium">
          {title}
        </h3>
        <Badge className={cn("tabular-nums", tone)}>
          {band === null ? "Not scored" : `${SCORE_BAND_LABELS[band]} · ${score} of 100`}
        </Badge>
      </div>
      {list.length === 0 ? (
        <p className="text-sm text-muted-foreground">{empty}</p>
      ) : (
        <ul className="grid gap-1 text-sm">
          {list.map((factor) => (
            <li key={factor.factor} className="flex items-baseline justify-between gap-3">
              <span>{factor.detail}</span>
              <span className="shrink-0 tabular-nums text-muted-foreground">+{factor.points}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
