/**
 * Deal scoring at scale (issue 5): rescoring every deal of the bench organisation after a model
 * change (target: 1,000,000 deals ≤ 60 s) and what the scoring trigger adds to one deal update
 * (target: ≤ 2 ms, median, against the same update with the trigger disabled). bench/run.ts can
 * call `scoringBench` (or the two measurements) with a connection to its cluster; alone:
 *
 *   npx tsx bench/scoring.ts [--db-url postgres://…] [--scale 0.1] [--samples 200] [--batch 20000]
 *
 * without --db-url it uses the bench cluster in .local/bench/ (generating it when missing), applies
 * the migrations it lacks, measures and prints JSON. Both measurements work through the same SQL the
 * product runs: private.queue_rescore + public.rescore_deals_step (one transaction per batch, as the
 * rescore-deals function drives it) and the statement trigger on deals.
 */
import { pathToFileURL } from "node:url";
import pg from "pg";

const BENCH_CORP = "b0000000-0000-4000-8000-000000000001";

export interface RescoreResult {
  org: string;
  deals: number;
  batch_size: number;
  batches: number;
  changed: number;
  seconds: number;
  deals_per_second: number;
  /** Whether the deals had stored scores before (an update of every row) or not (their first score). */
  first_scoring: boolean;
  target_seconds: number;
  within_target: boolean;
}

export interface TriggerOverheadResult {
  org: string;
  samples: number;
  with_trigger_p50_ms: number;
  without_trigger_p50_ms: number;
  overhead_p50_ms: number;
  with_trigger_p95_ms: number;
  without_trigger_p95_ms: number;
  target_ms: number;
  within_target: boolean;
}

export interface ScoringBenchResult {
  /** Deals without a stored score are scored for the first time (inserts). */
  rescore_first: RescoreResult | null;
  /** A model change: every deal's score row rewritten (the target). */
  rescore_model_change: RescoreResult;
  trigger_overhead: TriggerOverheadResult;
}

type Log = (line: string) => void;
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const median = (values: number[]) => percentile(values, 50);
function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Saves (and activates) a new version of the organisation's model whose weights differ from the last, so every score moves. */
async function activateNewModel(client: pg.Client, org: string): Promise<number> {
  const { rows } = await client.query<{ definition: { factors: Record<string, { weight: number }> }; version: number }>(
    "select private.scoring_model_definition(m.id) as definition, m.version from public.scoring_models m where m.org_id = $1 and m.is_active",
    [org],
  );
  const definition = rows[0]!.definition;
  // move 5 points between discount and margin, back and forth from version to version
  const shift = rows[0]!.version % 2 === 1 ? 5 : -5;
  definition.factors.discount!.weight = Number(definition.factors.discount!.weight) - shift;
  definition.factors.margin!.weight = Number(definition.factors.margin!.weight) + shift;
  const saved = await client.query<{ version: number }>("select (private.insert_scoring_model($1, $2, true)).version", [org, JSON.stringify(definition)]);
  return saved.rows[0]!.version;
}

/**
 * Rescores every deal of `org` (open and closed: scope "all") in batches of `batchSize`, one
 * transaction each, and times it. With `modelChange` a new model version is activated first, so
 * every stored score changes. A run is queued the way a save queues one; the loop is the
 * rescore-deals function's.
 */
export async function rescoreAllDeals(
  client: pg.Client,
  { org = BENCH_CORP, batchSize = 20_000, modelChange = true, log = () => {} }: { org?: string; batchSize?: number; modelChange?: boolean; log?: Log } = {},
): Promise<RescoreResult> {
  const scored = await client.query<{ n: string }>("select count(*) as n from public.deal_scores where org_id = $1", [org]);
  if (modelChange) log(`scoring: activated model version ${await activateNewModel(client, org)}`);
  const queued = await client.query<{ id: string; total: number }>("select id, total from private.queue_rescore($1, 'manual', 'all')", [org]);
  const run = queued.rows[0]!;
  log(`scoring: rescoring ${run.total} deals in batches of ${batchSize}`);
  const started = performance.now();
  let batches = 0;
  let state = { status: "queued", done: 0, changed: 0 };
  while (state.status === "queued" || state.status === "running") {
    const { rows } = await client.query<{ status: string; done: number; changed: number; error: string | null }>(
      "select status, done, changed, error from public.rescore_deals_step($1, $2)",
      [run.id, batchSize],
    );
    state = rows[0]!;
    batches += 1;
    if (state.status === "failed") throw new Error(`rescore failed: ${rows[0]!.error}`);
    if (batches % 10 === 0) log(`scoring: ${state.done} / ${run.total} after ${round((performance.now() - started) / 1000)} s`);
  }
  const seconds = (performance.now() - started) / 1000;
  const result: RescoreResult = {
    org,
    deals: state.done,
    batch_size: batchSize,
    batches,
    changed: state.changed,
    seconds: round(seconds),
    deals_per_second: Math.round(state.done / seconds),
    first_scoring: Number(scored.rows[0]!.n) === 0,
    target_seconds: Math.round((60 * state.done) / 1_000_000),
    within_target: seconds <= (60 * state.done) / 1_000_000,
  };
  log(`scoring: rescored ${result.deals} deals in ${result.seconds} s (${result.deals_per_second}/s, ${result.changed} changed)`);
  return result;
}

/**
 * The median time of a one-deal update that the scoring trigger sees (a discount change: score,
 * history and approvals), with the trigger and without it, interleaved in blocks so load on the
 * machine weighs on both alike. Needs a connection that may disable triggers (the table's owner).
 */
export async function scoringTriggerOverhead(
  client: pg.Client,
  { org = BENCH_CORP, samples = 200, log = () => {} }: { org?: string; samples?: number; log?: Log } = {},
): Promise<TriggerOverheadResult> {
  const { rows } = await client.query<{ id: string }>(
    "select id from public.deals where org_id = $1 and status = 'open' order by id limit $2",
    [org, samples],
  );
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) throw new Error(`no open deals in ${org}`);
  const update = async (id: string, i: number) => {
    const started = performance.now();
    await client.query("update public.deals set discount_pct = case when $2 then least(coalesce(discount_pct, 0) + 0.01, 100) else greatest(coalesce(discount_pct, 0) - 0.01, 0) end where id = $1", [
      id,
      i % 2 === 0,
    ]);
    return performance.now() - started;
  };
  const triggers = async (on: boolean) => client.query(`alter table public.deals ${on ? "enable" : "disable"} trigger deals_score_on_update`);

  const withTrigger: number[] = [];
  const withoutTrigger: number[] = [];
  const block = 20;
  try {
    for (let i = 0; i < 10; i += 1) await update(ids[i % ids.length]!, i); // warm-up
    for (let start = 0; start < ids.length * 2; start += block) {
      const on = Math.floor(start / block) % 2 === 0;
      await triggers(on);
      for (let i = start; i < start + block; i += 1) {
        const elapsed = await update(ids[Math.floor(i / 2) % ids.length]!, i);
        (on ? withTrigger : withoutTrigger).push(elapsed);
      }
    }
  } finally {
    await triggers(true);
  }
  const result: TriggerOverheadResult = {
    org,
    samples: withTrigger.length,
    with_trigger_p50_ms: round(median(withTrigger), 2),
    without_trigger_p50_ms: round(median(withoutTrigger), 2),
    overhead_p50_ms: round(median(withTrigger) - median(withoutTrigger), 2),
    with_trigger_p95_ms: round(percentile(withTrigger, 95), 2),
    without_trigger_p95_ms: round(percentile(withoutTrigger, 95), 2),
    target_ms: 2,
    within_target: median(withTrigger) - median(withoutTrigger) <= 2,
  };
  log(`scoring: a deal update takes ${result.with_trigger_p50_ms} ms with the scoring trigger, ${result.without_trigger_p50_ms} ms without (+${result.overhead_p50_ms} ms)`);
  return result;
}

/** Both measurements on one connection (as the cluster's owner). */
export async function scoringBench(client: pg.Client, opts: { org?: string; samples?: number; batchSize?: number; log?: Log } = {}): Promise<ScoringBenchResult> {
  const unscored = await client.query<{ n: string }>("select count(*) as n from public.deal_scores where org_id = $1", [opts.org ?? BENCH_CORP]);
  const rescore_first = Number(unscored.rows[0]!.n) === 0 ? await rescoreAllDeals(client, { ...opts, modelChange: false }) : null;
  const rescore_model_change = await rescoreAllDeals(client, { ...opts, modelChange: true });
  const trigger_overhead = await scoringTriggerOverhead(client, opts);
  return { rescore_first, rescore_model_change, trigger_overhead };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const log: Log = (line) => console.error(line);
  const main = async () => {
    let url = option("--db-url");
    let stop = async () => {};
    if (!url) {
      const [{ ensureBenchCluster, parseScale, BENCH_DATA_DIR }, { startPostgres }, { freePort }, { bootstrap }, { migrate }, { dbUrl }] = await Promise.all([
        import("./generate.ts"),
        import("../local/postgres.ts"),
        import("../local/processes.ts"),
        import("../local/bootstrap.ts"),
        import("../local/migrate.ts"),
        import("../local/config.ts"),
      ]);
      await ensureBenchCluster({ fresh: false, scale: parseScale(args), log });
      const port = await freePort();
      const postgres = await startPostgres({ dataDir: BENCH_DATA_DIR, port, durable: false, settings: ["shared_buffers=2GB"], log: () => {} });
      stop = () => postgres.stop();
      url = dbUrl(port);
      const setup = new pg.Client(url);
      await setup.connect();
      await bootstrap(setup);
      await migrate(setup);
      await setup.end();
    }
    const client = new pg.Client(url);
    await client.connect();
    try {
      const result = await scoringBench(client, {
        org: option("--org"),
        samples: option("--samples") ? Number(option("--samples")) : undefined,
        batchSize: option("--batch") ? Number(option("--batch")) : undefined,
        log,
      });
      console.log(JSON.stringify(result, null, 2));
    } finally {
      await client.end();
      await stop();
    }
  };
  main().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
