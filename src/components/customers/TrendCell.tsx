import { TrendingDown, TrendingUp } from "lucide-react";
import { formatTrend, isScoreDrop } from "@/domain/customer-success/health";
import { cn } from "@/lib/utils";

/** A 7-day change in health, with an arrow and "drop" when it is CS-4's 15 points or more. */
export function TrendCell({ trend }: { trend: unknown }) {
  const value = typeof trend === "number" ? trend : null;
  const text = formatTrend(value);
  if (!text) return <span className="text-muted-foreground">—</span>;
  const drop = isScoreDrop(value);
  return (
    <span className={cn("inline-flex items-center gap-1 tabular-nums", drop ? "font-medium text-red-700 dark:text-red-400" : value! < 0 ? "text-amber-700 dark:text-amber-300" : "")}>
      {value! > 0 ? <TrendingUp className="size-3.5" aria-hidden /> : value! < 0 ? <TrendingDown className="size-3.5" aria-hidden /> : null}
      {text}
      {drop && <span className="sr-only"> (score drop)</span>}
    </span>
  );
}

