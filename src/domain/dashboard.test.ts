import { pipelinesOf, pipelineTotals, repDashboardSchema } from "@/domain/dashboard";

const row = (pipeline: string, stage: string, position: number, amount: number, weighted: number, count = 1) => ({
  pipeline_id: pipeline,
  pipeline_name: pipeline === "p1" ? "Sales" : "Partners",
  stage_id: `${pipeline}-${stage}`,
  stage_name: stage,
  stage_colour: "#64748b",
  stage_position: position,
  deal_count: count,
  amount,
  weighted_amount: weighted,
});

test("reads rep_dashboard's JSON, numeric strings included", () => {
  const parsed = repDashboardSchema.parse({
    pipeline: [{ ...row("p1", "Lead", 0, 0, 0), amount: "1200.50", weighted_amount: "120.05" }],
    tasks_due_today: 2,
    tasks_overdue: "1",
    tasks: [
      {
        id: "t",
        type: "task",
        subject: "Call back",
        due_at: "2025-03-14T09:00:00+00:00",
        overdue: true,
        deal_id: "d",
        account_id: null,
        lead_id: null,
        contact_id: null,
      },
    ],
    stale_deals: [],
  });
  expect(parsed.pipeline[0]).toMatchObject({ amount: 1200.5, weighted_amount: 120.05 });
  expect(parsed.tasks_overdue).toBe(1);
  expect(() => repDashboardSchema.parse({ pipeline: "nope" })).toThrow();
});

test("groups stage rows by pipeline, stages in board order, and totals them", () => {
  const rows = [row("p1", "Proposal", 2, 5000, 2500, 2), row("p2", "Engage", 1, 100, 30), row("p1", "Lead", 0, 1000.1, 100.01, 3)];
  const grouped = pipelinesOf(rows);
  expect(grouped.map((p) => [p.name, p.stages.map((s) => s.stage_name)])).toEqual([
    ["Partners", ["Engage"]],
    ["Sales", ["Lead", "Proposal"]],
  ]);
  expect(pipelineTotals(grouped[1]!.stages)).toEqual({ deal_count: 5, amount: 6000.1, weighted_amount: 2600.01 });
  expect(pipelineTotals([])).toEqual({ deal_count: 0, amount: 0, weighted_amount: 0 });
});
