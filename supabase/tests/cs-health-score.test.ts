import type pg from "pg";
import { describe, expect, it } from "vitest";
import { SILENT, THRIVING, addCustomer, inScratchOrg, score, setUsage } from "../../tests/support/cs.ts";
import { adminSql } from "../../tests/support/sql.ts";

/**
 * The health score of CS-2 (private.health_scores: inputs and a configuration in, score, status
 * and breakdown out), its configuration rules, and what the daily computation derives from usage:
 * the 7-day trend, churn risk and expansion (CS-8), renewal risk (CS-7).
 */

type Input = Partial<{
  days_since_login: number | null;
  logins_recent: number;
  logins_prior: number;
  half_window: number;
  active_user_ratio: number;
  adoption_ratio: number;
  peak_seat_ratio: number;
  seats: number;
  peak_active_users: number;
  onboarding_done: number;
  onboarding_total: number;
  tickets_low: number;
  tickets_medium: number;
  tickets_high: number;
  tickets_critical: number;
  nps_promoters: number;
  nps_passives: number;
  nps_detractors: number;
  csat_responses: number;
  csat_total: number;
  payment_status: string | null;
}>;

/** Full marks under the default configuration. */
const PERFECT: Input = {
  days_since_login: 0, logins_recent: 10, logins_prior: 10, half_window: 15, active_user_ratio: 0.4, adoption_ratio: 0.5,
  peak_seat_ratio: 0.5, seats: 10, peak_active_users: 5, onboarding_done: 10, onboarding_total: 10,
  tickets_low: 0, tickets_medium: 0, tickets_high: 0, tickets_critical: 0, nps_promoters: 0, nps_passives: 0, nps_detractors: 0,
  csat_responses: 0, csat_total: 0, payment_status: "current",
};

type Scored = { score: number; status: string; breakdown: Record<string, { points: number; weight: number; value: number | null; detail: string }> };

async function scoreInput(input: Input, config?: { indicators?: unknown; healthy?: number; atRisk?: number }): Promise<Scored> {
  return adminSql(async (c) => {
    const { rows } = await c.query(
      `select s.score, s.status, s.breakdown from private.health_scores(coalesce($1::jsonb, public.default_health_indicators()), $2, $3,
         array[jsonb_populate_record(null::private.health_input, $4::jsonb)]) s`,
      [config?.indicators ? JSON.stringify(config.indicators) : null, config?.healthy ?? 70, config?.atRisk ?? 40,
       JSON.stringify({ customer_id: "00000000-0000-4000-8000-000000000001", day: "2026-06-15", ...PERFECT, ...input })],
    );
    return rows[0];
  });
}

describe("the health score (CS-2 default)", () => {
  it("gives a customer who does everything 100, healthy, and explains every indicator", async () => {
    const s = await scoreInput({});
    expect(s.score).toBe(100);
    expect(s.status).toBe("healthy");
    expect(Object.fromEntries(Object.entries(s.breakdown).map(([k, v]) => [k, [v.points, v.weight]]))).toEqual({
      login_recency: [30, 30], feature_adoption: [25, 25], user_activity: [25, 25], onboarding: [10, 10], journey: [10, 10],
    });
    expect(s.breakdown.login_recency!.detail).toBe("Logged in today");
    expect(s.breakdown.onboarding!.detail).toBe("10 of 10 onboarding tasks done");
    expect(s.breakdown.feature_adoption!.detail).toBe("50 % of the plan's features used on an average day (target 50 %)");
  });

  it.each([
    [0, 30], [2, 30], [3, 20], [6, 20], [7, 10], [13, 10], [14, 0], [90, 0], [null, 0],
  ])("login recency: last login %s days ago earns %s points", async (days, points) => {
    const s = await scoreInput({ days_since_login: days });
    expect(s.breakdown.login_recency!.points).toBe(points);
    expect(s.score).toBe(70 + points);
  });

  it.each([
    ["70 is healthy", { adoption_ratio: 0.4, active_user_ratio: 0 }, 70, "healthy"],
    ["69 is at risk", { adoption_ratio: 0.38, active_user_ratio: 0 }, 69, "at_risk"],
    ["40 is at risk", { days_since_login: 3, adoption_ratio: 0, active_user_ratio: 0 }, 40, "at_risk"],
    ["39 is critical", { days_since_login: 3, adoption_ratio: 0.18, active_user_ratio: 0, logins_recent: 0, logins_prior: 0 }, 39, "critical"],
    ["0 is critical", { days_since_login: null, adoption_ratio: 0, active_user_ratio: 0, logins_recent: 0, logins_prior: 0, onboarding_done: 0 }, 0, "critical"],
  ] as const)("status at the thresholds: %s", async (_name, input, expected, status) => {
    const s = await scoreInput(input);
    expect(s.score).toBe(expected);
    expect(s.status).toBe(status);
  });

  it("scores ratios against their targets and the journey as logins now against before", async () => {
    const s = await scoreInput({ adoption_ratio: 0.25, active_user_ratio: 0.1, logins_recent: 5, logins_prior: 20, onboarding_done: 3 });
    expect(s.breakdown.feature_adoption!.points).toBe(12.5);
    expect(s.breakdown.user_activity!.points).toBe(6.3); // 25 × 0.1 / 0.4 = 6.25, shown to one decimal
    expect(s.breakdown.journey!.points).toBe(2.5);
    expect(s.breakdown.journey!.detail).toBe("5 logins in the last 15 days against 20 in the 15 days before");
    expect(s.breakdown.onboarding!.points).toBe(3);
    expect(s.score).toBe(Math.round(30 + 12.5 + 6.25 + 2.5 + 3));
  });

  it("uses the organisation's weights, optional indicators and thresholds", async () => {
    const indicators = {
      login_recency: { enabled: true, weight: 30, bands: [{ under_days: 3, points: 30 }, { under_days: 7, points: 20 }, { under_days: 14, points: 10 }] },
      feature_adoption: { enabled: true, weight: 15, target: 0.5 },
      user_activity: { enabled: true, weight: 15, target: 0.4 },
      onboarding: { enabled: true, weight: 10 },
      journey: { enabled: true, weight: 10 },
      support_tickets: { enabled: true, weight: 10, limit: 20 },
      payment_health: { enabled: true, weight: 10 },
    };
    const s = await scoreInput({ payment_status: "late", tickets_high: 2 }, { indicators, healthy: 80, atRisk: 50 });
    expect(s.breakdown.payment_health!.points).toBe(5);
    expect(s.breakdown.payment_health!.detail).toBe("A payment is late");
    expect(s.breakdown.support_tickets!.points).toBe(6); // 2 high tickets weigh 8 of the limit 20
    expect(s.score).toBe(91);
    expect(s.status).toBe("healthy");
    const worse = await scoreInput({ payment_status: "overdue", tickets_critical: 3, days_since_login: 8 }, { indicators, healthy: 80, atRisk: 50 });
    expect(worse.score).toBe(60); // login 10 (8 days), adoption 15, activity 15, onboarding 10, journey 10, tickets 0 (24 of 20), payment 0
    expect(worse.status).toBe("at_risk");
  });

  it("scores NPS and CSAT answers, neutral without any", async () => {
    const indicators = {
      login_recency: { enabled: true, weight: 50, bands: [{ under_days: 7, points: 50 }] },
      nps_csat: { enabled: true, weight: 50 },
    };
    expect((await scoreInput({}, { indicators })).breakdown.nps_csat).toMatchObject({ points: 25, detail: "No NPS or CSAT answers (counted as neutral)" });
    const answered = await scoreInput({ nps_promoters: 3, nps_passives: 0, nps_detractors: 1, csat_responses: 2, csat_total: 9 }, { indicators });
    // NPS +50 → 0.75; CSAT 4.5 → 0.875; mean 0.8125 × 50
    expect(answered.breakdown.nps_csat).toMatchObject({ points: 40.6, value: 50, detail: "NPS 50 from 4 answers; CSAT 4.5 from 2 answers" });
  });
});

describe("the health configuration", () => {
  const problems = (indicators: unknown) =>
    adminSql(async (c) => (await c.query("select public.health_indicator_problems($1) as p", [JSON.stringify(indicators)])).rows[0].p as string[]);

  it("accepts CS-2's default and names what is wrong with a bad one", async () => {
    expect(await adminSql(async (c) => (await c.query("select public.health_indicator_problems(public.default_health_indicators()) as p")).rows[0].p)).toEqual([]);
    expect(await problems({ login_recency: { enabled: true, weight: 95, bands: [{ under_days: 3, points: 95 }] } })).toEqual([
      "the weights of the enabled indicators add up to 95, not 100",
    ]);
    expect(await problems({ mood: { enabled: true, weight: 100 } })).toEqual(['unknown indicator "mood"', "the weights of the enabled indicators add up to 0, not 100"]);
    expect(await problems({ login_recency: { enabled: true, weight: 100, bands: [{ under_days: 7, points: 50 }, { under_days: 3, points: 100 }] } })).toEqual([
      "login_recency: bands must go up in days, each under 366",
    ]);
    expect(await problems({ feature_adoption: { enabled: true, weight: 100, target: 2 } })).toEqual(["feature_adoption: target must be a share between 0.01 and 1"]);
  });

  it("refuses an invalid configuration with the same sentences, and counts versions", async () => {
    await inScratchOrg(async (c, s) => {
      const before = (await c.query("select version from public.health_score_configs where org_id = $1", [s.org])).rows[0].version;
      await c.query("savepoint bad");
      const error = await c
        .query(`update public.health_score_configs set indicators = jsonb_set(indicators, '{journey,weight}', '5') where org_id = $1`, [s.org])
        .catch((e: { code: string; message: string }) => e);
      await c.query("rollback to savepoint bad");
      expect(error).toMatchObject({ code: "23514", message: "invalid health score configuration: the weights of the enabled indicators add up to 95, not 100" });
      await c.query("update public.health_score_configs set healthy_min = 75 where org_id = $1", [s.org]);
      expect((await c.query("select version from public.health_score_configs where org_id = $1", [s.org])).rows[0].version).toBe(before + 1);
    });
  });
});

/** Days as the database's current_date counts them (UTC): renewals are rated as of today. */
const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const DAY = dayOffset(0);
const SINCE = dayOffset(-500);
const WINDOW_START = dayOffset(-75);

async function health(c: pg.Client, customer: string) {
  const { rows } = await c.query(
    "select health_score, health_status, health_trend_7d, churn_risk, churn_factors, expansion_score, expansion_factors from public.customers where id = $1",
    [customer],
  );
  return rows[0];
}

describe("what the daily computation derives", () => {
  it("detects a drop of 15 points within 7 days, and not one of 14", async () => {
    await inScratchOrg(async (c, s) => {
      const dropping = await addCustomer(c, s, { since: SINCE });
      const slipping = await addCustomer(c, s, { since: SINCE });
      for (const customer of [dropping, slipping]) {
        await c.query(
          `insert into public.customer_health_scores (org_id, customer_id, day, score, status, breakdown, config_version)
           select $1, $2, d, case when d = $3::date - 4 then 95 else 80 end, 'healthy', '{}', 1 from generate_series($3::date - 7, $3::date - 1, interval '1 day') d`,
          [s.org, customer, DAY],
        );
      }
      // Everything but user activity: 75, 20 under the best score of the week (95, four days ago).
      await setUsage(c, s, dropping, WINDOW_START, DAY, () => ({ ...THRIVING, active_users: 0 }));
      await setUsage(c, s, slipping, WINDOW_START, DAY, () => ({ ...THRIVING, active_users: 0, features_used: 10 }));
      await score(c, s, DAY);
      const d = await health(c, dropping);
      expect(d.health_score).toBe(75);
      expect(d.health_trend_7d).toBe(-20);
      expect(d.churn_factors).toContainEqual({ factor: "score_drop", points: 15, detail: "Health fell 20 points in 7 days" });
      // A fall of 14: the best of the week was 89.
      await c.query("update public.customer_health_scores set score = least(score, 89) where customer_id = $1 and day < $2", [slipping, DAY]);
      await score(c, s, DAY);
      const after = await health(c, slipping);
      expect(after.health_trend_7d).toBe(-14);
      expect(after.churn_factors.map((f: { factor: string }) => f.factor)).not.toContain("score_drop");
    });
  });

  it("explains churn risk and expansion with readable factors", async () => {
    await inScratchOrg(async (c, s) => {
      const leaving = await addCustomer(c, s, { since: SINCE });
      const growing = await addCustomer(c, s, { since: SINCE });
      await setUsage(c, s, leaving, WINDOW_START, DAY, (_d, ago) =>
        ago < 25 ? { ...SILENT, tickets_critical: ago === 3 ? 1 : 0, payment_status: "overdue", nps_detractors: ago === 5 ? 2 : 0 } : THRIVING);
      await setUsage(c, s, growing, WINDOW_START, DAY, (_d, ago) => ({ ...THRIVING, active_users: 10, features_used: 9, logins: ago < 15 ? 30 : 20, nps_promoters: ago === 2 ? 3 : 0 }));
      await score(c, s, DAY);
      const l = await health(c, leaving);
      expect(l.health_status).toBe("critical");
      expect(l.churn_factors).toEqual([
        { factor: "health", points: 25, detail: `Health is critical (${l.health_score})` },
        { factor: "payment", points: 20, detail: "Payment overdue" },
        { factor: "logins_down", points: 15, detail: "Logins down 100 % on the previous 15 days" },
        { factor: "no_login", points: 15, detail: "No login for 25 days" },
        { factor: "critical_tickets", points: 10, detail: "1 critical support tickets" },
        { factor: "nps", points: 10, detail: "Negative NPS (-100)" },
      ]);
      expect(l.churn_risk).toBe(95);
      expect(l.expansion_score).toBe(0);
      const g = await health(c, growing);
      expect(g.expansion_factors.map((f: { factor: string }) => f.factor)).toEqual(["seat_expansion", "plan_upgrade", "healthy", "promoters", "usage_growth"]);
      expect(g.expansion_factors[0].detail).toBe("10 of 10 seats in use at the peak: room to add seats");
      expect(g.expansion_score).toBe(100);
      expect(g.churn_risk).toBe(0);
    });
  });

  it("rates a renewal's risk from health, usage trend and support load when it is created, and the job keeps it current", async () => {
    await inScratchOrg(async (c, s) => {
      const customer = await addCustomer(c, s, { since: SINCE });
      await setUsage(c, s, customer, WINDOW_START, DAY, (_d, ago) => (ago < 15 ? { ...SILENT, tickets_high: 1 } : THRIVING));
      await score(c, s, DAY);
      const { rows } = await c.query(
        "insert into public.renewals (org_id, customer_id, renewal_date, current_value) values ($1, $2, current_date + 40, 12000) returning id",
        [s.org, customer],
      );
      const renewal = (await c.query("select risk_level, risk_score, risk_factors from public.renewals where id = $1", [rows[0].id])).rows[0];
      expect(renewal.risk_level).toBe("high");
      expect(renewal.risk_factors.map((f: { factor: string }) => f.factor)).toEqual(["health", "usage_trend", "support_load"]);
      expect(renewal.risk_factors[1]).toEqual({ factor: "usage_trend", points: 30, detail: "Logins down 100 % on the previous 15 days" });
      // Usage recovers; the next day's run lowers the risk of the open renewal.
      await setUsage(c, s, customer, WINDOW_START, dayOffset(1), () => THRIVING);
      await score(c, s, dayOffset(1));
      const later = (await c.query("select risk_level from public.renewals where id = $1", [rows[0].id])).rows[0];
      expect(later.risk_level).toBe("low");
    });
  });
});
