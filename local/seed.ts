import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type pg from "pg";
import { parse as parseToml } from "smol-toml";
import { PROJECT_ROOT } from "./config.ts";
import { bootstrap } from "./bootstrap.ts";
import { migrate } from "./migrate.ts";

const SUPABASE_DIR = path.join(PROJECT_ROOT, "supabase");

/** The seed files `[db.seed] sql_paths` in supabase/config.toml names, globs expanded, in order. */
export function seedFiles(supabaseDir = SUPABASE_DIR): string[] {
  const config = parseToml(readFileSync(path.join(supabaseDir, "config.toml"), "utf8")) as { db?: { seed?: { sql_paths?: string[] } } };
  return (config.db?.seed?.sql_paths ?? ["./seed.sql"]).flatMap((pattern) => {
    const full = path.join(supabaseDir, pattern);
    const base = path.basename(full);
    if (!base.includes("*")) return existsSync(full) ? [full] : [];
    const dir = path.dirname(full);
    const matcher = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
    return existsSync(dir) ? readdirSync(dir).filter((f) => matcher.test(f)).sort().map((f) => path.join(dir, f)) : [];
  });
}

/** The demo logins seed.sql creates, printed by `npm start`. */
export const DEMO_LOGINS = [
  { email: "admin@acme.test", role: "admin" },
  { email: "exec@acme.test", role: "executive" },
  { email: "manager@acme.test", role: "manager of team East" },
  { email: "rep@acme.test", role: "rep in team East" },
  { email: "rep2@acme.test", role: "rep in team East" },
  { email: "manager.west@acme.test", role: "manager of team West" },
  { email: "rep.west@acme.test", role: "rep in team West" },
  { email: "cs@acme.test", role: "cs_manager (lead CSM)" },
  { email: "csm@acme.test", role: "cs_manager (own customers only)" },
  { email: "rep@globex.test", role: "rep (second organisation)" },
] as const;
export const DEMO_PASSWORD = "demo-password";

export async function seed(client: pg.Client) {
  await client.query("begin");
  for (const file of seedFiles()) {
    try {
      await client.query(readFileSync(file, "utf8"));
    } catch (error) {
      await client.query("rollback");
      throw new Error(`${path.relative(PROJECT_ROOT, file)} failed: ${(error as Error).message}`);
    }
  }
  await client.query("commit");
}

/** A database with no organisation has never been seeded (or was emptied): give it the demo. */
export async function seedIfEmpty(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ empty: boolean }>("select not exists (select from public.organizations) as empty");
  if (!rows[0]?.empty) return false;
  await seed(client);
  return true;
}

/**
 * `npm run db:reset`: drops everything the migrations and the auth service created and builds it
 * again from migrations and seed, like `supabase db reset`.
 */
export async function reset(client: pg.Client) {
  await client.query(`
    drop schema if exists public cascade;
    drop schema if exists private cascade;
    drop schema if exists auth cascade;
    drop schema if exists supabase_migrations cascade;
    create schema public;`);
  await bootstrap(client);
  await migrate(client);
  await seed(client);
}
