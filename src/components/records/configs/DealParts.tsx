import { useQuery } from "@tanstack/react-query";
import { ErrorState } from "@/components/layout/States";
import { DealScoreBadge } from "@/components/scoring/DealScoreBadge";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { DEAL_STATUSES, labelOf } from "@/domain/records/options";
import type { RecordRow } from "@/hooks/useRecords";
import { useActiveClasses } from "@/hooks/useScoring";
import { formatDateTime } from "@/lib/format";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";

export function StageBadge({ name, colour }: { name: unknown; colour: unknown }) {
  if (!name) return <span className="text-muted-foreground">—</span>;
  return (
    <span className="inline-flex items-center gap-1.5">
      <span aria-hidden className="size-2.5 rounded-full" style={{ backgroundColor: typeof colour === "string" ? colour : "#64748b" }} />
      {String(name)}
    </span>
  );
}

export function StatusBadge({ status }: { status: unknown }) {
  const variant = status === "won" ? "default" : status === "lost" ? "destructive" : "secondary";
  return <Badge variant={variant}>{labelOf(DEAL_STATUSES, status)}</Badge>;
}

/** A deals list row's score (deal_list.score, score_class), coloured by the active model's classes; a dash until scored. */
export function ListScore({ row }: { row: RecordRow }) {
  const classes = useActiveClasses();
  if (typeof row.score !== "number") return <span className="text-muted-foreground">—</span>;
  return <DealScoreBadge score={row.score} classification={typeof row.score_class === "string" ? row.score_class : null} bands={classes} />;
}

/** Every stage the deal entered, newest first, with who moved it (deal_stage_history). */
export function StageHistory({ record }: { record: RecordRow }) {
  const history = useQuery({
    queryKey: [...queryKeys.records.detail("deals", record.id), "stage-history", record.version],
    queryFn: async () => {
      const { data, error } = await supabase
        .from("deal_stage_history")
        .select(
          "id, moved_at, from:pipeline_stages!deal_stage_history_from_stage_id_fkey(name), to:pipeline_stages!deal_stage_history_to_stage_id_fkey(name, colour), mover:profiles!deal_stage_history_org_id_moved_by_fkey(full_name)",
        )
        .eq("deal_id", record.id)
        .order("moved_at", { ascending: false })
        .limit(50);
      if (error) throw error;
      return data;
    },
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Stage history</CardTitle>
      </CardHeader>
      <CardContent>
        {history.isPending ? (
          <Skeleton className="h-16 w-full" />
        ) : history.isError ? (
          <ErrorState title="Could not load the stage history" error={history.error} onRetry={() => void history.refetch()} />
        ) : (
          <ol className="grid gap-2 text-sm">
            {history.data.map((entry) => (
              <li key={entry.id} className="flex flex-wrap items-center gap-x-2">
                <time className="w-40 text-muted-foreground" dateTime={entry.moved_at}>
                  {formatDateTime(entry.moved_at)}
                </time>
                {entry.from ? (
                  <>
                    {entry.from.name} → <StageBadge name={entry.to?.name} colour={entry.to?.colour} />
                  </>
                ) : (
                  <>
                    Created in <StageBadge name={entry.to?.name} colour={entry.to?.colour} />
                  </>
                )}
                {entry.mover && <span className="text-muted-foreground">by {entry.mover.full_name}</span>}
              </li>
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}
