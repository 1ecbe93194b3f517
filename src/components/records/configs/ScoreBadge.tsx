import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils";

/** A 0-100 score, coloured by band. */
export function ScoreBadge({ score }: { score: number }) {
  const band = score >= 70 ? "bg-emerald-600 text-white" : score >= 40 ? "bg-amber-500 text-white" : "bg-muted text-muted-foreground";
  return (
    <Badge className={cn("tabular-nums", band)} aria-label={`Score ${score} of 100`}>
      {score}
    </Badge>
  );
}
