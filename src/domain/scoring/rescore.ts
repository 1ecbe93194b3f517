/**
 * Rescore runs (public.rescore_runs) as Settings → Scoring shows them: whether a run has ended, and
 * whether the organisation's latest run is still worth showing to an admin who opens the page.
 */
type RunState = { status: "queued" | "running" | "done" | "failed" | "cancelled"; finished_at: string | null };

const FINISHED: readonly RunState["status"][] = ["done", "failed", "cancelled"];

/** How long a finished run stays on the page for whoever opens it: long enough to see how it ended. */
export const SHOW_FINISHED_FOR_MS = 60 * 60 * 1000;

export function isRunFinished(run: Pick<RunState, "status"> | null | undefined) {
  return !!run && FINISHED.includes(run.status);
}

/**
 * The latest run is shown while it is under way, when it failed (until the next run, so the admin
 * learns the deals were not all rescored), and for an hour after it finished; a run replaced by a
 * newer one never is (the newer one is the latest).
 */
export function isLatestRunShown<Run extends RunState>(run: Run | null | undefined, now: Date): run is Run {
  if (!run || run.status === "cancelled") return false;
  if (!isRunFinished(run) || run.status === "failed") return true;
  const finished = run.finished_at ? Date.parse(run.finished_at) : Number.NaN;
  return Number.isFinite(finished) && now.getTime() - finished <= SHOW_FINISHED_FOR_MS;
}
