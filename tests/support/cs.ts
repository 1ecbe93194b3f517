import { randomUUID } from "node:crypto";
import type pg from "pg";
import { adminSql } from "./sql.ts";

/**
 * Customer-success fixtures for database tests: a scratch organisation made inside a transaction
 * that is always rolled back, so a test owns every row it looks at (the demo organisations are
 * shared with the functions suite, whose health job runs on them meanwhile).
 */
export type ScratchOrg = { org: string; csm: string; admin: string; csmEmail: string };

export async function inScratchOrg<T>(work: (c: pg.Client, s: ScratchOrg) => Promise<T>): Promise<T> {
  return adminSql(async (c) => {
    await c.query("begin");
    try {
      const { rows } = await c.query<{ id: string }>("insert into public.organizations (name) values ('CS scratch') returning id");
      const org = rows[0]!.id;
      const [csm, admin] = [randomUUID(), randomUUID()];
      for (const [id, role] of [[csm, "cs_manager"], [admin, "admin"]] as const) {
        await c.query(
          `insert into auth.users (id, aud, role, email, raw_app_meta_data, raw_user_meta_data)
           values ($1, 'authenticated', 'authenticated', $2, $3, $4)`,
          [id, `${id}@example.test`, { org_id: org, role }, { full_name: role === "admin" ? "Scratch Admin" : "Scratch Csm" }],
        );
      }
      await c.query("set constraints all immediate");
      return await work(c, { org, csm, admin, csmEmail: `${csm}@example.test` });
    } finally {
      await c.query("rollback");
    }
  });
}

export type UsageDay = Partial<{
  logins: number;
  active_users: number;
  seats: number;
  features_used: number;
  features_available: number;
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
  payment_status: "current" | "late" | "overdue" | "failed" | null;
}>;

/** A day of a customer who uses everything: full points under the default configuration. */
export const THRIVING: UsageDay = { logins: 20, active_users: 8, seats: 10, features_used: 8, features_available: 10, onboarding_done: 10, onboarding_total: 10 };
/** A day with nobody signing in. */
export const SILENT: UsageDay = { logins: 0, active_users: 0, seats: 10, features_used: 0, features_available: 10, onboarding_done: 10, onboarding_total: 10 };

const USAGE_DEFAULTS: Required<UsageDay> = {
  logins: 0, active_users: 0, seats: 10, features_used: 0, features_available: 10, onboarding_done: 0, onboarding_total: 0,
  tickets_low: 0, tickets_medium: 0, tickets_high: 0, tickets_critical: 0, nps_promoters: 0, nps_passives: 0, nps_detractors: 0,
  csat_responses: 0, csat_total: 0, payment_status: null,
};

/** A customer on a new account of the organisation, owned by `owner`, under contract since `since`. */
export async function addCustomer(c: pg.Client, s: ScratchOrg, opts: { name?: string; owner?: string; since: string; contactEmail?: string | null }): Promise<string> {
  const owner = opts.owner ?? s.csm;
  const { rows } = await c.query<{ id: string }>(
    "insert into public.accounts (org_id, owner_id, name) values ($1, $2, $3) returning id",
    [s.org, s.admin, opts.name ?? `Customer ${randomUUID().slice(0, 8)}`],
  );
  const account = rows[0]!.id;
  if (opts.contactEmail !== null) {
    await c.query("insert into public.contacts (org_id, owner_id, account_id, last_name, email) values ($1, $2, $3, 'Champion', $4)", [
      s.org, s.admin, account, opts.contactEmail ?? `champion-${account.slice(0, 8)}@example.test`,
    ]);
  }
  const customer = await c.query<{ id: string }>(
    "insert into public.customers (org_id, account_id, owner_id, contract_start, mrr) values ($1, $2, $3, $4, 1000) returning id",
    [s.org, account, owner, opts.since],
  );
  return customer.rows[0]!.id;
}

/** Writes (or overwrites) the customer's usage for each day from `from` to `to`: `day(date, daysBeforeTo)` gives the row. */
export async function setUsage(c: pg.Client, s: ScratchOrg, customer: string, from: string, to: string, day: (date: string, ago: number) => UsageDay) {
  const dates = (await c.query<{ d: string; ago: number }>(
    "select to_char(d, 'YYYY-MM-DD') as d, ($2::date - d::date) as ago from generate_series($1::date, $2::date, interval '1 day') d",
    [from, to],
  )).rows;
  const rows = dates.map(({ d, ago }) => ({ ...USAGE_DEFAULTS, ...day(d, ago), org_id: s.org, customer_id: customer, day: d }));
  await c.query(
    `insert into public.customer_usage_daily select * from jsonb_populate_recordset(null::public.customer_usage_daily, $1)
     on conflict (org_id, customer_id, day) do update set logins = excluded.logins, active_users = excluded.active_users, seats = excluded.seats,
       features_used = excluded.features_used, features_available = excluded.features_available, onboarding_done = excluded.onboarding_done,
       onboarding_total = excluded.onboarding_total, tickets_low = excluded.tickets_low, tickets_medium = excluded.tickets_medium,
       tickets_high = excluded.tickets_high, tickets_critical = excluded.tickets_critical, nps_promoters = excluded.nps_promoters,
       nps_passives = excluded.nps_passives, nps_detractors = excluded.nps_detractors, csat_responses = excluded.csat_responses,
       csat_total = excluded.csat_total, payment_status = excluded.payment_status`,
    [JSON.stringify(rows)],
  );
}

/** private.score_customers for the whole organisation on `day`: {scored, actions}. */
export async function score(c: pg.Client, s: ScratchOrg, day: string, actions = true): Promise<{ scored: number; actions: number }> {
  const { rows } = await c.query("select private.score_customers($1, $2, null, $3) as result", [s.org, day, actions]);
  return rows[0].result;
}

/** Everything a run may write for the organisation, without the timestamps of the write itself. */
export async function snapshot(c: pg.Client, org: string) {
  const tables = ["customers", "customer_health_scores", "interventions", "success_milestones", "notifications", "email_outbox", "activities", "renewals"];
  const out: Record<string, unknown> = {};
  for (const table of tables) {
    const { rows } = await c.query(
      `select coalesce(jsonb_agg(to_jsonb(t) - 'updated_at' - 'computed_at' order by to_jsonb(t)::text), '[]') as rows from public.${table} t where org_id = $1`,
      [org],
    );
    out[table] = rows[0].rows;
  }
  return out;
}
