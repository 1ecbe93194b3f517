/**
 * Classification bands (GOV-1): a score falls in the first band, best first, whose minimum it
 * reaches. The database classifies; the UI uses this for the settings preview and for colour.
 */

export type ClassificationBand = { label: string; min_score: number };

/** The default model's bands. */
export const DEFAULT_BANDS: readonly ClassificationBand[] = [
  { label: "A", min_score: 75 },
  { label: "B", min_score: 55 },
  { label: "C", min_score: 35 },
  { label: "D", min_score: 0 },
];

/** Bands best first (highest minimum first). */
export function sortBands<Band extends ClassificationBand>(bands: readonly Band[]): Band[] {
  return [...bands].sort((a, b) => b.min_score - a.min_score);
}

/** The band's label a score falls in, or null if it is below every band. */
export function classify(score: number, bands: readonly ClassificationBand[]) {
  return sortBands(bands).find((band) => score >= band.min_score)?.label ?? null;
}

export type Tone = "best" | "good" | "fair" | "poor";

/**
 * How good a classification is, for its colour: by its rank among the model's bands (best first);
 * without bands, A/B/C/D by letter.
 */
export function classificationTone(classification: string | null | undefined, bandsBestFirst?: readonly string[]): Tone {
  const labels = bandsBestFirst?.length ? bandsBestFirst : DEFAULT_BANDS.map((band) => band.label);
  const index = classification ? labels.indexOf(classification) : -1;
  if (index < 0) return "poor";
  if (labels.length === 1) return "best";
  const position = index / (labels.length - 1);
  return position === 0 ? "best" : position <= 0.34 ? "good" : position < 1 ? "fair" : "poor";
}

export const TONE_CLASSES: Record<Tone, string> = {
  best: "bg-emerald-600 text-white",
  good: "bg-sky-600 text-white",
  fair: "bg-amber-500 text-black",
  poor: "bg-red-600 text-white",
};

/** The colour a chart uses for each band, by tone. */
export const TONE_FILLS: Record<Tone, string> = {
  best: "#059669",
  good: "#0284c7",
  fair: "#f59e0b",
  poor: "#dc2626",
};
