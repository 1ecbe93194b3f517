import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { MigrationError, migrate } from "../../local/migrate.ts";
import { adminSql } from "../../tests/support/sql.ts";

describe("migrations", () => {
  it("all apply from zero and are recorded where the Supabase CLI records them", async () => {
    const files = readdirSync(path.join(import.meta.dirname, "..", "migrations")).filter((f) => f.endsWith(".sql"));
    const { rows } = await adminSql((c) => c.query("select version, name from supabase_migrations.schema_migrations order by version"));
    expect(rows.map((r) => `${r.version}_${r.name}.sql`)).toEqual(files.sort());
  });

  it("a broken migration stops the run, names the file and the Postgres error, and leaves nothing half-applied", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "migrations-"));
    writeFileSync(path.join(dir, "001_good.sql"), "create table public.good (id int primary key);");
    writeFileSync(path.join(dir, "002_broken.sql"), "create table public.half (id int); select * from public.missing_table;");
    writeFileSync(path.join(dir, "003_never.sql"), "create table public.never (id int);");
    const database = `scratch_${process.pid}_${Date.now()}`;
    await adminSql((c) => c.query(`create database ${database}`));
    const url = new URL(await adminSql(async (c) => `postgres://postgres:postgres@127.0.0.1:${c.port}/${database}`));
    const client = new pg.Client(url.toString());
    await client.connect();
    try {
      const error = await migrate(client, dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as Error).message).toMatch(/002_broken\.sql/);
      expect((error as Error).message).toMatch(/relation "public.missing_table" does not exist/);
      const { rows } = await client.query(
        "select to_regclass('public.good') as good, to_regclass('public.half') as half, to_regclass('public.never') as never",
      );
      expect(rows[0]).toEqual({ good: "good", half: null, never: null });
      const applied = await client.query("select version from supabase_migrations.schema_migrations");
      expect(applied.rows.map((r) => r.version)).toEqual(["001"]);
    } finally {
      await client.end();
      await adminSql((c) => c.query(`drop database ${database}`));
    }
  });
});
