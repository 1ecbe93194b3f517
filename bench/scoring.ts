/**
 * Deal scoring at scale (issue 5): scoring every deal of the bench organisation (target: 1,000,000
 * deals ≤ 60 s), an admin's model change (every open deal), and what the scoring trigger adds to
 * one deal update (target: ≤ 2 ms, median, against the same update with the trigger disabled).
 * bench/run.ts calls `scoringBench` with its cluster's database URL; alone:
 *
 *   npx tsx bench/scoring.ts [--db-url postgres://…] [--scale 0.1] [--samples 200] [--batch 20000]
 *
 * without --db-url it starts the stack on the bench cluster in .local/bench/ (generating it when
 * missing; the stack applies the migrations it lacks), measures and prints JSON. The measurements
 * work through the same SQL the product runs: private.queue_rescore + public.rescore_deals_step
 * (one transaction per batch, as the rescore-deals function drives it) and the statement trigger
 * on deals.
 */
import { pathToFileURL } from "node:url";
import pg from "pg";
import { percentile, round } from "./stats.ts";

const BENCH_CORP = "b0000000-0000-4000-8000-000000000001";

export interface RescoreResult {
  org: string;
  /** "every deal": all deals scored from none (each one a new score row and a history row); "open deals": a model change as saving one runs it. */
  case: "every deal" | "open deals";
  deals: number;
  batch_size: number;
  batches: number;
  changed: number;
  seconds: number;
  deals_per_second: number;
  /** The budget scaled to the deals scored: 60 s per 1,000,000. */
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
  /** The target: every deal of the organisation scored, each score row and history row written. */
  score_every_deal: RescoreResult;
  /** What an admin's model change runs: every open deal rescored (closed deals keep the score they closed with). */
  model_change: RescoreResult;
  trigger_overhead: TriggerOverheadResult;
}

type Log = (line: string) => void;
const median = (values: number[]) => percentile(values, 50);

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
 * Times one rescore run of `org` in batches of `batchSize`, one transaction each, the way the
 * rescore-deals function drives it, after activating a new model version (so every score moves).
 * "every deal" first deletes the organisation's stored scores (untimed), so that all deals, open
 * and closed, get a new score row and a history row: the most a run can write. The history rows
 * the run wrote are deleted afterwards, so the cached cluster does not grow from run to run.
 */
export async function rescoreDeals(
  [client, ...others]: pg.Client[],
  { org = BENCH_CORP, batchSize = 20_000, scope, log = () => {} }: { org?: string; batchSize?: number; scope: "all" | "open"; log?: Log },
): Promise<RescoreResult> {
  const label = scope === "all" ? "every deal" : "open deals";
  if (scope === "all") {
    await client!.query("delete from public.deal_scores where org_id = $1", [org]);
    await client!.query("vacuum public.deal_scores");
  }
  log(`scoring (${label}): activated model version ${await activateNewModel(client!, org)}`);
  const since = (await client!.query<{ now: Date }>("select clock_timestamp() as now")).rows[0]!.now;
  const queued = await client!.query<{ id: string; total: number }>("select id, total from private.queue_rescore($1, 'model_change', $2)", [org, scope]);
  const run = queued.rows[0]!;
  const workers = [client!, ...others];
  log(`scoring (${label}): rescoring ${run.total} deals in batches of ${batchSize}, ${workers.length} connections at once (as the rescore-deals function)`);
  const started = performance.now();
  let batches = 0;
  let state = { status: "queued", done: 0, changed: 0 };
  // The rescore-deals function's loop, once per connection: each step takes a part of the run nobody is working on.
  const work = async (worker: pg.Client) => {
    let mine = { status: "queued", done: 0 };
    while (mine.status === "queued" || mine.status === "running") {
      const { rows } = await worker.query<{ status: string; done: number; changed: number; error: string | null }>(
        "select status, done, changed, error from public.rescore_deals_step($1, $2)",
        [run.id, batchSize],
      );
      const next = rows[0]!;
      batches += 1;
      if (next.status === "failed") throw new Error(`rescore failed: ${next.error}`);
      if (next.done >= state.done) state = next;
      if (batches % 10 === 0) log(`scoring (${label}): ${state.done} / ${run.total} after ${round((performance.now() - started) / 1000)} s`);
      const stalled = next.status === mine.status && next.done === mine.done;
      mine = next;
      if (stalled) break;
    }
  };
  await Promise.all(workers.map(work));
  state = (await client!.query<{ status: string; done: number; changed: number }>("select status, done, changed from public.rescore_runs where id = $1", [run.id])).rows[0]!;
  if (state.status !== "done") throw new Error(`rescore ended ${state.status}`);
  const seconds = (performance.now() - started) / 1000;
  await client!.query("delete from public.deal_score_history where org_id = $1 and scored_at >= $2", [org, since]);
  await client!.query("vacuum public.deal_score_history, public.deal_scores");
  const target = (60 * state.done) / 1_000_000;
  const result: RescoreResult = {
    org,
    case: label,
    deals: state.done,
    batch_size: batchSize,
    batches,
    changed: state.changed,
    seconds: round(seconds),
    deals_per_second: Math.round(state.done / seconds),
    target_seconds: round(target),
    within_target: seconds <= target,
  };
  log(`scoring (${label}): rescored ${result.deals} deals in ${result.seconds} s (${result.deals_per_second}/s, ${result.changed} changed)`);
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

/** The three measurements, as the cluster's owner (two connections, as the rescore-deals function uses). */
export async function scoringBench(dbUrl: string, opts: { org?: string; samples?: number; batchSize?: number; log?: Log } = {}): Promise<ScoringBenchResult> {
  const clients = [new pg.Client(dbUrl), new pg.Client(dbUrl)];
  await Promise.all(clients.map((c) => c.connect()));
  try {
    const score_every_deal = await rescoreDeals(clients, { ...opts, scope: "all" });
    const model_change = await rescoreDeals(clients, { ...opts, scope: "open" });
    const trigger_overhead = await scoringTriggerOverhead(clients[0]!, opts);
    return { score_every_deal, model_change, trigger_overhead };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
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
      const [{ ensureBenchCluster, parseScale }, { startBenchStack }] = await Promise.all([import("./generate.ts"), import("./stack.ts")]);
      await ensureBenchCluster({ fresh: false, scale: parseScale(args), log });
      const stack = await startBenchStack(log);
      stop = () => stack.stop();
      url = stack.dbUrl;
    }
    try {
      const result = await scoringBench(url, {
        org: option("--org"),
        samples: option("--samples") ? Number(option("--samples")) : undefined,
        batchSize: option("--batch") ? Number(option("--batch")) : undefined,
        log,
      });
      console.log(JSON.stringify(result, null, 2));
    } finally {
      await stop();
    }
  };
  main().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
