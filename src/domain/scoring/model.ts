/**
 * Settings → Scoring (GOV-1): the admin's form for a scoring model and the rules it must meet,
 * mirroring the database's checks (private.scoring_curve_problem, classification_bands_problem and
 * check_scoring_weights in the *_gov_scoring_models.sql migration) with the same wording, so a
 * mistake is named before the save and the database's refusal, if it still comes, reads alike.
 *
 * The database takes a model as one document:
 *   { name, description, classification_bands: [{ label, min_score }, ...],
 *     factors: { discount: { weight, curve: { type: "curve", points: [{ x, score }] }
 *                                         | { type: "bands", bands: [{ from, score }] } }, ... } }
 * The form holds the same as arrays of text inputs; toDefinition / fromDefinition convert.
 */
import { z } from "zod";
import { factorLabel } from "@/domain/scoring/contributions";

/** The nine factors, in the engine's order (public.scoring_factor). */
export const SCORING_FACTORS = ["discount", "margin", "deal_size", "term", "payment_terms", "meddpicc", "engagement", "days_in_stage", "competition"] as const;
export type ScoringFactor = (typeof SCORING_FACTORS)[number];

/** What each factor's x axis is measured in (public.scoring_factor_catalog().unit). */
export const FACTOR_UNITS: Record<ScoringFactor, string> = {
  discount: "%",
  margin: "%",
  deal_size: "% of median",
  term: "months",
  payment_terms: "days",
  meddpicc: "fields",
  engagement: "days",
  days_in_stage: "% of norm",
  competition: "competitors",
};

export type CurveDefinition = { type: "curve"; points: { x: number; score: number }[] } | { type: "bands"; bands: { from: number; score: number }[] };
export type ModelDefinition = {
  name: string;
  description?: string | null;
  classification_bands: { label: string; min_score: number }[];
  factors: Partial<Record<ScoringFactor, { weight: number; curve: CurveDefinition }>>;
};

/** Text in a number input, read as a number; "" and junk are NaN (and refused with a message). */
export function readNumber(value: string | number) {
  if (typeof value === "number") return value;
  const trimmed = value.trim().replace(",", ".");
  return trimmed === "" ? Number.NaN : Number(trimmed);
}

const numberText = z.union([z.string(), z.number()]);

const pointSchema = z.object({ at: numberText, score: numberText });

export const factorFormSchema = z.object({
  factor: z.enum(SCORING_FACTORS),
  weight: numberText,
  kind: z.enum(["curve", "bands"]),
  points: z.array(pointSchema),
});
export type FactorForm = z.infer<typeof factorFormSchema>;

export const bandFormSchema = z.object({ label: z.string(), min_score: numberText });

const WEIGHT_EPSILON = 1e-9;

/** Sum of the weights, to two decimals (the database stores numeric(5,2)). */
export function weightTotal(factors: readonly Pick<FactorForm, "weight">[]) {
  const total = factors.reduce((sum, factor) => sum + (Number.isFinite(readNumber(factor.weight)) ? readNumber(factor.weight) : 0), 0);
  return Math.round(total * 100) / 100;
}

/** "The weights must add up to 100; they add up to 95", or null when they do. */
export function weightSumProblem(factors: readonly Pick<FactorForm, "weight">[]) {
  const total = weightTotal(factors);
  return Math.abs(total - 100) < WEIGHT_EPSILON ? null : `The weights must add up to 100; they add up to ${formatPlain(total)}`;
}

function formatPlain(value: number) {
  return new Intl.NumberFormat("en-US", { maximumFractionDigits: 2, useGrouping: false }).format(value);
}

type Issue = { path: (string | number)[]; message: string };

/** The problems of one factor's curve or bands, each at the input it belongs to. */
export function curveProblems(factor: FactorForm): Issue[] {
  const issues: Issue[] = [];
  const label = factorLabel(factor.factor);
  const weight = readNumber(factor.weight);
  if (!Number.isFinite(weight)) issues.push({ path: ["weight"], message: `${label}: enter a weight` });
  else if (weight < 0 || weight > 100) issues.push({ path: ["weight"], message: `${label}: a weight is between 0 and 100 (got ${formatPlain(weight)})` });
  else if (Math.round(weight * 100) !== Math.round(weight * 100 * 1e6) / 1e6) issues.push({ path: ["weight"], message: `${label}: use at most two decimals` });

  const bands = factor.kind === "bands";
  const [min, max] = bands ? [1, 20] : [2, 20];
  if (factor.points.length < min || factor.points.length > max) {
    issues.push({ path: ["points"], message: bands ? `${label}: give 1 to 20 bands` : `${label}: a curve needs 2 to 20 points` });
  }
  let previous: number | null = null;
  factor.points.forEach((point, index) => {
    const at = readNumber(point.at);
    const score = readNumber(point.score);
    if (!Number.isFinite(at)) issues.push({ path: ["points", index, "at"], message: "Enter a number" });
    else if (at < 0) issues.push({ path: ["points", index, "at"], message: bands ? `Band thresholds must be 0 or more (got ${formatPlain(at)})` : `x must be 0 or more (got ${formatPlain(at)})` });
    else if (at > 1_000_000_000) issues.push({ path: ["points", index, "at"], message: "Too large" });
    else if (previous !== null && at <= previous) {
      issues.push({
        path: ["points", index, "at"],
        message: bands
          ? `Band thresholds must increase from band to band (${formatPlain(at)} after ${formatPlain(previous)})`
          : `x must increase from point to point (${formatPlain(at)} after ${formatPlain(previous)})`,
      });
    } else if (previous === null && bands && at !== 0) {
      issues.push({ path: ["points", index, "at"], message: `The first band must start from 0 (it starts from ${formatPlain(at)})` });
    }
    if (!Number.isFinite(score)) issues.push({ path: ["points", index, "score"], message: "Enter a score" });
    else if (score < 0 || score > 100) issues.push({ path: ["points", index, "score"], message: `Scores must be between 0 and 100 (got ${formatPlain(score)})` });
    if (Number.isFinite(at)) previous = previous === null ? at : Math.max(previous, at);
  });
  return issues;
}

/** The problems of the classification bands, each at its input; `path: []` for the list as a whole. */
export function bandProblems(bands: readonly z.infer<typeof bandFormSchema>[]): Issue[] {
  const issues: Issue[] = [];
  if (bands.length < 1 || bands.length > 10) issues.push({ path: [], message: "Give 1 to 10 classification bands" });
  const seen = new Set<string>();
  let previous: number | null = null;
  bands.forEach((band, index) => {
    const label = band.label.trim();
    if (label.length < 1 || label.length > 30) issues.push({ path: [index, "label"], message: "Classification labels have 1 to 30 characters" });
    else if (seen.has(label)) issues.push({ path: [index, "label"], message: `Classification label "${label}" is used twice` });
    seen.add(label);
    const minimum = readNumber(band.min_score);
    if (!Number.isFinite(minimum) || minimum < 0 || minimum > 100 || !Number.isInteger(minimum)) {
      issues.push({ path: [index, "min_score"], message: "Minimum scores are whole numbers from 0 to 100" });
    } else if (previous !== null && minimum >= previous) {
      issues.push({ path: [index, "min_score"], message: `Classification bands go from the highest minimum score down (${minimum} after ${previous})` });
    }
    if (Number.isFinite(minimum)) previous = minimum;
  });
  const last = bands.at(-1);
  if (last && readNumber(last.min_score) !== 0 && Number.isInteger(readNumber(last.min_score))) {
    issues.push({
      path: [bands.length - 1, "min_score"],
      message: `The last classification band must start at 0 so that every score has a class (it starts at ${formatPlain(readNumber(last.min_score))})`,
    });
  }
  return issues;
}

export const scoringModelFormSchema = z
  .object({
    name: z.string().trim().min(1, { error: "Name the model" }).max(100, { error: "Use at most 100 characters" }),
    description: z.string().max(2000, { error: "Use at most 2,000 characters" }),
    factors: z.array(factorFormSchema),
    classification_bands: z.array(bandFormSchema),
  })
  .superRefine((values, context) => {
    values.factors.forEach((factor, index) => {
      for (const issue of curveProblems(factor)) context.addIssue({ code: "custom", path: ["factors", index, ...issue.path], message: issue.message });
    });
    const sum = weightSumProblem(values.factors);
    if (sum) context.addIssue({ code: "custom", path: ["factors"], message: sum });
    for (const issue of bandProblems(values.classification_bands)) {
      context.addIssue({ code: "custom", path: ["classification_bands", ...issue.path], message: issue.message });
    }
  });
export type ScoringModelForm = z.input<typeof scoringModelFormSchema>;

/** The form's values as the document the database takes (only call with values that passed the schema). */
export function toDefinition(values: ScoringModelForm): ModelDefinition {
  const factors: ModelDefinition["factors"] = {};
  for (const factor of values.factors) {
    const points = factor.points.map((point) => ({ at: readNumber(point.at), score: readNumber(point.score) }));
    factors[factor.factor] = {
      weight: readNumber(factor.weight),
      curve:
        factor.kind === "bands"
          ? { type: "bands", bands: points.map((point) => ({ from: point.at, score: point.score })) }
          : { type: "curve", points: points.map((point) => ({ x: point.at, score: point.score })) },
    };
  }
  return {
    name: values.name.trim(),
    description: values.description.trim() || null,
    classification_bands: values.classification_bands.map((band) => ({ label: band.label.trim(), min_score: readNumber(band.min_score) })),
    factors,
  };
}

/** A stored model as the form's values: every factor of the catalogue, in order (a missing one at weight 0). */
export function fromDefinition(definition: ModelDefinition): ScoringModelForm {
  return {
    name: definition.name,
    description: definition.description ?? "",
    factors: SCORING_FACTORS.map((factor) => {
      const stored = definition.factors[factor];
      if (!stored) return { factor, weight: "0", kind: "bands", points: [{ at: "0", score: "0" }] };
      const points =
        stored.curve.type === "bands"
          ? stored.curve.bands.map((band) => ({ at: String(band.from), score: String(band.score) }))
          : stored.curve.points.map((point) => ({ at: String(point.x), score: String(point.score) }));
      return { factor, weight: String(Number(stored.weight)), kind: stored.curve.type, points };
    }),
    classification_bands: [...definition.classification_bands]
      .sort((a, b) => b.min_score - a.min_score)
      .map((band) => ({ label: band.label, min_score: String(band.min_score) })),
  };
}

/** Where a refusal of save or preview belongs: the hint and detail of the database's error. */
export function modelErrorTarget(error: unknown): "factors" | "classification_bands" | "name" | null {
  const hint = (error as { hint?: unknown } | null)?.hint;
  if (hint === "weights_sum" || hint === "invalid_weight" || hint === "invalid_curve") return "factors";
  if (hint === "invalid_classification_bands") return "classification_bands";
  return null;
}
