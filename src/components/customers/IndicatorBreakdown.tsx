import type { BreakdownEntry } from "@/domain/customer-success/healthConfig";
import { formatNumber } from "@/lib/format";

/**
 * The latest score's indicators (CS-2, CS-6): each one's points out of its weight as a bar, with
 * the sentence the database wrote about it ("Last login 9 days ago").
 */
export function IndicatorBreakdown({ entries }: { entries: readonly BreakdownEntry[] }) {
  if (entries.length === 0) return <p className="text-sm text-muted-foreground">No indicator breakdown yet.</p>;
  return (
    <ul className="grid gap-3" aria-label="Indicator breakdown">
      {entries.map((entry) => {
        const share = entry.weight > 0 ? Math.max(0, Math.min(1, entry.points / entry.weight)) : 0;
        return (
          <li key={entry.key} className="grid gap-1">
            <div className="flex items-baseline justify-between gap-2 text-sm">
              <span className="font-medium">{entry.label}</span>
              <span className="tabular-nums text-muted-foreground">
                {formatNumber(entry.points, { maximumFractionDigits: 1 })} of {formatNumber(entry.weight)} points
              </span>
            </div>
            <div className="h-2 overflow-hidden rounded-full bg-muted" aria-hidden>
              <div
                className={share >= 0.7 ? "h-full bg-emerald-500" : share >= 0.4 ? "h-full bg-amber-400" : "h-full bg-red-500"}
                style={{ width: `${Math.round(share * 100)}%` }}
              />
            </div>
            {entry.detail && <p className="text-xs text-muted-foreground">{entry.detail}</p>}
          </li>
        );
      })}
    </ul>
  );
}
