/**
 * Governance metrics (PRODUCT.md GOV-5, AN-4, AN-5; supabase/migrations/*_gov_metrics.sql) on data
 * arranged in a period of their own (2031), so the demo's rows do not count: approval cycle time,
 * exception rate, discount leakage, score distribution and classification trend, scoped by row
 * level security; and the scoring preview, which changes nothing.
 */
import type pg from "pg";
import { describe, expect, it } from "vitest";
import { REP_ACCOUNT, attempt, pipelineNamed } from "../../tests/support/crm.ts";
import { ORG, USER } from "../../tests/support/demo.ts";
import { defaultDefinition } from "../../tests/support/governance.ts";
import { adminSql, createAuthUser } from "../../tests/support/sql.ts";

/** Arranges as the database owner, then acts as `user`, in one transaction that is rolled back. */
async function arranged<T>(arrange: (c: pg.Client) => Promise<void>, user: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  return adminSql(async (c) => {
    await c.query("begin");
    try {
      await arrange(c);
      await c.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: user, role: "authenticated" })]);
      await c.query("set local role authenticated");
      return await work(c);
    } finally {
      await c.query("rollback");
    }
  });
}

const PERIOD = ["2031-01-01T00:00:00Z", "2031-03-01T00:00:00Z"];

/** A deal of `owner` in the Sales pipeline, closed won at `closedAt` (or open), with the given terms. */
async function deal(c: pg.Client, owner: string, fields: Record<string, unknown>, closedAt: string | null = null): Promise<string> {
  const sales = await pipelineNamed(c, "Sales");
  const values = { org_id: ORG.acme, owner_id: owner, account_id: REP_ACCOUNT, pipeline_id: sales.id, stage_id: sales.stage.Lead, name: "Metric deal", ...fields };
  const cols = Object.keys(values);
  const { rows } = await c.query(
    `insert into public.deals (${cols.join(", ")}) values (${cols.map((_, i) => `$${i + 1}`).join(", ")}) returning id`,
    Object.values(values),
  );
  const id = rows[0].id as string;
  if (closedAt) {
    await c.query("set local session_replication_role = replica"); // close it in the past without the stage rules
    await c.query("update public.deals set stage_id = $2, status = 'won', closed_at = $3, stage_entered_at = $3 where id = $1", [id, sales.stage["Closed Won"], closedAt]);
    await c.query("update public.deal_scores set status = 'won' where deal_id = $1", [id]);
    await c.query("set local session_replication_role = origin");
  }
  return id;
}

/** A request of the discount policy on `dealId`, decided `hours` after it was raised. */
async function decidedRequest(c: pg.Client, dealId: string, status: string, raisedAt: string, hours: number, exception = false) {
  await c.query("delete from public.approval_requests where deal_id = $1", [dealId]); // the one its discount raised today
  const { rows } = await c.query(
    `insert into public.approval_requests (org_id, deal_id, policy_id, status, deal_values, created_at, decided_at)
     select $1, $2, p.id, $3, '{}', $4::timestamptz, $4::timestamptz + make_interval(hours => $5) from public.approval_policies p where p.name = 'Discounts above 20 %'
     returning id, policy_id`,
    [ORG.acme, dealId, status, raisedAt, hours],
  );
  if (exception) {
    await c.query(
      `insert into public.approval_exceptions (org_id, request_id, deal_id, policy_id, reason, granted_by, deal_values)
       values ($1, $2, $3, $4, 'Strategic account, agreed with finance', $5, '{}')`,
      [ORG.acme, rows[0].id, dealId, rows[0].policy_id, USER.executive],
    );
  }
}

describe("approval cycle time", () => {
  it("median and p90 hours from request to decision, per month and for the period", async () => {
    const rows = await arranged(
      async (c) => {
        const hours = [1, 2, 3, 4, 10];
        for (const [i, h] of hours.entries()) {
          const id = await deal(c, USER.rep, { discount_pct: 25 });
          await decidedRequest(c, id, ["approved", "approved", "rejected", "overridden", "approved"][i]!, `2031-01-${10 + i}T09:00:00Z`, h);
        }
        const late = await deal(c, USER.repWest, { discount_pct: 25 });
        await decidedRequest(c, late, "approved", "2031-02-03T09:00:00Z", 48);
      },
      USER.executive,
      async (c) => (await c.query("select bucket::text, decided, approved, rejected, overridden, median_hours, p90_hours from public.approval_cycle_times($1, $2, 'month')", PERIOD)).rows,
    );
    expect(rows).toEqual([
      { bucket: "2031-01-01", decided: "5", approved: "3", rejected: "1", overridden: "1", median_hours: "3.0", p90_hours: "7.6" },
      { bucket: "2031-02-01", decided: "1", approved: "1", rejected: "0", overridden: "0", median_hours: "48.0", p90_hours: "48.0" },
      { bucket: null, decided: "6", approved: "4", rejected: "1", overridden: "1", median_hours: "3.5", p90_hours: "29.0" },
    ]);
  });
});

describe("exception rate and discount leakage", () => {
  const arrange = async (c: pg.Client) => {
    // January: three won deals of the rep, one through an exception; February: one of West's
    const a = await deal(c, USER.rep, { discount_pct: 30, list_price: 100_000, amount: 70_000 }, "2031-01-10T10:00:00Z");
    await decidedRequest(c, a, "overridden", "2031-01-05T10:00:00Z", 5, true);
    const b = await deal(c, USER.rep, { discount_pct: 25, amount: 75_000 }, "2031-01-20T10:00:00Z");
    await decidedRequest(c, b, "approved", "2031-01-15T10:00:00Z", 5);
    await deal(c, USER.rep, { discount_pct: 10, list_price: 50_000, amount: 45_000 }, "2031-01-25T10:00:00Z");
    await deal(c, USER.repWest, { discount_pct: 22, list_price: 10_000, amount: 7_800 }, "2031-02-02T10:00:00Z");
  };

  it("counts won deals and the ones that needed an exception, per month and for the period", async () => {
    const rows = await arranged(arrange, USER.executive, async (c) => (await c.query("select bucket::text, won_deals, with_exception, rate from public.exception_rate($1, $2, 'month')", PERIOD)).rows);
    expect(rows).toEqual([
      { bucket: "2031-01-01", won_deals: "3", with_exception: "1", rate: "0.3333" },
      { bucket: "2031-02-01", won_deals: "1", with_exception: "0", rate: "0.0000" },
      { bucket: null, won_deals: "4", with_exception: "1", rate: "0.2500" },
    ]);
  });

  it("measures the discount granted beyond the policies' limit in money (list price × excess)", async () => {
    const rows = await arranged(arrange, USER.executive, async (c) => (await c.query("select bucket::text, won_deals, over_limit, discount_limit, leakage, leakage_with_exception from public.discount_leakage($1, $2, 'month')", PERIOD)).rows);
    // limit 20 %: 100,000 × 10 % = 10,000 (with an exception); 75,000 / 0.75 × 5 % = 5,000; February 10,000 × 2 % = 200
    expect(rows).toEqual([
      { bucket: "2031-01-01", won_deals: "3", over_limit: "2", discount_limit: "20.00", leakage: "15000.00", leakage_with_exception: "10000.00" },
      { bucket: "2031-02-01", won_deals: "1", over_limit: "1", discount_limit: "20.00", leakage: "200.00", leakage_with_exception: "0" },
      { bucket: null, won_deals: "4", over_limit: "3", discount_limit: "20.00", leakage: "15200.00", leakage_with_exception: "10000.00" },
    ]);
  });

  it("is scoped like the deals: a rep measures their own, a manager their team's", async () => {
    const rep = await arranged(arrange, USER.rep, async (c) => (await c.query("select won_deals from public.exception_rate($1, $2) where bucket is null", PERIOD)).rows);
    expect(rep).toEqual([{ won_deals: "3" }]);
    const west = await arranged(arrange, USER.managerWest, async (c) => (await c.query("select won_deals, leakage from public.discount_leakage($1, $2) where bucket is null", PERIOD)).rows);
    expect(west).toEqual([{ won_deals: "1", leakage: "200.00" }]);
  });
});

describe("score distribution and classification trend", () => {
  it("buckets the scores of deals won in a period, every bucket listed", async () => {
    const rows = await arranged(
      async (c) => {
        for (const [i, score] of [5, 42, 47, 90, 100].entries()) {
          const id = await deal(c, USER.rep, { amount: 1000 * (i + 1) }, `2031-01-${10 + i}T10:00:00Z`);
          await c.query("update public.deal_scores set score = $2 where deal_id = $1", [id, score]);
        }
      },
      USER.executive,
      async (c) => (await c.query("select bucket_start, bucket_end, deals, amount from public.score_distribution('won', $1, $2, 20)", PERIOD)).rows,
    );
    expect(rows).toEqual([
      { bucket_start: 0, bucket_end: 19, deals: "1", amount: "1000.00" },
      { bucket_start: 20, bucket_end: 39, deals: "0", amount: "0" },
      { bucket_start: 40, bucket_end: 59, deals: "2", amount: "5000.00" },
      { bucket_start: 60, bucket_end: 79, deals: "0", amount: "0" },
      { bucket_start: 80, bucket_end: 100, deals: "2", amount: "9000.00" },
    ]);
  });

  it("the open pipeline's distribution covers exactly the open deals the caller reads", async () => {
    const counts = await arranged(async () => {}, USER.rep, async (c) => {
      const histogram = await c.query("select sum(deals)::int as n from public.score_distribution()");
      const open = await c.query("select count(*)::int as n from public.deals where status = 'open'");
      return [histogram.rows[0].n, open.rows[0].n];
    });
    expect(counts[0]).toBe(counts[1]);
    expect(counts[0]).toBeGreaterThan(0);
  });

  it("counts each deal open at a week's end with the class it had then", async () => {
    // a deal of a rep who owns no other: the trend they read is this deal's alone
    const loner = await createAuthUser({ org_id: ORG.acme, role: "rep" }, { full_name: "Lonny Loner" });
    const rows = await arranged(
      async (c) => {
        const id = await deal(c, loner, { amount: 5000 });
        await c.query("update public.deals set created_at = '2030-12-20T00:00:00Z' where id = $1", [id]);
        await c.query("delete from public.deal_score_history where deal_id = $1", [id]);
        await c.query(
          `insert into public.deal_score_history (org_id, deal_id, score, classification, model_version, reason, scored_at) values
             ($1, $2, 40, 'D', 1, 'created', '2030-12-20T00:00:00Z'), ($1, $2, 70, 'B', 1, 'deal_change', '2031-01-15T12:00:00Z')`,
          [ORG.acme, id],
        );
        await c.query("set local session_replication_role = replica");
        await c.query("update public.deals set status = 'lost', closed_at = '2031-01-28T00:00:00Z' where id = $1", [id]);
        await c.query("set local session_replication_role = origin");
      },
      loner,
      async (c) => (await c.query("select bucket::text, classification, deals, amount from public.classification_trend('2031-01-05', '2031-02-02', 'week')")).rows,
    );
    // weeks from Monday 30 Dec 2030 (the 5th falls in it); each counted at its end: D until the
    // score moved on the 15th, then B; lost on the 28th, so not open at the last week's end
    expect(rows).toEqual([
      { bucket: "2030-12-30", classification: "D", deals: "1", amount: "5000.00" },
      { bucket: "2031-01-06", classification: "D", deals: "1", amount: "5000.00" },
      { bucket: "2031-01-13", classification: "B", deals: "1", amount: "5000.00" },
      { bucket: "2031-01-20", classification: "B", deals: "1", amount: "5000.00" },
    ]);
  });
});

describe("bad parameters", () => {
  const CASES: [string, unknown[], string][] = [
    ["select * from public.approval_cycle_times($1, $2, 'month')", [PERIOD[1], PERIOD[0]], "invalid_period"],
    ["select * from public.exception_rate($1, $2, 'day')", PERIOD, "invalid_grain"],
    ["select * from public.discount_leakage($1, $2, 'month')", ["2020-01-01", "2031-01-01"], "invalid_period"],
    ["select * from public.score_distribution('open', null, null, 7)", [], "invalid_bucket_width"],
    ["select * from public.score_distribution('forgotten')", [], "invalid_scope"],
    ["select * from public.score_distribution('won')", [], "invalid_period"],
  ];
  for (const [sql, params, hint] of CASES) {
    it(`${sql.replace(/select \* from public\./, "")} with ${JSON.stringify(params)} is refused (${hint})`, async () => {
      const refusal = await arranged(async () => {}, USER.executive, async (c) => (await attempt(c, sql, params)).refusal);
      expect(refusal).toMatchObject({ code: "22023", hint });
    });
  }
});

describe("the scoring preview (Settings → Scoring)", () => {
  it("shows the distribution a proposed model would give next to today's, and saves nothing", async () => {
    const defaults = await defaultDefinition();
    const result = await arranged(async () => {}, USER.admin, async (c) => {
      const models = async () => (await c.query("select count(*)::int as n from public.scoring_models")).rows[0].n;
      const before = await models();
      const same = (await c.query("select public.preview_scoring_model($1) as p", [JSON.stringify(defaults)])).rows[0].p;
      const harsher = { ...defaults, factors: { ...defaults.factors, discount: { ...defaults.factors.discount!, weight: 0 }, margin: { ...defaults.factors.margin!, weight: 35 } } };
      const other = (await c.query("select public.preview_scoring_model($1, 100) as p", [JSON.stringify(harsher)])).rows[0].p;
      return { same, other, saved: (await models()) - before };
    });
    expect(result.saved).toBe(0);
    expect(result.same.sampled).toBe(false);
    expect(result.same.proposed.histogram).toEqual(result.same.current.histogram);
    expect(result.same).toMatchObject({ changed_class: 0, average_change: 0, bucket_width: 10 });
    expect(result.same.proposed.histogram.reduce((n: number, b: { deals: number }) => n + b.deals, 0)).toBe(result.same.deals);
    expect(result.other.sampled).toBe(true);
    expect(result.other.proposed.histogram.reduce((n: number, b: { deals: number }) => n + b.deals, 0)).toBe(100);
    expect(result.other.proposed.histogram).not.toEqual(result.other.current.histogram);
  });

  it("is for admins, and a model that does not add up is refused with the save's message", async () => {
    const defaults = await defaultDefinition();
    const rep = await arranged(async () => {}, USER.manager, async (c) => (await attempt(c, "select public.preview_scoring_model($1)", [JSON.stringify(defaults)])).refusal);
    expect(rep).toMatchObject({ code: "42501" });
    const bad = { ...defaults, factors: { ...defaults.factors, term: { ...defaults.factors.term!, weight: 5 } } };
    const refused = await arranged(async () => {}, USER.admin, async (c) => (await attempt(c, "select public.preview_scoring_model($1)", [JSON.stringify(bad)])).refusal);
    expect(refused).toMatchObject({ code: "23514", message: "The weights must add up to 100; they add up to 95", hint: "weights_sum" });
  });
});
