/**
 * The health score's configuration (PRODUCT.md CS-2) as the settings page edits it: which
 * indicators count, their weights, their targets and the status thresholds. The rules mirror
 * public.health_indicator_problems() and health_score_configs' checks, so the form refuses what the
 * database would (weights of the enabled indicators add up to 100, thresholds in order, login
 * bands going up in days and down in points); the database still has the last word.
 *
 * The form holds shares as percentages (50 for 0.5); toConfigForm / fromConfigForm convert.
 */
import { z } from "zod";

export const INDICATOR_KEYS = [
  "login_recency",
  "feature_adoption",
  "user_activity",
  "onboarding",
  "journey",
  "support_tickets",
  "nps_csat",
  "payment_health",
  "seat_utilisation",
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

type IndicatorInfo = {
  label: string;
  description: string;
  /** The extra setting the indicator takes. */
  param?: "bands" | "target" | "limit";
};

export const INDICATORS: Record<IndicatorKey, IndicatorInfo> = {
  login_recency: { label: "Login recency", description: "Points by days since anyone from the customer last signed in.", param: "bands" },
  feature_adoption: {
    label: "Feature adoption",
    description: "Share of the plan's features used on an average day; full points at the target.",
    param: "target",
  },
  user_activity: { label: "User activity", description: "Share of seats active on an average day; full points at the target.", param: "target" },
  onboarding: { label: "Onboarding", description: "Share of the onboarding tasks done." },
  journey: { label: "Journey performance", description: "Logins in the recent half of the window against the half before." },
  support_tickets: {
    label: "Support tickets",
    description: "Tickets weighted by severity (low 1, medium 2, high 4, critical 8); every point is lost at the limit.",
    param: "limit",
  },
  nps_csat: { label: "NPS / CSAT", description: "Survey answers; none counts as neutral." },
  payment_health: { label: "Payment health", description: "Current pays in full, late half, overdue or failed nothing." },
  seat_utilisation: { label: "Seat utilisation", description: "Peak share of seats in use; full points at the target.", param: "target" },
};

/** What the database stores per indicator (health_score_configs.indicators). */
export type StoredIndicator = {
  enabled: boolean;
  weight: number;
  target?: number;
  limit?: number;
  bands?: { under_days: number; points: number }[];
};
export type StoredIndicators = Partial<Record<IndicatorKey, StoredIndicator>>;

export type StoredHealthConfig = {
  indicators: StoredIndicators;
  healthy_min: number;
  at_risk_min: number;
  window_days: number;
};

/** CS-2's starting default, as public.default_health_indicators() has it. */
export const DEFAULT_INDICATORS: Record<IndicatorKey, StoredIndicator> = {
  login_recency: {
    enabled: true,
    weight: 30,
    bands: [
      { under_days: 3, points: 30 },
      { under_days: 7, points: 20 },
      { under_days: 14, points: 10 },
    ],
  },
  feature_adoption: { enabled: true, weight: 25, target: 0.5 },
  user_activity: { enabled: true, weight: 25, target: 0.4 },
  onboarding: { enabled: true, weight: 10 },
  journey: { enabled: true, weight: 10 },
  support_tickets: { enabled: false, weight: 0, limit: 20 },
  nps_csat: { enabled: false, weight: 0 },
  payment_health: { enabled: false, weight: 0 },
  seat_utilisation: { enabled: false, weight: 0, target: 0.8 },
};

const number = (message = "Enter a number") => z.number({ error: message }).refine(Number.isFinite, { error: message });

const bandSchema = z.object({
  under_days: number().int({ error: "Use whole days" }),
  points: number(),
});

const indicatorSchema = z.object({
  enabled: z.boolean(),
  weight: number().int({ error: "Use a whole number" }).min(0, { error: "At least 0" }).max(100, { error: "At most 100" }),
  /** Percent (1-100) for target indicators; null otherwise. */
  target_pct: number().nullable(),
  limit: number().nullable(),
  bands: z.array(bandSchema),
});

export type IndicatorForm = z.input<typeof indicatorSchema>;

/** The sum of the enabled indicators' weights (what must be 100). */
export function enabledWeightTotal(indicators: Partial<Record<IndicatorKey, Pick<IndicatorForm, "enabled" | "weight">>>): number {
  return INDICATOR_KEYS.reduce((total, key) => {
    const indicator = indicators[key];
    return indicator?.enabled && Number.isFinite(indicator.weight) ? total + indicator.weight : total;
  }, 0);
}

export const healthConfigSchema = z
  .object({
    indicators: z.object(Object.fromEntries(INDICATOR_KEYS.map((key) => [key, indicatorSchema])) as Record<IndicatorKey, typeof indicatorSchema>),
    healthy_min: number().int({ error: "Use a whole number" }).min(1, { error: "At least 1" }).max(100, { error: "At most 100" }),
    at_risk_min: number().int({ error: "Use a whole number" }).min(1, { error: "At least 1" }).max(99, { error: "At most 99" }),
    window_days: number().int({ error: "Use whole days" }).min(7, { error: "At least 7 days" }).max(90, { error: "At most 90 days" }),
  })
  .superRefine((values, ctx) => {
    const total = enabledWeightTotal(values.indicators);
    if (total !== 100) {
      ctx.addIssue({ code: "custom", path: ["indicators"], message: `The weights of the enabled indicators add up to ${total}, not 100.` });
    }
    if (!(values.at_risk_min < values.healthy_min)) {
      ctx.addIssue({ code: "custom", path: ["at_risk_min"], message: "The at-risk threshold must be below the healthy threshold." });
    }
    for (const key of INDICATOR_KEYS) {
      const indicator = values.indicators[key];
      const param = INDICATORS[key].param;
      if (param === "target") {
        const target = indicator.target_pct;
        if (target === null || target < 1 || target > 100) {
          ctx.addIssue({ code: "custom", path: ["indicators", key, "target_pct"], message: "The target is a share between 1 % and 100 %." });
        }
      }
      if (param === "limit" && (indicator.limit === null || !(indicator.limit > 0))) {
        ctx.addIssue({ code: "custom", path: ["indicators", key, "limit"], message: "The limit must be above 0." });
      }
      if (param === "bands") bandIssues(indicator).forEach((issue) => ctx.addIssue({ code: "custom", ...issue }));
    }
  });

export type HealthConfigForm = z.input<typeof healthConfigSchema>;

/** Login recency's bands: 1 to 10, days going up (each under 366), points going down from at most the weight to at least 0. */
function bandIssues(indicator: IndicatorForm): { path: (string | number)[]; message: string }[] {
  const base = ["indicators", "login_recency", "bands"];
  if (indicator.bands.length < 1 || indicator.bands.length > 10) return [{ path: base, message: "Use 1 to 10 bands." }];
  let lastDays = 0;
  let lastPoints = indicator.weight;
  for (const [index, band] of indicator.bands.entries()) {
    if (!(band.under_days > lastDays) || band.under_days > 365) {
      return [{ path: [...base, index, "under_days"], message: index === 0 ? "Between 1 and 365 days." : "Each band must be longer than the one before (at most 365 days)." }];
    }
    if (band.points < 0 || band.points > lastPoints) {
      return [{ path: [...base, index, "points"], message: index === 0 ? `Between 0 and the weight (${indicator.weight}).` : "Points must not go up in a later band." }];
    }
    lastDays = band.under_days;
    lastPoints = band.points;
  }
  return [];
}

const percent = (share: number | undefined) => (share === undefined ? null : Math.round(share * 1000) / 10);

/** The stored configuration as the form's values; indicators the organisation lacks take the default. */
export function toConfigForm(config: StoredHealthConfig): HealthConfigForm {
  const indicators = Object.fromEntries(
    INDICATOR_KEYS.map((key) => {
      const stored = { ...DEFAULT_INDICATORS[key], ...config.indicators[key] };
      return [
        key,
        {
          enabled: stored.enabled,
          weight: stored.weight,
          target_pct: INDICATORS[key].param === "target" ? percent(stored.target ?? DEFAULT_INDICATORS[key].target) : null,
          limit: INDICATORS[key].param === "limit" ? (stored.limit ?? DEFAULT_INDICATORS[key].limit ?? null) : null,
          bands: INDICATORS[key].param === "bands" ? (stored.bands ?? DEFAULT_INDICATORS[key].bands ?? []).map((b) => ({ ...b })) : [],
        } satisfies IndicatorForm,
      ];
    }),
  ) as Record<IndicatorKey, IndicatorForm>;
  return { indicators, healthy_min: config.healthy_min, at_risk_min: config.at_risk_min, window_days: config.window_days };
}

/** The form's values as the database stores them. */
export function fromConfigForm(values: HealthConfigForm): StoredHealthConfig {
  const indicators: StoredIndicators = {};
  for (const key of INDICATOR_KEYS) {
    const form = values.indicators[key];
    const param = INDICATORS[key].param;
    const stored: StoredIndicator = { enabled: form.enabled, weight: form.weight };
    if (param === "target" && form.target_pct !== null) stored.target = Math.round(form.target_pct * 10) / 1000;
    if (param === "limit" && form.limit !== null) stored.limit = form.limit;
    if (param === "bands") stored.bands = form.bands.map((b) => ({ under_days: b.under_days, points: b.points }));
    indicators[key] = stored;
  }
  return { indicators, healthy_min: values.healthy_min, at_risk_min: values.at_risk_min, window_days: values.window_days };
}

/** One indicator's line of a score's breakdown (customer_health_scores.breakdown). */
export type BreakdownEntry = { key: string; label: string; points: number; weight: number; value: number | null; detail: string };

/** A stored breakdown as rows in the settings' indicator order, unknown keys last; bad entries are skipped. */
export function readBreakdown(breakdown: unknown): BreakdownEntry[] {
  if (!breakdown || typeof breakdown !== "object" || Array.isArray(breakdown)) return [];
  const entries = Object.entries(breakdown as Record<string, unknown>).flatMap(([key, raw]) => {
    if (!raw || typeof raw !== "object") return [];
    const entry = raw as Record<string, unknown>;
    const points = Number(entry.points);
    const weight = Number(entry.weight);
    if (!Number.isFinite(points) || !Number.isFinite(weight)) return [];
    const value = entry.value === null || entry.value === undefined ? null : Number(entry.value);
    return [
      {
        key,
        label: INDICATORS[key as IndicatorKey]?.label ?? key.replaceAll("_", " "),
        points,
        weight,
        value: value !== null && Number.isFinite(value) ? value : null,
        detail: typeof entry.detail === "string" ? entry.detail : "",
      },
    ];
  });
  const order = (key: string) => {
    const index = (INDICATOR_KEYS as readonly string[]).indexOf(key);
    return index === -1 ? INDICATOR_KEYS.length : index;
  };
  return entries.sort((a, b) => order(a.key) - order(b.key) || a.key.localeCompare(b.key));
}
