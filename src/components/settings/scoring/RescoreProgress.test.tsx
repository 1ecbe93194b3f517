import { screen } from "@testing-library/react";
import { RescoreProgress } from "@/components/settings/scoring/RescoreProgress";
import type { RescoreRun } from "@/hooks/useScoring";
import { renderApp } from "@/test/render";
import { fakeSession, mockTables, queryLog, resetSupabaseMock, signedInAs } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

const queued: RescoreRun = {
  id: "run-1",
  org_id: "org-1",
  model_id: "m3",
  model_version: 3,
  reason: "model_change",
  scope: "open",
  status: "queued",
  total: 5000,
  done: 0,
  changed: 0,
  last_deal_id: null,
  error: null,
  requested_by: "user-1",
  started_at: null,
  finished_at: null,
  created_at: "2026-11-21T10:00:00Z",
  updated_at: "2026-11-21T10:00:00Z",
};

/** rescore_runs answers each state in turn, then keeps answering the last one. */
function arrange(...states: Partial<RescoreRun>[]) {
  signedInAs(fakeSession({ id: "user-1" }));
  let reads = 0;
  mockTables({
    profiles: { data: { id: "user-1", role: "admin", org_id: "org-1", full_name: "Ada Admin" }, error: null },
    rescore_runs: () => ({ data: { ...queued, ...states[Math.min(reads++, states.length - 1)] }, error: null }),
  });
}

const runReads = () => queryLog.filter((entry) => entry.table === "rescore_runs" && entry.method === "select").length;

afterEach(() => resetSupabaseMock());

test("the admin sees the count and the bar move until the rescore is done, and then it stops asking", async () => {
  arrange({ status: "running", done: 2000, changed: 150 }, { status: "done", done: 5000, changed: 420, finished_at: "2026-11-21T10:00:05Z" });
  renderApp(<RescoreProgress run={queued} />);

  expect(await screen.findByText("Rescoring open deals: 2,000 of 5,000")).toBeInTheDocument();
  expect(screen.getByRole("progressbar", { name: "Rescore progress" })).toHaveAttribute("aria-valuenow", "40");

  expect(await screen.findByText("Rescored 5,000 deals with version 3: 420 changed score or class", {}, { timeout: 3000 })).toBeInTheDocument();
  expect(screen.queryByRole("progressbar")).not.toBeInTheDocument();
  const reads = runReads();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(runReads()).toBe(reads);
});

test("a rescore that fails says why", async () => {
  arrange({ status: "failed", done: 1000, error: "canceling statement due to statement timeout" });
  renderApp(<RescoreProgress run={queued} />);

  expect(await screen.findByText("The rescore stopped: canceling statement due to statement timeout")).toBeInTheDocument();
  expect(screen.queryByRole("progressbar")).not.toBeInTheDocument();
});
