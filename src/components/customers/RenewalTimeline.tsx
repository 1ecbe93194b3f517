import { CalendarClock } from "lucide-react";
import { Skeleton } from "@/components/ui/skeleton";
import { BUCKET_LABELS, TIMELINE_BUCKETS, type RenewalBucket } from "@/domain/customer-success/renewals";
import { formatMoney, formatNumber } from "@/lib/format";
import { cn } from "@/lib/utils";

export type BucketRow = {
  bucket: string;
  renewals: number;
  current_value: number | null;
  proposed_value: number | null;
  high_risk: number;
  currency: string;
};

/**
 * CS-7's timeline: open renewals overdue and due in the next 30, 31-60, 61-90 and 91-180 days,
 * each with its count, value and how many are high risk. A bucket is a toggle that filters the
 * table below.
 */
export function RenewalTimeline({
  rows,
  isPending,
  active,
  onChoose,
}: {
  rows: readonly BucketRow[] | undefined;
  isPending: boolean;
  active: RenewalBucket | null;
  onChoose: (bucket: RenewalBucket | null) => void;
}) {
  return (
    <div role="group" aria-label="Renewal timeline" className="grid gap-3 sm:grid-cols-3 lg:grid-cols-5">
      {TIMELINE_BUCKETS.map((bucket) => {
        const inBucket = rows?.filter((row) => row.bucket === bucket) ?? [];
        const count = inBucket.reduce((sum, row) => sum + Number(row.renewals), 0);
        const highRisk = inBucket.reduce((sum, row) => sum + Number(row.high_risk), 0);
        const selected = active === bucket;
        return (
          <button
            key={bucket}
            type="button"
            aria-pressed={selected}
            onClick={() => onChoose(selected ? null : bucket)}
            className={cn(
              "grid gap-1 rounded-xl border bg-card p-4 text-left shadow-sm transition-colors hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
              selected && "border-primary bg-accent",
              bucket === "overdue" && count > 0 && "border-destructive/50",
            )}
          >
            <span className="flex items-center gap-1.5 text-sm text-muted-foreground">
              <CalendarClock className="size-4" aria-hidden />
              {BUCKET_LABELS[bucket]}
            </span>
            {isPending ? (
              <Skeleton className="h-8 w-16" />
            ) : (
              <span className="text-2xl font-semibold tabular-nums">
                {formatNumber(count)} <span className="sr-only">renewals</span>
              </span>
            )}
            <span className="text-xs text-muted-foreground">
              {inBucket.length ? inBucket.map((row) => formatMoney(row.current_value, row.currency, { compact: true })).join(" + ") : "—"}
              {highRisk > 0 && <span className="font-medium text-destructive"> · {formatNumber(highRisk)} high risk</span>}
            </span>
          </button>
        );
      })}
    </div>
  );
}
