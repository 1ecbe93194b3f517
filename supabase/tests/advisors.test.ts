import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { supabaseCli } from "../../local/binaries.ts";
import { adminSql } from "../../tests/support/sql.ts";

describe("database hygiene", () => {
  it("Supabase's own advisors report no warning or error", async () => {
    const { stdout } = await promisify(execFile)(
      supabaseCli(),
      ["db", "advisors", `--remote=${inject("stack").dbUrl}`, "--level", "warn", "--output-format", "json"],
      { env: { ...process.env, PGSSLMODE: "disable" }, timeout: 60_000 },
    );
    const report = JSON.parse(stdout) as { results: { name: string; detail: string }[] };
    expect(report.results.map((r) => `${r.name}: ${r.detail}`)).toEqual([]);
  });

  it("every table the API can reach has row level security on", async () => {
    const { rows } = await adminSql((c) =>
      c.query(`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
               where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity`),
    );
    expect(rows).toEqual([]);
  });

  it("every foreign key has an index that starts with its columns", async () => {
    const { rows } = await adminSql((c) =>
      c.query(`select conrelid::regclass::text as table_name, conname from pg_constraint con
               where contype = 'f' and connamespace = 'public'::regnamespace
                 and not exists (select from pg_index i where i.indrelid = con.conrelid
                                 and (i.indkey::int2[])[0:array_length(con.conkey, 1) - 1] = con.conkey)`),
    );
    expect(rows).toEqual([]);
  });
});
