/**
 * The rep's dashboard (issue 4, PRODUCT.md CRM-7 and CRM-11): public.rep_dashboard() computes it
 * in SQL; this reads its JSON at the edge and shapes it for the chart.
 */
import { z } from "zod";

const numeric = z.union([z.number(), z.string()]).transform(Number);
const ACTIVITY_TYPES = ["call", "meeting", "email", "note", "task"] as const;

const pipelineRow = z.object({
  pipeline_id: z.string(),
  pipeline_name: z.string(),
  stage_id: z.string(),
  stage_name: z.string(),
  stage_colour: z.string().nullable(),
  stage_position: z.number(),
  deal_count: numeric,
  amount: numeric,
  weighted_amount: numeric,
});

const task = z.object({
  id: z.string(),
  type: z.enum(ACTIVITY_TYPES),
  subject: z.string(),
  due_at: z.string(),
  overdue: z.boolean().optional(),
  deal_id: z.string().nullable(),
  account_id: z.string().nullable(),
  lead_id: z.string().nullable(),
  contact_id: z.string().nullable(),
});

const staleDeal = z.object({
  id: z.string(),
  name: z.string(),
  account_name: z.string().nullable(),
  stage_name: z.string().nullable(),
  amount: numeric.nullable(),
  currency: z.string(),
  days_in_stage: z.number().nullable(),
  is_stale: z.boolean().nullable(),
  expected_close_date: z.string(),
});

export const repDashboardSchema = z.object({
  pipeline: z.array(pipelineRow),
  tasks_due_today: numeric,
  tasks_overdue: numeric,
  tasks: z.array(task),
  stale_deals: z.array(staleDeal),
});

export type RepDashboard = z.infer<typeof repDashboardSchema>;
export type DashboardPipelineRow = RepDashboard["pipeline"][number];
export type DashboardTask = RepDashboard["tasks"][number];
export type DashboardStaleDeal = RepDashboard["stale_deals"][number];

/** The stage rows grouped by pipeline, stages in board order; pipelines by name. */
export function pipelinesOf(rows: readonly DashboardPipelineRow[]) {
  const byPipeline = new Map<string, { id: string; name: string; stages: DashboardPipelineRow[] }>();
  for (const row of rows) {
    const entry = byPipeline.get(row.pipeline_id) ?? { id: row.pipeline_id, name: row.pipeline_name, stages: [] };
    entry.stages.push(row);
    byPipeline.set(row.pipeline_id, entry);
  }
  return [...byPipeline.values()]
    .map((pipeline) => ({ ...pipeline, stages: [...pipeline.stages].sort((a, b) => a.stage_position - b.stage_position) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A pipeline's totals from its stage rows (a handful per pipeline, already aggregated in SQL):
 * what the headline cards show.
 */
export function pipelineTotals(stages: readonly Pick<DashboardPipelineRow, "deal_count" | "amount" | "weighted_amount">[]) {
  return stages.reduce(
    (total, stage) => ({
      deal_count: total.deal_count + stage.deal_count,
      amount: Math.round((total.amount + stage.amount) * 100) / 100,
      weighted_amount: Math.round((total.weighted_amount + stage.weighted_amount) * 100) / 100,
    }),
    { deal_count: 0, amount: 0, weighted_amount: 0 },
  );
}

/** The user's time zone for "today" in SQL (rep_dashboard's time_zone), UTC when unknown. */
export function browserTimeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}
