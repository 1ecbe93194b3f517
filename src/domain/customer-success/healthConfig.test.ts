import { describe, expect, it } from "vitest";
import {
  DEFAULT_INDICATORS,
  enabledWeightTotal,
  fromConfigForm,
  healthConfigSchema,
  readBreakdown,
  toConfigForm,
  type HealthConfigForm,
} from "@/domain/customer-success/healthConfig";

const defaults = (): HealthConfigForm => toConfigForm({ indicators: DEFAULT_INDICATORS, healthy_min: 70, at_risk_min: 40, window_days: 30 });

function problems(values: HealthConfigForm) {
  const result = healthConfigSchema.safeParse(values);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), issue.message]));
}

describe("health score configuration rules (CS-2)", () => {
  it("accepts CS-2's default: 30 + 25 + 25 + 10 + 10 = 100", () => {
    expect(enabledWeightTotal(defaults().indicators)).toBe(100);
    expect(problems(defaults())).toEqual({});
  });

  it("refuses weights of enabled indicators that do not add up to 100, and ignores disabled ones", () => {
    const values = defaults();
    values.indicators.journey.weight = 15;
    expect(problems(values)).toEqual({ indicators: "The weights of the enabled indicators add up to 105, not 100." });
    values.indicators.journey.weight = 10;
    values.indicators.support_tickets.weight = 40; // disabled: does not count
    expect(problems(values)).toEqual({});
    values.indicators.support_tickets.enabled = true;
    expect(problems(values).indicators).toMatch(/add up to 140/);
  });

  it("refuses thresholds out of order", () => {
    const values = defaults();
    values.at_risk_min = 70;
    expect(problems(values)).toEqual({ at_risk_min: "The at-risk threshold must be below the healthy threshold." });
    values.at_risk_min = 0;
    expect(problems(values).at_risk_min).toBe("At least 1");
    values.at_risk_min = 40;
    values.healthy_min = 101;
    expect(problems(values).healthy_min).toBe("At most 100");
  });

  it("refuses login bands that do not go up in days and down in points", () => {
    const values = defaults();
    values.indicators.login_recency.bands[1]!.under_days = 3;
    expect(problems(values)["indicators.login_recency.bands.1.under_days"]).toMatch(/longer than the one before/);
    values.indicators.login_recency.bands[1]!.under_days = 7;
    values.indicators.login_recency.bands[2]!.points = 25;
    expect(problems(values)["indicators.login_recency.bands.2.points"]).toMatch(/must not go up/);
    values.indicators.login_recency.bands[2]!.points = 10;
    values.indicators.login_recency.bands[0]!.points = 35;
    expect(problems(values)["indicators.login_recency.bands.0.points"]).toMatch(/weight \(30\)/);
  });

  it("refuses a target outside 1-100 % and a ticket limit of 0, even on a disabled indicator (as the database does)", () => {
    const values = defaults();
    values.indicators.seat_utilisation.target_pct = 0;
    values.indicators.support_tickets.limit = 0;
    expect(problems(values)).toEqual({
      "indicators.seat_utilisation.target_pct": "The target is a share between 1 % and 100 %.",
      "indicators.support_tickets.limit": "The limit must be above 0.",
    });
  });

  it("edits shares as percentages and stores them as the database does", () => {
    const values = defaults();
    expect(values.indicators.feature_adoption.target_pct).toBe(50);
    values.indicators.feature_adoption.target_pct = 62.5;
    const stored = fromConfigForm(values);
    expect(stored.indicators.feature_adoption).toEqual({ enabled: true, weight: 25, target: 0.625 });
    expect(stored.indicators.login_recency).toEqual(DEFAULT_INDICATORS.login_recency);
    expect(stored.indicators.onboarding).toEqual({ enabled: true, weight: 10 });
    expect(toConfigForm({ ...stored, indicators: stored.indicators })).toEqual(values);
  });

  it("reads a stored breakdown in indicator order and skips malformed entries", () => {
    expect(
      readBreakdown({
        user_activity: { points: 12.5, weight: 25, value: 20, detail: "20 % of seats active" },
        login_recency: { points: 30, weight: 30, value: 1, detail: "Last login yesterday" },
        broken: { points: "x" },
      }),
    ).toEqual([
      { key: "login_recency", label: "Login recency", points: 30, weight: 30, value: 1, detail: "Last login yesterday" },
      { key: "user_activity", label: "User activity", points: 12.5, weight: 25, value: 20, detail: "20 % of seats active" },
    ]);
    expect(readBreakdown(null)).toEqual([]);
  });
});
