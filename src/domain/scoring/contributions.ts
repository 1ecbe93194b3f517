/**
 * How a deal score explains itself (PRODUCT.md GOV-1, GOV-2): each factor's contribution in points
 * (they add up to the score), the points it could still earn, and what would raise the score most.
 * The numbers come from the database's score_deal; this module only orders and words them.
 */

/** The factors' names, as public.scoring_factor_catalog() and the database's messages give them. */
export const FACTOR_LABELS: Record<string, string> = {
  discount: "Discount",
  margin: "Margin",
  deal_size: "Deal size",
  term: "Term",
  payment_terms: "Payment terms",
  meddpicc: "MEDDPICC",
  engagement: "Engagement",
  days_in_stage: "Days in stage",
  competition: "Competition",
};

/** A factor's label: the model's own, else the default model's, else its key in words. */
export function factorLabel(key: string, label?: string | null) {
  if (label && label.trim()) return label;
  const known = FACTOR_LABELS[key];
  if (known) return known;
  const words = key.replace(/[_.-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export type FactorContribution = {
  key: string;
  label: string;
  /** The factor's weight in the model (the most points it can give; weights sum to 100). */
  weight: number;
  /** Points it gives this deal, 0..weight. */
  points: number;
  /** The deal's value for this factor, in words ("25 %", "net 60"), when the database says. */
  value?: string | null;
};

export type Suggestion = {
  key: string;
  label: string;
  /** Points the score would gain. */
  gain: number;
  /** The change that earns them ("Lower the discount from 25 % to 15 %"). */
  change: string;
};

const pointFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1, signDisplay: "exceptZero" });
const plainPointFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/** Points with their sign: "+8", "+2.5", "−3", "0" (a true minus sign, as screen readers say it). */
export function formatPoints(points: number) {
  if (!Number.isFinite(points)) return "—";
  // Round first so -0.04 does not read "-0".
  const rounded = Math.round(points * 10) / 10;
  return pointFormat.format(rounded === 0 ? 0 : rounded).replace("-", "−");
}

/** "8 of 15 points". */
export function formatContribution(points: number, weight: number) {
  return `${plainPointFormat.format(Math.round(points * 10) / 10)} of ${plainPointFormat.format(weight)} points`;
}

/** The contributions add up to the score (to the rounding of the score itself). */
export function contributionTotal(factors: readonly Pick<FactorContribution, "points">[]) {
  return Math.round(factors.reduce((sum, factor) => sum + factor.points, 0) * 10) / 10;
}

export type BreakdownRow = {
  key: string;
  label: string;
  /** Points earned. */
  points: number;
  /** Points the factor still leaves on the table (weight − points). */
  missed: number;
  weight: number;
  value: string | null;
};

/**
 * Rows for the breakdown chart, biggest weight first (ties by label), so the factors that matter
 * most sit on top; each bar is earned + missed = weight.
 */
export function breakdownRows(factors: readonly FactorContribution[]): BreakdownRow[] {
  return [...factors]
    .sort((a, b) => b.weight - a.weight || a.label.localeCompare(b.label))
    .map((factor) => {
      const points = clamp(factor.points, 0, Math.max(factor.weight, 0));
      return { key: factor.key, label: factor.label, points, missed: Math.max(factor.weight - points, 0), weight: factor.weight, value: factor.value ?? null };
    });
}

/** Suggestions worth showing: a real gain, biggest first, ties by label; at most `limit`. */
export function rankSuggestions(suggestions: readonly Suggestion[], limit = Infinity): Suggestion[] {
  return suggestions
    .filter((suggestion) => Number.isFinite(suggestion.gain) && suggestion.gain > 0.05 && suggestion.change.trim() !== "")
    .sort((a, b) => b.gain - a.gain || a.label.localeCompare(b.label))
    .slice(0, limit);
}

function clamp(value: number, min: number, max: number) {
  return Math.min(Math.max(value, min), max);
}
