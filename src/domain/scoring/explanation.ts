/**
 * public.score_deal's answer (a jsonb document, see docs/governance-api.md) read into the shapes
 * the deal page draws. Parsed with zod: the document is typed `Json` in the generated types, and
 * a shape the page does not expect should fail loudly, not draw nonsense.
 */
import { z } from "zod";
import { factorLabel, type FactorContribution, type Suggestion } from "@/domain/scoring/contributions";

const number = z.coerce.number();
const nullableNumber = z.union([z.number(), z.string(), z.null()]).transform((value) => (value === null || value === "" ? null : Number(value)));

const suggestionSchema = z.object({
  factor: z.string(),
  field: z.string().nullish(),
  action: z.string().nullish(),
  gain: number,
  text: z.string(),
  fields: z.array(z.string()).nullish(),
});

const factorSchema = z.object({
  factor: z.string(),
  label: z.string().nullish(),
  measures: z.string().nullish(),
  unit: z.string().nullish(),
  weight: number,
  input: nullableNumber.optional(),
  points: nullableNumber.optional(),
  contribution: number,
  max_contribution: nullableNumber.optional(),
  suggestion: suggestionSchema.nullish(),
});

export const scoreExplanationSchema = z.object({
  deal_id: z.string(),
  status: z.string(),
  model_version: number.nullish(),
  model_name: z.string().nullish(),
  score: number,
  classification: z.string().nullable(),
  factors: z.array(factorSchema),
  computed_at: z.string().nullish(),
});

export type ScoreExplanation = {
  score: number;
  classification: string | null;
  status: string;
  modelName: string | null;
  modelVersion: number | null;
  factors: FactorContribution[];
  suggestions: Suggestion[];
};

const numberFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** A factor's input in words with its unit: "25 %", "80 % of median", "12 months", "5 of 8 fields". */
export function formatInput(input: number | null | undefined, unit: string | null | undefined) {
  if (input === null || input === undefined || !Number.isFinite(input)) return "Not set";
  const value = numberFormat.format(input);
  switch (unit) {
    case "%":
      return `${value} %`;
    case "% of median":
    case "% of norm":
      return `${value} ${unit}`;
    case "fields":
      return `${value} of 8 fields`;
    case "months":
    case "days":
    case "competitors":
      return `${value} ${input === 1 ? unit.replace(/s$/, "") : unit}`;
    default:
      return unit ? `${value} ${unit}` : value;
  }
}

/** The database words a suggestion with its gain ("…: +8"); the page shows the gain on its own. */
export function suggestionChange(text: string) {
  return text.replace(/:\s*\+\d+(\.\d+)?\s*$/, "").trim();
}

/** Reads score_deal's document; throws with the first mismatch if it is not what the page expects. */
export function parseScoreExplanation(document: unknown): ScoreExplanation {
  const parsed = scoreExplanationSchema.parse(document);
  const factors = parsed.factors.map((factor) => ({
    key: factor.factor,
    label: factorLabel(factor.factor, factor.label),
    weight: factor.weight,
    points: factor.contribution,
    value: formatInput(factor.input ?? null, factor.unit),
  }));
  const suggestions = parsed.factors.flatMap((factor) =>
    factor.suggestion
      ? [{ key: factor.factor, label: factorLabel(factor.factor, factor.label), gain: factor.suggestion.gain, change: suggestionChange(factor.suggestion.text) }]
      : [],
  );
  return {
    score: parsed.score,
    classification: parsed.classification,
    status: parsed.status,
    modelName: parsed.model_name ?? null,
    modelVersion: parsed.model_version ?? null,
    factors,
    suggestions,
  };
}
