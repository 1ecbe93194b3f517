import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { DEFAULT_PORTS, PROJECT_ROOT, dbUrl } from "./config.ts";
import { writeEnvLocal } from "./env-file.ts";
import { supabaseCli } from "./binaries.ts";
import { bootstrap } from "./bootstrap.ts";
import { migrate } from "./migrate.ts";
import { startPostgres } from "./postgres.ts";
import { ChildRegistry, assertPortsFree, isAlive, waitForHttp } from "./processes.ts";
import { DEMO_LOGINS, DEMO_PASSWORD, reset, seedIfEmpty } from "./seed.ts";
import { startStack, type Stack } from "./stack.ts";

const STATE_DIR = path.join(PROJECT_ROOT, ".local");
const LOCK_FILE = path.join(STATE_DIR, "stack.pid");
const APP_PORT = 5173;
const require = createRequire(import.meta.url);

const say = (line: string) => process.stdout.write(`${line}\n`);

function runningStackPid(): number | undefined {
  if (!existsSync(LOCK_FILE)) return undefined;
  const pid = Number(readFileSync(LOCK_FILE, "utf8"));
  return pid > 0 && isAlive(pid) ? pid : undefined;
}

/** Runs `work` with the cluster up: the running stack's, or one started just for this. */
async function withCluster<T>(work: () => Promise<T>): Promise<T> {
  const postgres = runningStackPid()
    ? undefined
    : await startPostgres({ dataDir: path.join(STATE_DIR, "db"), port: DEFAULT_PORTS.db, durable: true, log: () => {} });
  try {
    return await work();
  } finally {
    await postgres?.stop();
  }
}

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(dbUrl(DEFAULT_PORTS.db));
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function up(withApp: boolean) {
  const other = runningStackPid();
  if (other) throw new Error(`A stack is already running (pid ${other}). Stop it with Ctrl-C in its terminal or \`kill ${other}\`.`);
  const children = new ChildRegistry(path.join(STATE_DIR, "app.json"));
  children.killLeftovers();
  if (withApp) await assertPortsFree({ app: APP_PORT });

  const started = Date.now();
  say("Starting the local Supabase stack…");
  const stack: Stack = await startStack({
    ports: DEFAULT_PORTS,
    stateDir: STATE_DIR,
    durable: true,
    scheduler: true,
    log: (service, line) => {
      if (/error|fatal|panic/i.test(line)) say(`[${service}] ${line}`);
    },
  });
  writeFileSync(LOCK_FILE, String(process.pid));
  let stopping = false;
  const shutdown = async (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    say(`\n${reason}: stopping…`);
    await children.stopAll();
    await stack.stop();
    rmSync(LOCK_FILE, { force: true });
    say("Stopped. Nothing of the stack is left running.");
    process.exit(exitCode);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  try {
    const client = new pg.Client(stack.dbUrl);
    await client.connect();
    const seeded = await seedIfEmpty(client).finally(() => client.end());
    writeEnvLocal(stack.apiUrl, stack.anonKey);

    if (withApp) {
      children.spawn("app", process.execPath, [path.join(path.dirname(require.resolve("vite/package.json")), "bin", "vite.js"), "--port", String(APP_PORT), "--strictPort", "--host", "127.0.0.1"], {
        cwd: PROJECT_ROOT,
        log: (line) => {
          if (/error/i.test(line)) say(`[app] ${line}`);
        },
      });
      await waitForHttp(`http://127.0.0.1:${APP_PORT}/`, "the app's dev server", 60_000);
    }

    say(`\nReady in ${((Date.now() - started) / 1000).toFixed(1)} s${seeded ? " (demo data seeded)" : ""}.`);
    if (withApp) say(`  App        http://127.0.0.1:${APP_PORT}`);
    say(`  API        ${stack.apiUrl}   (REST /rest/v1, Auth /auth/v1, Functions /functions/v1)`);
    say(`  Database   ${stack.dbUrl}`);
    say(`  Anon key   ${stack.anonKey}`);
    say(`  Functions  ${stack.functions.join(", ") || "none"}`);
    say(`\nDemo logins (password: ${DEMO_PASSWORD}):`);
    const width = Math.max(...DEMO_LOGINS.map((l) => l.email.length)) + 2;
    for (const login of DEMO_LOGINS) say(`  ${login.email.padEnd(width)}${login.role}`);
    say("\nCtrl-C stops everything.");
  } catch (error) {
    await shutdown(`Could not start: ${(error as Error).message}`, 1);
  }
}

async function genTypes() {
  await withCluster(async () => {
    await withClient(async (client) => {
      await bootstrap(client);
      await migrate(client);
    });
    const out = execFileSync(
      supabaseCli(),
      ["gen", "types", "typescript", `--remote=${dbUrl(DEFAULT_PORTS.db)}`, "--schema", "public"],
      { encoding: "utf8", env: { ...process.env, PGSSLMODE: "disable" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    // PostgREST 12 lacks newer client features (maxAffected, to-many spreads): pinning the version
    // in the types makes TypeScript reject them.
    const types = out
      .slice(out.indexOf("export type Json"))
      .replace("export type Database = {", 'export type Database = {\n  __InternalSupabase: { PostgrestVersion: "12" }');
    const target = path.join(PROJECT_ROOT, "src", "types", "database.ts");
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, `// Generated by \`npm run gen:types\`. Do not edit.\n${types}`);
    say("Wrote src/types/database.ts");
  });
}

const commands: Record<string, () => Promise<void>> = {
  start: () => up(true),
  stack: () => up(false),
  reset: () =>
    withCluster(() =>
      withClient(async (client) => {
        await reset(client);
        await client.query("notify pgrst, 'reload schema'");
        say("Database rebuilt from supabase/migrations and supabase/seed.sql.");
      }),
    ),
  "gen-types": genTypes,
};

const command = commands[process.argv[2] ?? ""];
if (!command) {
  say(`Usage: tsx local/cli.ts <${Object.keys(commands).join("|")}>`);
  process.exit(2);
}
command().catch((error: Error) => {
  process.stderr.write(`\n${error.message}\n`);
  process.exit(1);
});
