import type pg from "pg";
import { adminSql } from "./sql.ts";

/** The scoring factors in the engine's order (public.scoring_factor). */
export const FACTORS = ["discount", "margin", "deal_size", "term", "payment_terms", "meddpicc", "engagement", "days_in_stage", "competition"] as const;
export type Factor = (typeof FACTORS)[number];

export type Curve = { type: "curve"; points: { x: number; score: number }[] } | { type: "bands"; bands: { from: number; score: number }[] };
export interface Definition {
  name?: string;
  description?: string | null;
  classification_bands: { label: string; min_score: number }[];
  factors: Partial<Record<Factor, { weight: number; curve: Curve }>>;
}

/** The documented default model (private.default_scoring_definition()). */
export async function defaultDefinition(): Promise<Definition> {
  return adminSql(async (c) => (await c.query("select private.default_scoring_definition() as d")).rows[0].d);
}

/** A model in which one factor carries all 100 points, so the score is that factor's curve. */
export function onlyFactor(factor: Factor, curve: Curve, bands = [{ label: "A", min_score: 50 }, { label: "B", min_score: 0 }]): Definition {
  return { name: `Only ${factor}`, classification_bands: bands, factors: { [factor]: { weight: 100, curve } } };
}

/** The inputs of public.score_deal_values, all neutral (unknown) unless given. */
export interface Inputs {
  discount_pct?: number | null;
  margin_pct?: number | null;
  amount?: number | null;
  segment_median?: number | null;
  contract_term_months?: number | null;
  payment_terms_days?: number | null;
  meddpicc_filled?: number | null;
  days_since_activity?: number | null;
  days_in_stage?: number | null;
  stage_norm_days?: number | null;
  competitors?: number | null;
}

export interface Scored {
  score: number;
  classification: string;
  contributions: Record<Factor, number>;
  points: Record<Factor, number>;
}

export async function scoreValues(c: pg.Client, inputs: Inputs, model: Definition | null = null): Promise<Scored> {
  const { rows } = await c.query(
    `select * from public.score_deal_values(
       discount_pct => $1, margin_pct => $2, amount => $3, segment_median => $4, contract_term_months => $5, payment_terms_days => $6,
       meddpicc_filled => $7, days_since_activity => $8, days_in_stage => $9, stage_norm_days => $10, competitors => $11, model => $12)`,
    [
      inputs.discount_pct ?? null,
      inputs.margin_pct ?? null,
      inputs.amount ?? null,
      inputs.segment_median ?? null,
      inputs.contract_term_months ?? null,
      inputs.payment_terms_days ?? null,
      inputs.meddpicc_filled ?? null,
      inputs.days_since_activity ?? null,
      inputs.days_in_stage ?? null,
      inputs.stage_norm_days ?? null,
      inputs.competitors ?? null,
      model === null ? null : JSON.stringify(model),
    ],
  );
  const row = rows[0];
  return { score: row.score, classification: row.classification, contributions: row.contributions, points: row.points };
}

/** The stored score of a deal (deal_scores), or undefined. */
export async function storedScore(c: pg.Client, dealId: string): Promise<{ score: number; classification: string; contributions: Record<Factor, number>; model_version: number } | undefined> {
  return (await c.query("select score, classification, contributions, model_version from public.deal_scores where deal_id = $1", [dealId])).rows[0];
}

/** A deal's score history, oldest first. */
export async function scoreHistory(c: pg.Client, dealId: string): Promise<{ score: number; previous_score: number | null; reason: string }[]> {
  return (
    await c.query("select score, previous_score, reason from public.deal_score_history where deal_id = $1 order by scored_at", [dealId])
  ).rows;
}
