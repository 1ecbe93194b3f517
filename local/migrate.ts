import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type pg from "pg";
import { PROJECT_ROOT } from "./config.ts";

export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "supabase", "migrations");

export class MigrationError extends Error {
  constructor(readonly file: string, readonly cause: Error & { position?: string; where?: string }) {
    super(`Migration ${file} failed: ${cause.message}${cause.where ? `\n  where: ${cause.where}` : ""}`);
  }
}

export interface Migration {
  version: string;
  name: string;
  file: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d+_.+\.sql$/.test(file))
    .map((file) => {
      const [, version, name] = /^(\d+)_(.+)\.sql$/.exec(file)!;
      return { version: version!, name: name!, file };
    })
    .sort((a, b) => a.version.localeCompare(b.version));
}

/**
 * Applies pending migrations in version order, each in its own transaction, and records them
 * where the Supabase CLI does, so `supabase db push` against a hosted project agrees with us.
 */
export async function migrate(client: pg.Client, dir = MIGRATIONS_DIR): Promise<Migration[]> {
  await client.query(`
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (
      version text primary key, statements text[], name text
    );`);
  const { rows } = await client.query<{ version: string }>("select version from supabase_migrations.schema_migrations");
  const applied = new Set(rows.map((row) => row.version));
  const pending = listMigrations(dir).filter((m) => !applied.has(m.version));
  for (const migration of pending) {
    const sql = readFileSync(path.join(dir, migration.file), "utf8");
    try {
      await client.query("begin");
      await client.query(sql);
      await client.query("insert into supabase_migrations.schema_migrations (version, statements, name) values ($1, $2, $3)", [
        migration.version,
        [sql],
        migration.name,
      ]);
      await client.query("commit");
    } catch (error) {
      await client.query("rollback");
      throw new MigrationError(migration.file, error as Error);
    }
  }
  await client.query("notify pgrst, 'reload schema'");
  return pending;
}
