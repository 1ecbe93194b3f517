/**
 * Builds (or reuses) the bench cluster in `.local/bench/`: a fresh Postgres, the platform bootstrap
 * and every migration, then bench/generate.sql step by step. A marker row (bench.generated) holds
 * the generator's version (a hash of generate.sql) and scale; a later run reuses the cluster when
 * both match and no migration it was built with has changed since. New migrations are fine: the
 * stack applies them when it starts.
 *
 *   npx tsx bench/generate.ts [--fresh | --reuse-stale] [--scale 0.1]
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { bootstrap } from "../local/bootstrap.ts";
import { PROJECT_ROOT, dbUrl } from "../local/config.ts";
import { MIGRATIONS_DIR, listMigrations, migrate } from "../local/migrate.ts";
import { startPostgres } from "../local/postgres.ts";
import { freePort } from "../local/processes.ts";

export const BENCH_STATE_DIR = path.join(PROJECT_ROOT, ".local", "bench");
export const BENCH_DATA_DIR = path.join(BENCH_STATE_DIR, "db");
const GENERATE_SQL = path.join(PROJECT_ROOT, "bench", "generate.sql");

/**
 * Bulk-load settings: big sort memory, no WAL for the freshly truncated tables, no autovacuum. Index
 * builds are not parallelised inside Postgres: the driver runs two at once instead (GIN builds,
 * the trigram indexes, cannot use parallel workers anyway).
 */
const GENERATE_SETTINGS = [
  "shared_buffers=2GB",
  "maintenance_work_mem=1GB",
  "max_parallel_maintenance_workers=0",
  "wal_level=minimal",
  "max_wal_senders=0",
  "max_wal_size=16GB",
  "checkpoint_timeout=1h",
  "autovacuum=off",
];

/** Steps (and restore items) run on this many connections at once: the machine's two cores. */
const LANES = 2;

export function generatorVersion(): string {
  return createHash("sha256").update(readFileSync(GENERATE_SQL)).digest("hex").slice(0, 12);
}

export interface Step {
  name: string;
  after: string[];
  sql: string;
}

/** generate.sql split at its `-- @step <name> [after <step> ...]` lines. */
export function steps(sql = readFileSync(GENERATE_SQL, "utf8")): Step[] {
  const result: Step[] = [];
  for (const line of sql.split("\n")) {
    const marker = /^-- @step (\S+)(?: after (.+))?$/.exec(line);
    if (marker) result.push({ name: marker[1]!, after: marker[2]?.trim().split(/\s+/) ?? [], sql: "" });
    else if (result.length > 0) result[result.length - 1]!.sql += `${line}\n`;
  }
  const names = new Set(result.map((s) => s.name));
  for (const step of result) {
    const unknown = step.after.filter((name) => !names.has(name));
    if (unknown.length) throw new Error(`bench/generate.sql: step ${step.name} waits for unknown step(s) ${unknown.join(", ")}`);
  }
  return result;
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

/** Runs `jobs` on the given connections, each job on the first free one, in order. */
async function runOnLanes<T>(clients: pg.Client[], jobs: T[], run: (client: pg.Client, job: T) => Promise<void>) {
  const queue = [...jobs];
  await Promise.all(
    clients.map(async (client) => {
      for (let job = queue.shift(); job !== undefined; job = queue.shift()) await run(client, job);
    }),
  );
}

/** A statement that lost a deadlock (a restore racing another on a shared table) is run again once. */
async function queryRetryingDeadlock(client: pg.Client, text: string) {
  try {
    await client.query(text);
  } catch (error) {
    if ((error as { code?: string }).code !== "40P01") throw error;
    await client.query(text);
  }
}

/**
 * The `restore` step: what `unconstrain` dropped comes back in three phases: primary and unique
 * keys (one table's on one connection, as each takes the table's exclusive lock), foreign keys one
 * at a time (each validates against the generated rows and locks two tables), then the indexes,
 * two at a time.
 */
async function restore(clients: pg.Client[], log: (line: string) => void) {
  for (const client of clients) await client.query("set session_replication_role = origin");
  const { rows } = await clients[0]!.query<{ kind: string; table_name: string; name: string; definition: string }>(
    "select kind, table_name, name, definition from bench.saved_definitions order by ord",
  );
  const statement = (d: (typeof rows)[number]) =>
    d.kind === "index" ? d.definition : `alter table ${d.table_name} add constraint "${d.name.replaceAll('"', '""')}" ${d.definition}`;
  const timed = async (client: pg.Client, d: (typeof rows)[number]) => {
    const started = performance.now();
    await queryRetryingDeadlock(client, statement(d));
    log(`generate:   ${d.kind} ${d.name}: ${seconds(started)} s`);
  };
  const keysByTable = new Map<string, typeof rows>();
  for (const d of rows.filter((d) => d.kind === "key")) keysByTable.set(d.table_name, [...(keysByTable.get(d.table_name) ?? []), d]);
  // The biggest tables first, so that the two connections finish together.
  const sizes = await clients[0]!.query<{ name: string; pages: number }>(
    "select c.oid::regclass::text as name, c.relpages as pages from pg_class c where c.oid::regclass::text = any ($1)",
    [[...keysByTable.keys()]],
  );
  const pages = new Map(sizes.rows.map((r) => [r.name, r.pages]));
  const tables = [...keysByTable.keys()].sort((a, b) => (pages.get(b) ?? 0) - (pages.get(a) ?? 0));
  await runOnLanes(clients, tables, async (client, table) => {
    for (const d of keysByTable.get(table)!) await timed(client, d);
  });
  for (const d of rows.filter((d) => d.kind === "foreign key")) await timed(clients[0]!, d);
  const indexes = rows.filter((d) => d.kind === "index").sort((a, b) => (pages.get(b.table_name) ?? 0) - (pages.get(a.table_name) ?? 0));
  await runOnLanes(clients, indexes, timed);
}

/** Runs the steps of generate.sql, each as soon as the steps it waits for are done, on the given connections. */
async function runSteps(clients: pg.Client[], all: Step[], log: (line: string) => void) {
  const done = new Set<string>();
  const started = new Set<string>();
  let wake: () => void = () => {};
  let failed: Error | undefined;
  const ready = () => all.find((s) => !started.has(s.name) && s.after.every((name) => done.has(name)));
  await Promise.all(
    clients.map(async (client, lane) => {
      while (done.size < all.length && !failed) {
        const step = ready();
        if (!step) {
          await new Promise<void>((resolve) => {
            const previous = wake;
            wake = () => {
              previous();
              resolve();
            };
          });
          continue;
        }
        started.add(step.name);
        const stepStarted = performance.now();
        try {
          if (step.name === "restore") await restore(clients.slice(lane).concat(clients.slice(0, lane)), log);
          else await client.query(step.sql);
        } catch (error) {
          failed ??= new Error(`bench/generate.sql step "${step.name}" failed: ${(error as Error).message}`);
        }
        if (!failed) log(`generate: ${step.name} ${seconds(stepStarted)} s`);
        done.add(step.name);
        const release = wake;
        wake = () => {};
        release();
      }
    }),
  );
  if (failed) throw failed;
}

export interface GeneratedInfo {
  version: string;
  scale: number;
  seconds: number;
  /** The machine's 1-minute load average while generating (other work on the machine slows it down). */
  loadAverage: number;
  generatedAt: string;
  counts: Record<string, number>;
}

/**
 * Why the cached cluster cannot be reused, or undefined when it can. `schemaOnly`: the data set is
 * whole, only migrations it was built with changed (what --reuse-stale accepts).
 */
async function staleReason(client: pg.Client, scale: number): Promise<{ reason: string; schemaOnly: boolean } | undefined> {
  const reason = await dataReason(client, scale);
  if (reason) return { reason, schemaOnly: false };
  const applied = await client.query<{ version: string; sql: string }>("select version, statements[1] as sql from supabase_migrations.schema_migrations");
  const files = new Map(listMigrations().map((m) => [m.version, m.file]));
  const changed: string[] = [];
  for (const { version, sql } of applied.rows) {
    const file = files.get(version);
    if (!file) changed.push(`${version} (gone)`);
    else if (readFileSync(path.join(MIGRATIONS_DIR, file), "utf8") !== sql) changed.push(file);
  }
  return changed.length ? { reason: `migrations changed since the data set was built: ${changed.join(", ")}`, schemaOnly: true } : undefined;
}

async function dataReason(client: pg.Client, scale: number): Promise<string | undefined> {
  const { rows } = await client.query<{ marker: string | null }>("select to_regclass('bench.generated')::text as marker");
  if (!rows[0]?.marker) return "no finished data set in it";
  const marker = await client.query<{ version: string; scale: string; seconds: string | null }>("select version, scale, seconds from bench.generated");
  const row = marker.rows[0];
  if (!row || row.seconds === null) return "the last generation did not finish";
  if (row.version !== generatorVersion()) return `bench/generate.sql changed (${row.version} → ${generatorVersion()})`;
  if (Number(row.scale) !== scale) return `it was generated at scale ${row.scale}, not ${scale}`;
  return undefined;
}

export async function readGeneratedInfo(client: pg.Client): Promise<GeneratedInfo> {
  const { rows } = await client.query<{ version: string; scale: string; seconds: string; load_average: string; generated_at: Date; counts: Record<string, number> }>(
    "select version, scale, seconds, load_average, generated_at, counts from bench.generated",
  );
  const row = rows[0]!;
  return {
    version: row.version,
    scale: Number(row.scale),
    seconds: Number(row.seconds),
    loadAverage: Number(row.load_average),
    generatedAt: row.generated_at.toISOString(),
    counts: row.counts,
  };
}

async function withPostgres<T>(settings: string[], log: (line: string) => void, fn: (clients: pg.Client[]) => Promise<T>, connections = 1): Promise<T> {
  const port = await freePort();
  const postgres = await startPostgres({
    dataDir: BENCH_DATA_DIR,
    port,
    durable: false,
    settings,
    log: (line) => {
      if (/error|fatal|panic|detail|context|statement|process \d+/i.test(line)) log(`[db] ${line}`);
    },
  });
  const clients: pg.Client[] = [];
  try {
    for (let i = 0; i < connections; i += 1) {
      const client = new pg.Client(dbUrl(port));
      await client.connect();
      client.on("notice", (notice) => log(`generate: ${notice.message}`));
      clients.push(client);
    }
    return await fn(clients);
  } finally {
    for (const client of clients) await client.end().catch(() => undefined);
    await postgres.stop();
  }
}

/** Drops whatever is in `.local/bench/`, migrates a new cluster and runs generate.sql on it. */
export async function generate({ scale, log }: { scale: number; log: (line: string) => void }): Promise<GeneratedInfo> {
  rmSync(BENCH_STATE_DIR, { recursive: true, force: true });
  const started = performance.now();
  const load = os.loadavg()[0]!;
  return withPostgres(
    GENERATE_SETTINGS,
    log,
    async (clients) => {
      const client = clients[0]!;
      await bootstrap(client);
      await migrate(client);
      log(`generate: migrated in ${seconds(started)} s`);
      for (const c of clients) await c.query("select set_config('bench.scale', $1, false)", [String(scale)]);
      await runSteps(clients, steps(), log);
      const { rows } = await client.query<{ counts: Record<string, number> }>(`
        select jsonb_object_agg(t.name, t.n) as counts from (
          select 'organizations' as name, count(*) as n from public.organizations union all
          select 'profiles', count(*) from public.profiles union all
          select 'teams', count(*) from public.teams union all
          select 'accounts', count(*) from public.accounts union all
          select 'contacts', count(*) from public.contacts union all
          select 'deals', count(*) from public.deals union all
          select 'deal_stage_history', count(*) from public.deal_stage_history union all
          select 'leads', count(*) from public.leads union all
          select 'activities', count(*) from public.activities
        ) t`);
      const total = Math.round((performance.now() - started) / 100) / 10;
      const loadAverage = Math.round(((load + os.loadavg()[0]!) / 2) * 10) / 10;
      await client.query("insert into bench.generated (version, scale, seconds, load_average, counts) values ($1, $2, $3, $4, $5)", [
        generatorVersion(),
        scale,
        total,
        loadAverage,
        rows[0]!.counts,
      ]);
      await client.query("checkpoint");
      log(`generate: done in ${total} s (machine load average about ${loadAverage} on ${os.cpus().length} cores): ${JSON.stringify(rows[0]!.counts)}`);
      return readGeneratedInfo(client);
    },
    LANES,
  );
}

/**
 * The bench cluster, generated when missing, stale or asked for (`fresh`). `generated` says whether
 * this call built it. `reuseStale` keeps a data set whose applied migrations changed since (their
 * new text is then not what the bench measures: `staleMigrations` says so).
 */
export async function ensureBenchCluster({ fresh, reuseStale = false, scale, log }: { fresh: boolean; reuseStale?: boolean; scale: number; log: (line: string) => void }): Promise<{ info: GeneratedInfo; generated: boolean; staleMigrations?: string }> {
  if (!fresh && existsSync(path.join(BENCH_DATA_DIR, "PG_VERSION"))) {
    const stale = await withPostgres([], log, async ([client]) => staleReason(client!, scale)).catch((error: Error) => ({ reason: `it does not start (${error.message})`, schemaOnly: false }));
    if (!stale || (stale.schemaOnly && reuseStale)) {
      const info = await withPostgres([], log, ([client]) => readGeneratedInfo(client!));
      log(`bench: reusing the data set in ${path.relative(PROJECT_ROOT, BENCH_STATE_DIR)} (generated in ${info.seconds} s on ${info.generatedAt}); --fresh rebuilds it`);
      if (stale) log(`bench: WARNING (--reuse-stale): ${stale.reason}; the bench measures the schema as it was then`);
      return { info, generated: false, staleMigrations: stale?.reason };
    }
    log(`bench: regenerating the data set: ${stale.reason}${stale.schemaOnly ? " (--reuse-stale keeps it anyway)" : ""}`);
  } else {
    log(fresh ? "bench: generating a fresh data set (--fresh)" : "bench: no cached data set yet; generating one (takes minutes)");
  }
  return { info: await generate({ scale, log }), generated: true };
}

export function parseScale(args: string[]): number {
  const i = args.indexOf("--scale");
  if (i < 0) return 1;
  const scale = Number(args[i + 1]);
  if (!(scale > 0 && scale <= 1)) throw new Error("--scale takes a number in (0, 1]");
  return scale;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const log = (line: string) => console.error(line);
  ensureBenchCluster({ fresh: args.includes("--fresh"), reuseStale: args.includes("--reuse-stale"), scale: parseScale(args), log })
    .then(({ info }) => console.log(JSON.stringify(info, null, 2)))
    .catch((error: Error) => {
      console.error(error.message);
      process.exit(1);
    });
}
