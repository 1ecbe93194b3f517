/**
 * Health status and its colour (PRODUCT.md CS-2, CS-5): healthy ≥ 70 green, at risk 40-69 yellow,
 * critical < 40 red by default; the thresholds are the organisation's (health_score_configs). The
 * database keeps each customer's status; this is what the UI shows for it, and the same rule for
 * a score the database has not stored yet (the settings page's preview).
 */
export type HealthStatus = "healthy" | "at_risk" | "critical";
export type HealthColour = "green" | "yellow" | "red";

export const HEALTH_STATUSES = ["healthy", "at_risk", "critical"] as const satisfies readonly HealthStatus[];

export type HealthThresholds = { healthyMin: number; atRiskMin: number };
export const DEFAULT_THRESHOLDS: HealthThresholds = { healthyMin: 70, atRiskMin: 40 };

export const HEALTH_LABELS: Record<HealthStatus, string> = {
  healthy: "Healthy",
  at_risk: "At risk",
  critical: "Critical",
};

const COLOURS: Record<HealthStatus, HealthColour> = { healthy: "green", at_risk: "yellow", critical: "red" };

/** Tailwind classes per colour: a tinted background with text that reads in light and dark themes. */
export const HEALTH_COLOUR_CLASSES: Record<HealthColour, { badge: string; dot: string; stroke: string }> = {
  green: {
    badge: "border-emerald-600/30 bg-emerald-500/15 text-emerald-800 dark:text-emerald-300",
    dot: "bg-emerald-500",
    stroke: "#10b981",
  },
  yellow: {
    badge: "border-amber-600/30 bg-amber-400/20 text-amber-900 dark:text-amber-200",
    dot: "bg-amber-400",
    stroke: "#f59e0b",
  },
  red: {
    badge: "border-red-600/30 bg-red-500/15 text-red-800 dark:text-red-300",
    dot: "bg-red-500",
    stroke: "#ef4444",
  },
};

export function isHealthStatus(value: unknown): value is HealthStatus {
  return typeof value === "string" && (HEALTH_STATUSES as readonly string[]).includes(value);
}

/** The status a score has under the thresholds (the database's rule: ≥ healthy_min, ≥ at_risk_min). */
export function healthStatusOf(score: number, thresholds: HealthThresholds = DEFAULT_THRESHOLDS): HealthStatus {
  if (score >= thresholds.healthyMin) return "healthy";
  if (score >= thresholds.atRiskMin) return "at_risk";
  return "critical";
}

/** What to show for a status: its colour and its words (colour is never the only signal). */
export function healthColour(status: HealthStatus | null | undefined): { colour: HealthColour | null; label: string } {
  if (!isHealthStatus(status)) return { colour: null, label: "Not scored" };
  return { colour: COLOURS[status], label: HEALTH_LABELS[status] };
}

/** "+4", "−12", "±0": a 7-day trend as a signed number, with a real minus sign. */
export function formatTrend(trend: number | null | undefined): string | null {
  if (trend === null || trend === undefined || !Number.isFinite(trend)) return null;
  if (trend === 0) return "±0";
  return trend > 0 ? `+${trend}` : `−${Math.abs(trend)}`;
}

/** A trend of -15 or worse in 7 days is CS-4's "score drop". */
export const SCORE_DROP_POINTS = 15;
export function isScoreDrop(trend: number | null | undefined): boolean {
  return typeof trend === "number" && trend <= -SCORE_DROP_POINTS;
}
