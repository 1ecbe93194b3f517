import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type pg from "pg";
import { PROJECT_ROOT } from "./config.ts";

const BOOTSTRAP_DIR = path.join(PROJECT_ROOT, "local", "bootstrap");

/**
 * Recreates what hosted Supabase provides before any project migration runs: API roles, the
 * `extensions` schema and the `auth` schema. Idempotent, so it runs on every start.
 */
export async function bootstrap(client: pg.Client) {
  for (const file of readdirSync(BOOTSTRAP_DIR).filter((f) => f.endsWith(".sql")).sort()) {
    await client.query(readFileSync(path.join(BOOTSTRAP_DIR, file), "utf8"));
  }
}
