/**
 * Customer success at scale (issue 6): 100,000 customers × 90 days of daily usage (9 million
 * rows), the daily health job end to end through the gateway (target ≤ 60 s) and the customers
 * dashboard's queries as an executive through PostgREST with row level security (target ≤ 100 ms
 * p95). bench/run.ts can call `customerSuccessBench` with its stack; alone:
 *
 *   npx tsx bench/customer-success.ts [--scale 0.1] [--samples 40]
 *
 * starts a throwaway stack (demo seed, bigger buffers), generates the data in a bench organisation
 * and prints JSON. On the bench cluster the data goes into "Bench Corp" (bench/generate.sql) on its
 * existing accounts; elsewhere into an organisation of its own ("CS Bench"). Generation is
 * idempotent: customers that already have usage are kept.
 */
import { pathToFileURL } from "node:url";
import pg from "pg";
import { BENCH_PASSWORD, signIn } from "./sign-in.ts";
import { stats, type Stats } from "./stats.ts";

const BENCH_CORP = "b0000000-0000-4000-8000-000000000001";
const CS_BENCH = "c5000000-0000-4000-8000-000000000001";
const CHUNK = 10_000;

export interface CsBenchTarget {
  apiUrl: string;
  dbUrl: string;
  anonKey: string;
  serviceRoleKey: string;
}

export interface GeneratedCs {
  org: string;
  customers: number;
  usage_rows: number;
  seconds: number;
  generated: boolean;
  executive_email: string;
}

const elapsed = (started: number) => Math.round((performance.now() - started) / 100) / 10;

/** Creates auth users (and so profiles) in `org`; returns their ids. */
async function createUsers(client: pg.Client, org: string, users: { email: string; name: string; role: string }[]): Promise<void> {
  await client.query(
    `with u as (select * from jsonb_to_recordset($2) as x (email text, name text, role text)),
     made as (
       insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
       select '00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated', u.email,
              extensions.crypt($3, extensions.gen_salt('bf', 4)), now(),
              jsonb_build_object('provider', 'email', 'providers', jsonb_build_array('email'), 'org_id', $1::uuid, 'role', u.role),
              jsonb_build_object('full_name', u.name), now(), now()
       from u where not exists (select from auth.users a where a.email = u.email)
       returning id, email)
     insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
     select id::text, id, jsonb_build_object('sub', id::text, 'email', email, 'email_verified', true), 'email', now(), now(), now() from made`,
    [org, JSON.stringify(users), BENCH_PASSWORD],
  );
  await client.query("set constraints all immediate");
  await client.query("update public.profiles set must_change_password = false where org_id = $1", [org]);
}

/**
 * Customers with `days` of daily usage in one organisation: Bench Corp when the bench cluster has
 * it, else CS Bench (made here with its accounts, an executive and 20 CSMs). Paths by customer
 * number: six in ten healthy, two declining over the last two months, one critical, one still
 * onboarding; one open renewal each within the coming year.
 */
export async function generateCustomerSuccess(
  client: pg.Client,
  opts: { customers?: number; days?: number; log?: (line: string) => void } = {},
): Promise<GeneratedCs> {
  const customers = opts.customers ?? 100_000;
  const days = opts.days ?? 90;
  const log = opts.log ?? (() => {});
  const started = performance.now();

  const benchCorp = (await client.query("select 1 from public.organizations where id = $1", [BENCH_CORP])).rowCount === 1;
  const org = benchCorp ? BENCH_CORP : CS_BENCH;
  const have = Number((await client.query("select count(*) as n from public.customers c where c.org_id = $1 and exists (select from public.customer_usage_daily d where d.org_id = c.org_id and d.customer_id = c.id)", [org])).rows[0].n);
  const executive = benchCorp ? "exec@bench.test" : "exec@cs-bench.test";
  if (have >= customers) {
    log(`cs bench: reusing ${have} customers with usage in ${org}`);
    return { org, customers: have, usage_rows: have * days, seconds: 0, generated: false, executive_email: executive };
  }

  await client.query("begin");
  if (!benchCorp) {
    await client.query("insert into public.organizations (id, name) values ($1, 'CS Bench') on conflict (id) do nothing", [CS_BENCH]);
    await createUsers(client, CS_BENCH, [
      { email: executive, name: "Bench Executive", role: "executive" },
      { email: "admin@cs-bench.test", name: "Bench Admin", role: "admin" },
      ...Array.from({ length: 20 }, (_, i) => ({ email: `csm.${String(i + 1).padStart(2, "0")}@cs-bench.test`, name: `Bench CSM ${i + 1}`, role: "cs_manager" })),
    ]);
    const admin = (await client.query("select id from public.profiles where org_id = $1 and role = 'admin' limit 1", [CS_BENCH])).rows[0].id;
    await client.query(
      `insert into public.accounts (org_id, owner_id, name, domain, industry, tier)
       select $1, $2, 'Bench customer ' || n, 'bench-customer-' || n || '.example',
              (array['Software', 'Manufacturing', 'Retail', 'Healthcare', 'Financial Services', 'Logistics'])[1 + n % 6], 1 + n % 3
       from generate_series((select count(*) from public.accounts where org_id = $1) + 1, $3) n`,
      [CS_BENCH, admin, customers],
    );
  } else {
    // The CSMs of Bench Corp: its own cs@ plus twenty more, so a CSM's book is ~5,000 customers.
    await createUsers(client, BENCH_CORP, Array.from({ length: 20 }, (_, i) => ({ email: `csm.${String(i + 1).padStart(2, "0")}@bench.test`, name: `Bench CSM ${i + 1}`, role: "cs_manager" })));
  }
  await client.query("commit");

  await client.query(
    `insert into public.customers (org_id, account_id, owner_id, tier, industry, contract_start, contract_end, mrr, currency, onboarded_on)
     select $1, a.id, csm.ids[1 + (a.n % cardinality(csm.ids))], coalesce(a.tier, 2), a.industry,
            current_date - 100 - (a.n % 700)::integer, current_date + 1 + (a.n % 360)::integer, 200 + (a.n % 97) * 150, 'USD',
            case when a.n % 10 <> 9 then current_date - 60 end
     from (select id, tier, industry, row_number() over (order by id) as n from public.accounts where org_id = $1 order by id limit $2) a
     cross join (select array_agg(id order by id) as ids from public.profiles where org_id = $1 and role = 'cs_manager' and active) csm
     on conflict (org_id, account_id) do nothing`,
    [org, customers],
  );
  log(`cs bench: customers in ${elapsed(started)} s`);

  // Usage in chunks of customers; bulk rows skip the per-row foreign key checks (replica role):
  // every customer_id comes from the customers just read.
  let after = "00000000-0000-0000-0000-000000000000";
  let rows = 0;
  for (;;) {
    await client.query("begin");
    await client.query("set local session_replication_role = replica");
    const chunk = await client.query(
      `with c as (
         select id, ('x' || substr(md5(id::text), 1, 8))::bit(32)::bigint as n from public.customers
         where org_id = $1 and id > $2 and churned_at is null
           and not exists (select from public.customer_usage_daily d where d.org_id = $1 and d.customer_id = customers.id)
         order by id limit $4),
       ins as (
         insert into public.customer_usage_daily (org_id, customer_id, day, logins, active_users, seats, features_used, features_available,
                                                  onboarding_done, onboarding_total, tickets_low, tickets_medium, tickets_high, tickets_critical, payment_status)
         select $1, c.id, current_date - k,
                case when r1 < e then 1 + (e * 30 * r2)::integer else 0 end,
                case when r1 < e then least(seats, 1 + (seats * e * r2)::integer) else 0 end,
                seats,
                case when r1 < e then least(20, (20 * e * (0.6 + 0.4 * r2))::integer) else 0 end,
                20,
                case when c.n % 10 = 9 then 4 else 10 end, 10,
                (r2 < 0.08)::integer, (r2 > 0.97)::integer, (r1 > 0.995)::integer, 0,
                (case when e < 0.2 and c.n % 2 = 0 then 'late' else 'current' end)::public.payment_status
         from c
         -- Customer by customer (the series depends on c): rows arrive in the primary key's order. Day
         -- by day across 10,000 customers, each insert landed in the middle of the index and a chunk
         -- of the second batch ran for minutes instead of seconds.
         cross join lateral generate_series((0 * c.n)::integer, $3 - 1) k
         cross join lateral (select 10 + (c.n % 90)::integer as seats,
                                    ((c.n * 7919 + k * 104729) % 1000003) / 1000003.0::float8 as r1,
                                    ((c.n * 6271 + k * 86011 + 17) % 1000003) / 1000003.0::float8 as r2) h
         cross join lateral (select case
             when c.n % 10 < 6 then 0.55 + (c.n % 5) * 0.08
             when c.n % 10 < 8 then case when k > 60 then 0.8 else 0.1 + 0.7 * k / 60.0 end
             when c.n % 10 = 8 then 0.04
             else 0.5 end::float8 as e) p
         returning customer_id)
       select count(*)::int as rows, max(customer_id::text) as last from ins`,
      [org, after, days, CHUNK],
    );
    await client.query("commit");
    const { rows: n, last } = chunk.rows[0] as { rows: number; last: string | null };
    if (!last) break;
    rows += n;
    after = last;
    log(`cs bench: ${rows.toLocaleString("en")} usage rows (${elapsed(started)} s)`);
  }

  // One open renewal per customer in the coming year; the job rates them.
  await client.query("begin");
  await client.query("set local session_replication_role = replica");
  await client.query(
    `insert into public.renewals (org_id, customer_id, renewal_date, current_value, proposed_value, currency)
     select org_id, id, contract_end, arr, arr * 1.05, currency from public.customers c where org_id = $1
     on conflict (org_id, customer_id, renewal_date) do nothing`,
    [org],
  );
  await client.query("commit");
  await client.query("vacuum analyze public.customers, public.customer_usage_daily, public.renewals, public.customer_health_scores");
  const total = Number((await client.query("select count(*) as n from public.customers where org_id = $1", [org])).rows[0].n);
  log(`cs bench: ${total} customers, ${rows.toLocaleString("en")} new usage rows in ${elapsed(started)} s`);
  return { org, customers: total, usage_rows: rows, seconds: elapsed(started), generated: true, executive_email: executive };
}

/** The dashboard's first load: the summary, the first page of the list (worst first) and the at-risk panel. */
export const DASHBOARD_QUERIES: Record<string, { path: string; method?: "POST"; count?: boolean }> = {
  summary: { path: "/rest/v1/rpc/customer_dashboard_summary", method: "POST" },
  list_first_page: {
    path: "/rest/v1/customer_list?select=id,name,owner_name,tier,industry,mrr,arr,currency,health_score,health_status,health_colour,health_trend_7d,next_renewal_date&is_active=is.true&order=health_score.asc.nullslast,id.asc&limit=50",
    count: true,
  },
  at_risk_panel: {
    path: "/rest/v1/customer_list?select=id,name,owner_name,arr,health_score,health_status,top_churn_factor&is_active=is.true&health_status=in.(at_risk,critical)&order=health_score.asc,id.asc&limit=10",
  },
  critical_filter: {
    path: "/rest/v1/customer_list?select=id,name,health_score,health_status&is_active=is.true&health_status=eq.critical&order=health_score.asc,id.asc&limit=50",
  },
};

export interface CsBenchResult {
  generated: GeneratedCs;
  job: {
    seconds: number;
    day: string;
    /** False when the bench already ran the job for this day: the run then only confirms what the first one wrote. */
    first_of_day: boolean;
    customers_scored: number;
    actions: number;
    status: string;
    target_seconds: 60;
    previous_day: { seconds: number; actions: number };
  };
  dashboard: Record<string, Stats> & { target_p95_ms: 100 };
}

/** Generates what is missing, runs the job for today and times the dashboard as an executive. */
export async function customerSuccessBench(target: CsBenchTarget, opts: { scale?: number; samples?: number; warmup?: number; log?: (line: string) => void } = {}): Promise<CsBenchResult> {
  const log = opts.log ?? ((line: string) => console.error(line));
  const client = new pg.Client(target.dbUrl);
  await client.connect();
  let generated: GeneratedCs;
  try {
    generated = await generateCustomerSuccess(client, { customers: Math.round(100_000 * (opts.scale ?? 1)), log });
  } finally {
    await client.end();
  }

  // Yesterday's run first (a new data set's first run records every milestone and fires the
  // playbooks of every customer already in trouble), then today's: the daily run the target is for.
  const runJob = async (day: string) => {
    // A second run of a day only confirms what the first wrote (idempotent, no actions): say which one this is.
    const db = new pg.Client(target.dbUrl);
    await db.connect();
    const earlier = await db
      .query<{ n: number }>("select count(*)::int as n from public.job_runs where org_id = $1 and job = 'health-score' and day = $2 and status <> 'running'", [generated.org, day])
      .finally(() => db.end());
    const firstOfDay = earlier.rows[0]!.n === 0;
    const started = performance.now();
    const res = await fetch(`${target.apiUrl}/functions/v1/health-score-job`, {
      method: "POST",
      headers: { authorization: `Bearer ${target.serviceRoleKey}`, "content-type": "application/json" },
      body: JSON.stringify({ org_id: generated.org, day, batch_size: 2000 }),
    });
    const answer = (await res.json()) as { runs?: { customers_scored: number; actions: number; status: string }[] };
    const seconds = elapsed(started);
    if (!res.ok || !answer.runs?.[0]) throw new Error(`health-score-job answered ${res.status}: ${JSON.stringify(answer)}`);
    log(`cs bench: health job for ${day} (${firstOfDay ? "first run of the day" : "a repeat run of the day"}) scored ${answer.runs[0].customers_scored} customers in ${seconds} s (${answer.runs[0].status}, ${answer.runs[0].actions} actions)`);
    return { seconds, first_of_day: firstOfDay, ...answer.runs[0] };
  };
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const day = new Date().toISOString().slice(0, 10);
  const first = await runJob(yesterday);
  const run = await runJob(day);
  const seconds = run.seconds;

  const token = await signIn(target, generated.executive_email);
  const dashboard: Record<string, Stats> = {};
  for (const [name, query] of Object.entries(DASHBOARD_QUERIES)) {
    const samples: number[] = [];
    for (let i = 0; i < (opts.warmup ?? 5) + (opts.samples ?? 40); i++) {
      const t = performance.now();
      const r = await fetch(`${target.apiUrl}${query.path}`, {
        method: query.method ?? "GET",
        headers: { apikey: target.anonKey, authorization: `Bearer ${token}`, "content-type": "application/json", ...(query.count ? { prefer: "count=planned" } : {}) },
        body: query.method === "POST" ? "{}" : undefined,
      });
      await r.arrayBuffer();
      if (!r.ok) throw new Error(`${name} answered ${r.status}`);
      if (i >= (opts.warmup ?? 5)) samples.push(performance.now() - t);
    }
    dashboard[name] = stats(samples);
    log(`cs bench: ${name}: p50 ${dashboard[name]!.p50_ms} ms, p95 ${dashboard[name]!.p95_ms} ms`);
  }
  return {
    generated,
    job: {
      seconds, day, first_of_day: run.first_of_day, customers_scored: run.customers_scored, actions: run.actions, status: run.status, target_seconds: 60,
      previous_day: { seconds: first.seconds, actions: first.actions },
    },
    dashboard: { ...dashboard, target_p95_ms: 100 } as CsBenchResult["dashboard"],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
  const { startThrowawayStack } = await import("../tests/support/throwaway-stack.ts");
  const stack = await startThrowawayStack({ postgresSettings: ["shared_buffers=2GB", "effective_cache_size=8GB", "work_mem=64MB", "max_wal_size=8GB"] });
  // Ctrl-C or a timeout stops the stack too, leaving no Postgres behind.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void stack.stop().finally(() => process.exit(130));
    });
  }
  try {
    const result = await customerSuccessBench(stack, { scale: option("--scale", 1), samples: option("--samples", 40) });
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await stack.stop();
  }
}
