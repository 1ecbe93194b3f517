import { lazy, Suspense } from "react";
import { StageHistory } from "@/components/records/configs/DealParts";
import { DealScoreBadge } from "@/components/scoring/DealScoreBadge";
import { Skeleton } from "@/components/ui/skeleton";
import type { RecordRow } from "@/hooks/useRecords";
import { useActiveClasses } from "@/hooks/useScoring";

// The charts (recharts) load with the panel, not with the deals list.
const DealGovernancePanel = lazy(() => import("@/components/scoring/DealGovernancePanel"));

/** The deal page's panels below its fields: score and approvals (GOV), then the stage history. */
export function DealPanels({ record }: { record: RecordRow }) {
  return (
    <>
      <Suspense fallback={<Skeleton className="h-72 w-full" aria-label="Loading the score" />}>
        <DealGovernancePanel record={record} />
      </Suspense>
      <StageHistory record={record} />
    </>
  );
}

/** The stored score embedded with the deal (deal_scores), for the page's subtitle. */
export function DealScoreSummary({ record }: { record: RecordRow }) {
  const classes = useActiveClasses();
  const stored = record.deal_scores as { score?: number; classification?: string } | null | undefined;
  if (!stored || typeof stored.score !== "number") return null;
  return <DealScoreBadge score={stored.score} classification={stored.classification} bands={classes} />;
}
