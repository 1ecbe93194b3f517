/**
 * Readable reasons behind a score (PRODUCT.md CS-8, CS-7): churn risk, expansion and renewal risk
 * are stored with their factors as JSON arrays of { factor, points, detail }, biggest first. This
 * reads them defensively, so a malformed entry never breaks a page.
 */
export type ScoreFactor = { factor: string; points: number; detail: string };

export function readFactors(raw: unknown): ScoreFactor[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .flatMap((item) => {
      if (!item || typeof item !== "object") return [];
      const entry = item as Record<string, unknown>;
      const points = Number(entry.points);
      if (typeof entry.factor !== "string" || !Number.isFinite(points)) return [];
      return [{ factor: entry.factor, points, detail: typeof entry.detail === "string" && entry.detail ? entry.detail : entry.factor.replaceAll("_", " ") }];
    })
    .sort((a, b) => b.points - a.points || a.factor.localeCompare(b.factor));
}

/** Churn risk and expansion bands for the badge: 0-100, higher is more. */
export type ScoreBand = "low" | "medium" | "high";

export function scoreBand(score: number | null | undefined): ScoreBand | null {
  if (score === null || score === undefined || !Number.isFinite(score)) return null;
  if (score >= 60) return "high";
  if (score >= 30) return "medium";
  return "low";
}

export const SCORE_BAND_LABELS: Record<ScoreBand, string> = { low: "Low", medium: "Medium", high: "High" };
