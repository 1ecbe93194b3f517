import { CircleCheck, CircleX, LoaderCircle } from "lucide-react";
import { isRunFinished } from "@/domain/scoring/rescore";
import { useRescoreRun, type RescoreRun } from "@/hooks/useScoring";
import { formatNumber } from "@/lib/format";

/** How far the rescore after a model change has got; it drives the run forward while open. */
export function RescoreProgress({ run }: { run: RescoreRun }) {
  const live = useRescoreRun(run);
  const current = live.data ?? run;
  const total = Math.max(current.total, current.done, 1);
  const percent = Math.min(100, Math.round((current.done / total) * 100));
  const finished = isRunFinished(current);
  return (
    <div className="grid gap-2 rounded-md border p-3 text-sm" role="status" aria-live="polite" data-testid="rescore-progress">
      <div className="flex items-center gap-2 font-medium">
        {current.status === "done" ? (
          <CircleCheck className="size-4 text-emerald-600" aria-hidden />
        ) : current.status === "failed" || current.status === "cancelled" ? (
          <CircleX className="size-4 text-destructive" aria-hidden />
        ) : (
          <LoaderCircle className="size-4 animate-spin" aria-hidden />
        )}
        {current.status === "done"
          ? `Rescored ${formatNumber(current.done)} deals with version ${current.model_version ?? ""}: ${formatNumber(current.changed)} changed score or class`
          : current.status === "failed"
            ? `The rescore stopped: ${current.error ?? "unknown error"}`
            : current.status === "cancelled"
              ? "This rescore was replaced by a newer one"
              : `Rescoring open deals: ${formatNumber(current.done)} of ${formatNumber(current.total)}`}
      </div>
      {!finished && (
        <div
          role="progressbar"
          aria-label="Rescore progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          className="h-2 w-full overflow-hidden rounded-full bg-muted"
        >
          <div className="h-full bg-primary transition-[width]" style={{ width: `${percent}%` }} />
        </div>
      )}
      {live.isError && <p className="text-destructive">Could not follow the rescore: {live.error.message}</p>}
    </div>
  );
}
