import type pg from "pg";
import { describe, expect, it } from "vitest";
import { ORG, USER } from "../../tests/support/demo.ts";
import { asUser } from "../../tests/support/sql.ts";

/**
 * The customer-success read models and actions as each role meets them, on the demo data
 * (supabase/seeds/20_customer_success.sql). Every call runs as the user, in a transaction that is
 * rolled back. Counts are of active customers: other suites add churned fixtures meanwhile, and the
 * functions suite's health job rescores Acme, so what is compared is read in one statement.
 */

type Summary = {
  customers: number;
  by_status: Record<string, number>;
  arr_by_status: Record<string, string | number>;
  by_tier: { customers: number }[];
  renewals: Record<string, { count: number }>;
};

async function listCount(c: pg.Client, where = "true") {
  return Number((await c.query(`select count(*) as n from public.customer_list where ${where}`)).rows[0].n);
}

async function failure(c: pg.Client, sql: string, params: unknown[]) {
  await c.query("savepoint attempt");
  const error = await c.query(sql, params).then(() => null, (e: { code: string; message: string }) => e);
  await c.query("rollback to savepoint attempt");
  return error;
}

describe("customer_list and the dashboard summary", () => {
  it("shows a CSM their own customers, a lead CSM and an executive every one, a rep those of their accounts", async () => {
    const counts = await asUser(USER.admin, async (c) => ({
      all: await listCount(c, "is_active"),
      morgan: await listCount(c, `is_active and owner_id = '${USER.csm}'`),
      repAccounts: Number((await c.query(
        "select count(*) as n from public.customers c join public.accounts a on a.id = c.account_id where a.owner_id = $1 and c.churned_at is null",
        [USER.rep],
      )).rows[0].n),
    }));
    expect(counts.all).toBeGreaterThanOrEqual(250);
    expect(counts.morgan).toBeGreaterThan(0);
    expect(counts.repAccounts).toBeGreaterThan(0);
    expect(await asUser(USER.csm, (c) => listCount(c, "is_active"))).toBe(counts.morgan);
    expect(await asUser(USER.csm, (c) => listCount(c, `owner_id <> '${USER.csm}'`))).toBe(0);
    expect(await asUser(USER.leadCsm, (c) => listCount(c, "is_active"))).toBe(counts.all);
    expect(await asUser(USER.executive, (c) => listCount(c, "is_active"))).toBe(counts.all);
    expect(await asUser(USER.rep, (c) => listCount(c, "is_active"))).toBe(counts.repAccounts);
    expect(await asUser(USER.globexRep, (c) => listCount(c, "is_active"))).toBe(5);
  });

  it("colours health, names the top churn factor and the next renewal", async () => {
    await asUser(USER.leadCsm, async (c) => {
      const { rows } = await c.query(
        `select health_status, health_colour, top_churn_factor, next_renewal_date, next_renewal_risk, arr, mrr from public.customer_list
         where is_active and health_status is not null order by health_score limit 300`,
      );
      for (const row of rows) {
        expect(row.health_colour).toBe({ healthy: "green", at_risk: "yellow", critical: "red" }[row.health_status as string]);
        expect(Number(row.arr)).toBe(Number(row.mrr) * 12);
      }
      const critical = rows.filter((r) => r.health_status === "critical");
      expect(critical.length).toBeGreaterThan(0);
      expect(critical.every((r) => typeof r.top_churn_factor === "string" && r.top_churn_factor.length > 0)).toBe(true);
      expect(rows.filter((r) => r.next_renewal_date).length).toBeGreaterThan(200);
    });
  });

  it("sums the dashboard over exactly the customers the list shows the caller", async () => {
    for (const user of [USER.csm, USER.leadCsm, USER.executive, USER.rep]) {
      await asUser(user, async (c) => {
        const { rows } = await c.query(`select public.customer_dashboard_summary() as summary,
          (select coalesce(jsonb_agg(x), '[]') from (select health_status, count(*)::int as n, coalesce(sum(arr), 0)::numeric as arr
             from public.customer_list where is_active group by 1) x) as by_status`);
        const { summary, by_status: byStatus } = rows[0] as { summary: Summary; by_status: { health_status: string | null; n: number; arr: number }[] };
        const n = (status: string | null) => byStatus.find((r) => r.health_status === status)?.n ?? 0;
        expect(summary.customers).toBe(byStatus.reduce((sum, r) => sum + r.n, 0));
        expect(summary.by_status).toEqual({ healthy: n("healthy"), at_risk: n("at_risk"), critical: n("critical"), unscored: n(null) });
        expect(summary.by_tier.reduce((sum: number, t: { customers: number }) => sum + t.customers, 0)).toBe(summary.customers);
        expect(Number(summary.arr_by_status.critical)).toBe(Number(byStatus.find((r) => r.health_status === "critical")?.arr ?? 0));
        expect(summary.renewals["30"].count).toBeLessThanOrEqual(summary.renewals["180"].count);
      });
    }
  });
});

describe("customer_detail", () => {
  it("answers the customer, its latest breakdown, a year of history and its renewals to a reader, and 404 to anyone else", async () => {
    const customer = await asUser(USER.csm, async (c) => (await c.query("select id from public.customer_list where is_active and health_status is not null and contract_start < current_date - 365 order by id limit 1")).rows[0].id);
    await asUser(USER.csm, async (c) => {
      const detail = (await c.query("select public.customer_detail($1) as d", [customer])).rows[0].d;
      expect(detail.customer.id).toBe(customer);
      expect(detail.customer.owner_id).toBe(USER.csm);
      expect(Object.keys(detail.latest.breakdown).sort()).toEqual(["feature_adoption", "journey", "login_recency", "onboarding", "user_activity"]);
      expect(detail.history.length).toBeGreaterThan(50);
      expect(detail.history[0].day < detail.history[detail.history.length - 1].day).toBe(true);
      expect(detail.renewals.length).toBeGreaterThan(0);
      expect(Array.isArray(detail.customer.churn_factors)).toBe(true);
    });
    await asUser(USER.rep2, async (c) => {
      const readable = Number((await c.query("select count(*) as n from public.customers where id = $1", [customer])).rows[0].n);
      if (readable === 0) {
        expect(await failure(c, "select public.customer_detail($1)", [customer])).toMatchObject({ code: "P0002" });
      }
    });
    await asUser(USER.globexRep, async (c) => {
      expect(await failure(c, "select public.customer_detail($1)", [customer])).toMatchObject({ code: "P0002", message: `customer ${customer} not found` });
    });
  });
});

describe("renewals", () => {
  it("buckets open renewals by 30/60/90/180 days, each bucket alone", async () => {
    await asUser(USER.leadCsm, async (c) => {
      const buckets = (await c.query("select * from public.renewal_buckets()")).rows;
      const list = (await c.query(
        "select bucket, count(*)::int as n, sum(current_value) as value from public.renewal_list where status in ('upcoming', 'in_progress') group by 1",
      )).rows;
      expect(buckets.map((b) => b.bucket)).toEqual(["30", "60", "90", "180", "later"].filter((b) => list.some((l) => l.bucket === b)));
      for (const b of buckets) {
        const l = list.find((x) => x.bucket === b.bucket)!;
        expect(Number(b.renewals)).toBe(l.n);
        expect(Number(b.current_value)).toBe(Number(l.value));
      }
      const { rows } = await c.query("select days_until, bucket from public.renewal_list where status = 'upcoming' order by renewal_date limit 50");
      for (const r of rows) expect(r.bucket).toBe(r.days_until <= 30 ? "30" : r.days_until <= 60 ? "60" : r.days_until <= 90 ? "90" : r.days_until <= 180 ? "180" : "later");
    });
  });

  it("opens a renewal deal once, owned by the CSM in the default pipeline; an executive may not", async () => {
    const renewal = await asUser(USER.csm, async (c) =>
      (await c.query("select id from public.renewal_list where owner_id = $1 and status = 'upcoming' and renewal_deal_id is null order by renewal_date limit 1", [USER.csm])).rows[0].id);
    await asUser(USER.csm, async (c) => {
      const deal = (await c.query("select public.create_renewal_deal($1) as id", [renewal])).rows[0].id;
      expect((await c.query("select public.create_renewal_deal($1) as id", [renewal])).rows[0].id).toBe(deal);
      const d = (await c.query("select owner_id, deal_type, status, amount, expected_close_date::text as close from public.deals where id = $1", [deal])).rows[0];
      const r = (await c.query("select proposed_value, renewal_date::text as day, renewal_deal_id from public.renewals where id = $1", [renewal])).rows[0];
      expect(d).toEqual({ owner_id: USER.csm, deal_type: "renewal", status: "open", amount: r.proposed_value, close: r.day });
      expect(r.renewal_deal_id).toBe(deal);
    });
    await asUser(USER.executive, async (c) => {
      expect(await failure(c, "select public.create_renewal_deal($1)", [renewal])).toMatchObject({ code: "42501" });
    });
  });
});

describe("the CSV health report", () => {
  it("has one row per customer with the points of each enabled indicator", async () => {
    await asUser(USER.leadCsm, async (c) => {
      const { rows } = await c.query(
        "select login_recency_points, feature_adoption_points, user_activity_points, onboarding_points, journey_points, support_tickets_points, health_score from public.customer_health_report where health_scored_on is not null limit 20",
      );
      expect(rows.length).toBe(20);
      for (const r of rows) {
        expect(r.support_tickets_points).toBeNull();
        const sum = ["login_recency_points", "feature_adoption_points", "user_activity_points", "onboarding_points", "journey_points"].reduce((s, k) => s + Number(r[k]), 0);
        expect(Math.abs(sum - r.health_score)).toBeLessThanOrEqual(1);
      }
      const both = (await c.query("select (select count(*) from public.customer_list) as list, (select count(*) from public.customer_health_report) as report")).rows[0];
      expect(both.report).toBe(both.list);
    });
  });

  it("covers one CSM's customers for a lead CSM or an executive, and never another CSM's for a CSM", async () => {
    const ids = (c: pg.Client, view: string, where: string) =>
      c.query(`select coalesce(array_agg(id order by id), '{}') as ids from public.${view} where ${where}`).then((r) => r.rows[0].ids as string[]);
    for (const reader of [USER.leadCsm, USER.executive]) {
      await asUser(reader, async (c) => {
        for (const csm of [USER.csm, USER.leadCsm]) {
          const report = await ids(c, "customer_health_report", `owner_id = '${csm}'`);
          expect(report.length).toBeGreaterThan(0);
          expect(report).toEqual(await ids(c, "customer_list", `owner_id = '${csm}'`));
          const names = (await c.query("select distinct owner_name from public.customer_health_report where owner_id = $1", [csm])).rows;
          expect(names).toHaveLength(1);
        }
        const all = await ids(c, "customer_health_report", "true");
        const split = [...(await ids(c, "customer_health_report", `owner_id = '${USER.csm}'`)), ...(await ids(c, "customer_health_report", `owner_id is distinct from '${USER.csm}'`))];
        expect(split.sort()).toEqual(all);
      });
    }
    await asUser(USER.csm, async (c) => {
      expect(await ids(c, "customer_health_report", `owner_id = '${USER.leadCsm}'`)).toEqual([]);
      expect(await ids(c, "customer_health_report", `owner_id = '${USER.csm}'`)).toEqual(await ids(c, "customer_health_report", "true"));
    });
  });
});

describe("health settings", () => {
  it("previews a configuration over current customers and refuses an invalid one", async () => {
    await asUser(USER.admin, async (c) => {
      const strict = (await c.query(
        "select public.preview_health_config(public.default_health_indicators(), 90, 60) as p",
      )).rows[0].p;
      const same = (await c.query("select public.preview_health_config(public.default_health_indicators()) as p")).rows[0].p;
      expect(strict.customers).toBe(same.customers);
      expect(strict.proposed.healthy).toBeLessThan(same.proposed.healthy);
      expect(strict.proposed.healthy + strict.proposed.at_risk + strict.proposed.critical).toBe(strict.customers);
      expect(strict.biggest_moves.length).toBeLessThanOrEqual(10);
      const bad = await failure(c, "select public.preview_health_config('{\"journey\": {\"enabled\": true, \"weight\": 10}}'::jsonb)", []);
      expect(bad).toMatchObject({ code: "22023", message: "invalid health score configuration: the weights of the enabled indicators add up to 10, not 100" });
    });
  });
});

describe("run_playbook", () => {
  it("lets a CSM run a playbook now for their customer, and nobody else's", async () => {
    const [own, other] = await asUser(USER.leadCsm, async (c) => [
      (await c.query("select id from public.customers where owner_id = $1 and churned_at is null order by id limit 1", [USER.csm])).rows[0].id,
      (await c.query("select id from public.customers where owner_id = $1 and churned_at is null order by id limit 1", [USER.leadCsm])).rows[0].id,
    ]);
    await asUser(USER.csm, async (c) => {
      const playbook = (await c.query("select id from public.playbooks where org_id = $1 and trigger = 'critical_status'", [ORG.acme])).rows[0].id;
      const run = (await c.query("select (public.run_playbook($1, $2, 'Sponsor left')).*", [own, playbook])).rows[0];
      expect(run).toMatchObject({ source: "manual", playbook_id: playbook, reason: "Sponsor left", created_by: USER.csm });
      expect(run.actions.map((a: { kind: string }) => a.kind)).toEqual(["task", "in_app"]);
      const task = (await c.query("select owner_id, customer_id from public.activities where id = $1", [run.actions[0].id])).rows[0];
      expect(task).toEqual({ owner_id: USER.csm, customer_id: own });
      expect(await failure(c, "select public.run_playbook($1, $2)", [other, playbook])).toMatchObject({ code: "42501" });
    });
    await asUser(USER.executive, async (c) => {
      const playbook = (await c.query("select id from public.playbooks where org_id = $1 limit 1", [ORG.acme])).rows[0].id;
      expect(await failure(c, "select public.run_playbook($1, $2)", [own, playbook])).toMatchObject({ code: "42501" });
    });
  });
});
