import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type pg from "pg";
import { describe, expect, it } from "vitest";
import { addCustomer, inScratchOrg, type ScratchOrg } from "../../tests/support/cs.ts";
import { adminSql } from "../../tests/support/sql.ts";

/**
 * The customers dashboard summary from maintained cells (*_cs_read_models.sql): for a caller
 * who sees the whole organisation it sums private.customer_cells and private.renewal_cells, which
 * statement triggers on customers and renewals keep. Whatever is written, it must answer exactly
 * what the live aggregate answers: the reference is the same function with its live branch taken
 * for every caller, created as a temporary function and read in the same statement.
 * Each test works in a scratch organisation inside a transaction that is rolled back.
 */

const LIVE = (() => {
  const source = readFileSync(new URL("../migrations/20261124001200_cs_read_models.sql", import.meta.url), "utf8");
  const definition = /create function public\.customer_dashboard_summary\(\)[\s\S]*?\n\$\$;/.exec(source)?.[0];
  if (!definition) throw new Error("the definition of customer_dashboard_summary was not found");
  // Who sees the whole organisation reads the cells, everyone else aggregates live: with that
  // condition false, every caller takes the live branch.
  const sees = "(select private.sees_all_owners(lead_csm_sees_all => true))";
  if (definition.split(sees).length !== 5) throw new Error("customer_dashboard_summary no longer has its four branch conditions");
  return definition
    .replaceAll(sees, "false")
    .replace("create function public.customer_dashboard_summary()", "create or replace function pg_temp.live_dashboard_summary()");
})();

type Org = ScratchOrg & { executive: string; leadCsm: string; otherCsm: string };

async function addUser(c: pg.Client, org: string, role: string, lead = false): Promise<string> {
  const id = randomUUID();
  await c.query(
    `insert into auth.users (id, aud, role, email, raw_app_meta_data, raw_user_meta_data)
     values ($1, 'authenticated', 'authenticated', $2, $3, $4)`,
    [id, `${id}@example.test`, { org_id: org, role }, { full_name: `Scratch ${role}` }],
  );
  if (lead) await c.query("update public.profiles set is_lead_csm = true where id = $1", [id]);
  return id;
}

/** A scratch organisation with an executive, a lead CSM and a second CSM besides its CSM and admin. */
async function inOrg<T>(work: (c: pg.Client, s: Org) => Promise<T>): Promise<T> {
  return inScratchOrg(async (c, s) => {
    const executive = await addUser(c, s.org, "executive");
    const leadCsm = await addUser(c, s.org, "cs_manager", true);
    const otherCsm = await addUser(c, s.org, "cs_manager");
    await c.query(LIVE);
    return work(c, { ...s, executive, leadCsm, otherCsm });
  });
}

/** Runs `work` as the user (PostgREST's way), then goes back to the superuser. */
async function as<T>(c: pg.Client, user: string, work: () => Promise<T>): Promise<T> {
  await c.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: user, role: "authenticated" })]);
  await c.query("set local role authenticated");
  try {
    return await work();
  } finally {
    await c.query("reset role");
  }
}

/** The summary through the cells and the live one, as text (numeric scale included), in one statement. */
async function summaries(c: pg.Client, user: string) {
  return as(c, user, async () => {
    const { rows } = await c.query(
      `select public.customer_dashboard_summary()::text as summary, pg_temp.live_dashboard_summary()::text as live,
              (select count(*)::int from private.dashboard_customer_cells()) as cells`,
    );
    return rows[0] as { summary: string; live: string; cells: number };
  });
}

/** Cells of the organisation that differ from a fresh aggregate of its rows (none when exact). */
async function drift(c: pg.Client, org: string) {
  const { rows } = await c.query(
    `with fresh_customers as (
       select c.org_id, c.tier, coalesce(c.industry, 'Unknown') as industry, c.health_status, count(*) as customers,
              count(c.health_score) as scored, coalesce(sum(c.health_score), 0) as score_sum, sum(c.mrr) as mrr
       from public.customers c where c.org_id = $1 and c.churned_at is null group by 1, 2, 3, 4),
     kept_customers as (select * from private.customer_cells where org_id = $1),
     fresh_renewals as (
       select r.org_id, r.renewal_date, r.risk_level, count(*) as renewals, sum(r.current_value) as value
       from public.renewals r where r.org_id = $1 and r.status in ('upcoming', 'in_progress') group by 1, 2, 3),
     kept_renewals as (select * from private.renewal_cells where org_id = $1)
     select (select count(*)::int from ((table fresh_customers except all table kept_customers) union all (table kept_customers except all table fresh_customers)) d) as customers,
            (select count(*)::int from ((table fresh_renewals except all table kept_renewals) union all (table kept_renewals except all table fresh_renewals)) d) as renewals,
            (select count(*)::int from kept_customers) as customer_cells, (select count(*)::int from kept_renewals) as renewal_cells`,
    [org],
  );
  return rows[0] as { customers: number; renewals: number; customer_cells: number; renewal_cells: number };
}

/** The cells and the live summary agree for every reader who sees the whole organisation. */
async function expectExact(c: pg.Client, s: Org) {
  const d = await drift(c, s.org);
  expect({ customers: d.customers, renewals: d.renewals }).toEqual({ customers: 0, renewals: 0 });
  for (const reader of [s.executive, s.leadCsm, s.admin]) {
    const { summary, live, cells } = await summaries(c, reader);
    expect(cells).toBe(d.customer_cells);
    expect(summary).toBe(live);
  }
  return JSON.parse((await summaries(c, s.executive)).summary) as Summary;
}

type Summary = {
  customers: number;
  by_status: Record<string, number>;
  mrr: number;
  average_score: number | null;
  by_tier: { tier: number; customers: number }[];
  by_industry: { industry: string; customers: number }[];
  renewals: Record<"30" | "60" | "90" | "180", { count: number; value: number }> & { high_risk_90: number };
};

const INDUSTRIES = ["Software", "Retail", null, "Healthcare"];

/** Customers with varied tier, industry, MRR and health, and one open renewal each at `days` from today. */
async function addBook(c: pg.Client, s: Org, n: number, owner: string, days: (i: number) => number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = await addCustomer(c, s, { owner, since: "2025-01-01", contactEmail: null });
    await c.query(
      `update public.customers set tier = $2, industry = $3, mrr = $4, health_score = $5::smallint,
         health_status = case when $5::smallint is null then null when $5::smallint >= 70 then 'healthy' when $5::smallint >= 40 then 'at_risk' else 'critical' end::public.health_status
       where id = $1`,
      [id, 1 + (i % 3), INDUSTRIES[i % INDUSTRIES.length], (100 + i * 37.5).toFixed(2), i % 5 === 4 ? null : (i * 23) % 101],
    );
    await c.query("insert into public.renewals (org_id, customer_id, renewal_date, current_value) values ($1, $2, current_date + $3::int, $4)", [
      s.org, id, days(i), (1200 + i * 450.25).toFixed(2),
    ]);
    ids.push(id);
  }
  return ids;
}

describe("the dashboard summary from maintained cells", () => {
  it("answers exactly the live aggregate to an executive, a lead CSM and an admin through inserts, updates, churn, deletes and bulk updates", async () => {
    await inOrg(async (c, s) => {
      const empty = await expectExact(c, s);
      expect(empty.customers).toBe(0);

      // Inserts: customers one by one, and a statement of several renewals at once.
      const ids = await addBook(c, s, 12, s.csm, (i) => [5, 31, 45, 61, 89, 90, 120, 179, 180, 181, -3, 400][i]!);
      await c.query(
        `insert into public.renewals (org_id, customer_id, renewal_date, current_value, status)
         select $1, id, current_date + 200 + row_number() over (order by id)::int, 999.99, 'upcoming' from unnest($2::uuid[]) id`,
        [s.org, ids.slice(0, 4)],
      );
      await c.query("update public.renewals set risk_level = (array['low', 'medium', 'high'])[1 + abs(renewal_date - current_date) % 3]::public.risk_level where org_id = $1", [s.org]);
      const filled = await expectExact(c, s);
      expect(filled.customers).toBe(12);
      expect(filled.renewals["180"].count).toBe(9);
      expect(filled.renewals.high_risk_90).toBeGreaterThan(0);

      // A health change, a tier and an MRR change made by the lead CSM through the API, a churn.
      await c.query("update public.customers set health_score = 12, health_status = 'critical' where id = $1", [ids[0]]);
      await as(c, s.leadCsm, () => c.query("update public.customers set tier = 3, mrr = mrr + 0.05 where id = $1", [ids[1]]));
      await as(c, s.csm, () => c.query("update public.customers set industry = 'Logistics' where id = $1", [ids[2]]));
      await c.query("update public.customers set churned_at = now(), churn_reason = 'Left' where id = $1", [ids[3]]);
      const changed = await expectExact(c, s);
      expect(changed.customers).toBe(11);
      expect(changed.by_industry.map((i) => i.industry)).toContain("Logistics");

      // Renewals moving: renewed, dated out of the window, re-valued, re-rated.
      await c.query("update public.renewals set status = 'renewed' where customer_id = $1", [ids[4]]);
      await c.query("update public.renewals set renewal_date = renewal_date + 100 where customer_id = $1", [ids[5]]);
      await c.query("update public.renewals set current_value = current_value * 2, status = 'in_progress' where customer_id = $1", [ids[6]]);
      await c.query("update public.renewals set risk_level = 'high' where customer_id = $1", [ids[7]]);
      await expectExact(c, s);

      // Deletes: a renewal, and a customer (its renewals go by cascade); a churned customer un-churned.
      await as(c, s.csm, () => c.query("delete from public.renewals where customer_id = $1", [ids[8]]));
      await as(c, s.leadCsm, () => c.query("delete from public.customers where id = $1", [ids[9]]));
      await c.query("update public.customers set churned_at = null, churn_reason = null where id = $1", [ids[3]]);
      const deleted = await expectExact(c, s);
      expect(deleted.customers).toBe(11);

      // A bulk update like the daily health job's, moving every customer between cells.
      await c.query(
        `update public.customers set health_score = (coalesce(health_score, 50) * 7 + 11) % 101,
           health_status = (array['healthy', 'at_risk', 'critical'])[1 + (coalesce(health_score, 0) % 3)]::public.health_status
         where org_id = $1`,
        [s.org],
      );
      await c.query("update public.renewals set risk_level = null where org_id = $1 and renewal_date < current_date + 60", [s.org]);
      const bulk = await expectExact(c, s);
      expect(bulk.by_status.unscored).toBe(0);

      // Cells that reach zero are deleted, and an empty organisation answers the empty summary.
      await c.query("delete from public.customers where org_id = $1", [s.org]);
      expect(await drift(c, s.org)).toEqual({ customers: 0, renewals: 0, customer_cells: 0, renewal_cells: 0 });
      expect(await expectExact(c, s)).toEqual(empty);
    });
  });

  it("writes no cell for an update that changes none of the figures", async () => {
    await inOrg(async (c, s) => {
      const ids = await addBook(c, s, 6, s.csm, (i) => i * 20);
      const versions = () =>
        c.query(
          `select (select array_agg(xmin::text order by tier, industry, health_status) from private.customer_cells where org_id = $1) as customers,
                  (select array_agg(xmin::text order by renewal_date, risk_level) from private.renewal_cells where org_id = $1) as renewals`,
          [s.org],
        ).then((r) => r.rows[0]);
      // Writes in a subtransaction carry a new xmin; a cell nothing wrote keeps its own.
      const before = await versions();
      await c.query("savepoint quiet");
      await c.query("update public.customers set last_login_on = current_date, churn_factors = '[{\"factor\": \"x\"}]' where org_id = $1", [s.org]);
      await c.query("update public.renewals set notes = 'called', risk_score = 50 where org_id = $1", [s.org]);
      expect(await versions()).toEqual(before);
      await c.query("release savepoint quiet");

      // Two customers of one cell trading their MRR leave its figures, and so the cell, as they were.
      await c.query("update public.customers set tier = 2, industry = 'Same', health_score = 50, health_status = 'at_risk' where org_id = $1", [s.org]);
      const moved = await versions();
      expect(moved.customers).toHaveLength(1);
      await c.query("savepoint trade");
      const { rowCount } = await c.query(
        `update public.customers c set mrr = o.mrr from (values ($1::uuid, $2::uuid), ($2, $1)) pair (id, other)
         join public.customers o on o.id = pair.other where c.id = pair.id`,
        [ids[0], ids[1]],
      );
      expect(rowCount).toBe(2);
      expect(await versions()).toEqual(moved);
      await c.query("release savepoint trade");
      await expectExact(c, s);
    });
  });

  it("gives a CSM only their customers' figures, computed live, and never the organisation's cells", async () => {
    await inOrg(async (c, s) => {
      await addBook(c, s, 5, s.csm, (i) => 10 + i * 30);
      await addBook(c, s, 7, s.otherCsm, (i) => 5 + i * 20);
      const all = await expectExact(c, s);
      expect(all.customers).toBe(12);

      for (const [csm, own] of [[s.csm, 5], [s.otherCsm, 7]] as const) {
        const { summary, live, cells } = await summaries(c, csm);
        expect(cells).toBe(0);
        expect(summary).toBe(live);
        const mine = JSON.parse(summary) as Summary;
        expect(mine.customers).toBe(own);
        const { rows } = await c.query(
          "select count(*)::int as n, sum(mrr)::text as mrr from public.customers where org_id = $1 and owner_id = $2 and churned_at is null",
          [s.org, csm],
        );
        expect(mine.customers).toBe(rows[0].n);
        expect(Number(mine.mrr)).toBe(Number(rows[0].mrr));
      }
      // The cells themselves are nobody's to read through the API.
      await as(c, s.executive, async () => {
        await c.query("savepoint denied");
        await expect(c.query("select * from private.customer_cells")).rejects.toMatchObject({ code: "42501" });
        await c.query("rollback to savepoint denied");
        await expect(c.query("select * from private.renewal_cells")).rejects.toMatchObject({ code: "42501" });
        await c.query("rollback to savepoint denied");
      });
    });
  });

  it("holds every organisation's figures, demo data included, as a fresh aggregate does", async () => {
    // One statement: a consistent snapshot while other suites write.
    const { rows } = await adminSql((c) =>
      c.query(
        `select
           (select count(*)::int from (
              (select org_id, tier, industry, health_status, customers, scored, score_sum, mrr from private.customer_cells
               except all
               select c.org_id, c.tier, coalesce(c.industry, 'Unknown'), c.health_status, count(*), count(c.health_score), coalesce(sum(c.health_score), 0), sum(c.mrr)
               from public.customers c where c.churned_at is null group by 1, 2, 3, 4)
              union all
              (select c.org_id, c.tier, coalesce(c.industry, 'Unknown'), c.health_status, count(*), count(c.health_score), coalesce(sum(c.health_score), 0), sum(c.mrr)
               from public.customers c where c.churned_at is null group by 1, 2, 3, 4
               except all
               select org_id, tier, industry, health_status, customers, scored, score_sum, mrr from private.customer_cells)) d) as customers,
           (select count(*)::int from (
              (select org_id, renewal_date, risk_level, renewals, value from private.renewal_cells
               except all
               select r.org_id, r.renewal_date, r.risk_level, count(*), sum(r.current_value) from public.renewals r
               where r.status in ('upcoming', 'in_progress') group by 1, 2, 3)
              union all
              (select r.org_id, r.renewal_date, r.risk_level, count(*), sum(r.current_value) from public.renewals r
               where r.status in ('upcoming', 'in_progress') group by 1, 2, 3
               except all
               select org_id, renewal_date, risk_level, renewals, value from private.renewal_cells)) d) as renewals,
           (select count(*)::int from private.customer_cells) as cells`,
      ),
    );
    expect(rows[0].cells).toBeGreaterThan(0);
    expect({ customers: rows[0].customers, renewals: rows[0].renewals }).toEqual({ customers: 0, renewals: 0 });
  });
});
