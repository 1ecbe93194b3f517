import { mkdirSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import pg from "pg";
import { createAuthServer } from "./auth/server.ts";
import { bootstrap } from "./bootstrap.ts";
import { ANON_KEY, JWT_SECRET, SERVICE_ROLE_KEY, dbUrl, type StackPorts } from "./config.ts";
import { startFunctions } from "./functions.ts";
import { createGateway } from "./gateway.ts";
import { migrate } from "./migrate.ts";
import { clearLeftoverPostmaster, startPostgres } from "./postgres.ts";
import { startPostgrest } from "./postgrest.ts";
import { ChildRegistry, assertPortsFree } from "./processes.ts";
import { createScheduler } from "./scheduler.ts";

export interface StackOptions {
  ports: StackPorts;
  /** Holds the database cluster and the stack's pid bookkeeping. */
  stateDir: string;
  /** Keep data safe across crashes (dev) or trade durability for speed (tests, benches). */
  durable: boolean;
  /** Extra Postgres `name=value` settings, e.g. a bigger shared_buffers for the bench cluster. */
  postgresSettings?: string[];
  /** Extra environment for edge functions, like `supabase secrets set` on hosted. */
  functionEnv?: Record<string, string>;
  scheduler?: boolean;
  log?: (service: string, line: string) => void;
}

export interface Stack {
  apiUrl: string;
  dbUrl: string;
  anonKey: string;
  serviceRoleKey: string;
  ports: StackPorts;
  pool: pg.Pool;
  functions: string[];
  runScheduledJobs(at: Date): Promise<{ name: string; status: number | string }[]>;
  stop(): Promise<void>;
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
}

function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Starts the Docker-free Supabase: Postgres, the platform bootstrap and migrations, PostgREST, the
 * auth service, edge functions, the gateway and the scheduler. If any step fails, what already
 * started is stopped again before the error is thrown.
 */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const log = opts.log ?? (() => {});
  const { ports } = opts;
  mkdirSync(opts.stateDir, { recursive: true });
  const children = new ChildRegistry(path.join(opts.stateDir, "children.json"));
  children.killLeftovers();

  const dataDir = path.join(opts.stateDir, "db");
  const apiUrl = `http://127.0.0.1:${ports.api}`;
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch((error: Error) => log("stack", `stop: ${error.message}`));
    stops.length = 0;
  };

  try {
    clearLeftoverPostmaster(dataDir);
    await assertPortsFree({ api: ports.api, database: ports.db, rest: ports.rest, "rest admin": ports.restAdmin, auth: ports.auth, functions: ports.functions });
    const postgres = await startPostgres({ dataDir, port: ports.db, durable: opts.durable, settings: opts.postgresSettings, log: (l) => log("db", l) });
    stops.push(() => postgres.stop());

    const admin = new pg.Client(dbUrl(ports.db));
    await admin.connect();
    try {
      await bootstrap(admin);
      await migrate(admin);
    } finally {
      await admin.end();
    }

    const pool = new pg.Pool({ connectionString: dbUrl(ports.db), max: 10 });
    // An idle connection dropped by a Postgres shutdown is not a crash of the stack.
    pool.on("error", (error) => log("stack", `database pool: ${error.message}`));
    stops.push(() => pool.end());

    stops.push(() => children.stopAll());
    await startPostgrest(children, { port: ports.rest, adminPort: ports.restAdmin, dbPort: ports.db, jwtSecret: JWT_SECRET, log: (l) => log("rest", l) });

    const auth = createAuthServer({ pool, jwtSecret: JWT_SECRET, issuer: `${apiUrl}/auth/v1` });
    await listen(auth, ports.auth);
    stops.push(() => close(auth));

    const functions = await startFunctions(children, {
      port: ports.functions,
      jwtSecret: JWT_SECRET,
      env: {
        SUPABASE_URL: apiUrl,
        SUPABASE_ANON_KEY: ANON_KEY,
        SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY,
        SUPABASE_DB_URL: dbUrl(ports.db),
        ...opts.functionEnv,
      },
      log: (l) => log("functions", l),
    });
    stops.push(() => close(functions.server));

    const gateway = createGateway({
      apiKeys: [ANON_KEY, SERVICE_ROLE_KEY],
      routes: [
        { prefix: "/rest/v1", port: ports.rest, requiresApiKey: true },
        { prefix: "/auth/v1", port: ports.auth, requiresApiKey: true, open: /^\/(health|verify|callback|authorize)\/?$/ },
        { prefix: "/functions/v1", port: ports.functions, requiresApiKey: false },
      ],
    });
    await listen(gateway, ports.api);
    stops.push(() => close(gateway));

    const scheduler = createScheduler({
      pool,
      functionsUrl: `${apiUrl}/functions/v1`,
      serviceRoleKey: SERVICE_ROLE_KEY,
      log: (l) => log("scheduler", l),
    });
    if (opts.scheduler) {
      scheduler.start();
      stops.push(async () => scheduler.stop());
    }

    return {
      apiUrl,
      dbUrl: dbUrl(ports.db),
      anonKey: ANON_KEY,
      serviceRoleKey: SERVICE_ROLE_KEY,
      ports,
      pool,
      functions: functions.functions,
      runScheduledJobs: scheduler.tick,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
