import { postgrestBinary } from "./binaries.ts";
import { dbUrl } from "./config.ts";
import type { ChildRegistry } from "./processes.ts";
import { waitForHttp } from "./processes.ts";

/** PostgREST 12 configured as the Supabase CLI runs it. */
export async function startPostgrest(
  children: ChildRegistry,
  opts: { port: number; adminPort: number; dbPort: number; jwtSecret: string; log: (line: string) => void },
) {
  children.spawn("postgrest", postgrestBinary(), [], {
    env: {
      PATH: process.env.PATH,
      PGRST_DB_URI: dbUrl(opts.dbPort, "authenticator", "postgres"),
      PGRST_DB_SCHEMAS: "public",
      PGRST_DB_ANON_ROLE: "anon",
      PGRST_DB_EXTRA_SEARCH_PATH: "public,extensions",
      PGRST_DB_MAX_ROWS: "1000",
      PGRST_DB_POOL: "20",
      PGRST_DB_CHANNEL_ENABLED: "true",
      PGRST_JWT_SECRET: opts.jwtSecret,
      PGRST_SERVER_HOST: "127.0.0.1",
      PGRST_SERVER_PORT: String(opts.port),
      PGRST_ADMIN_SERVER_PORT: String(opts.adminPort),
      PGRST_LOG_LEVEL: "warn",
    },
    log: opts.log,
  });
  await waitForHttp(`http://127.0.0.1:${opts.adminPort}/ready`, "PostgREST to be ready");
}
