/**
 * CSV import as the browser does it (src/components/records/ImportDialog.tsx): the preview asks
 * import_duplicates which keys exist, then import_records writes the rows in one transaction,
 * skipping duplicates and refusing everything when the database refuses one row.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../src/domain/csv.ts";
import { importKeys, importPayload, previewImport } from "../../src/domain/csvImport.ts";
import { signedInClient, type Client } from "../support/clients.ts";
import { USER } from "../support/demo.ts";
import { adminSql } from "../support/sql.ts";

const RUN = `imp${process.pid}${Date.now()}`;
let rep: Client;
let repWest: Client;
let executive: Client;
let globex: Client;

beforeAll(async () => {
  [rep, repWest, executive, globex] = await Promise.all(
    ["rep@acme.test", "rep.west@acme.test", "exec@acme.test", "rep@globex.test"].map((email) => signedInClient(email)),
  );
});

afterAll(async () => {
  await adminSql(async (c) => {
    await c.query("delete from public.contacts where email like $1", [`%${RUN}%`]);
    await c.query("delete from public.leads where email like $1 or company like $1", [`%${RUN}%`]);
    await c.query("delete from public.accounts where domain like $1", [`%${RUN}%`]);
  });
});

const count = (table: string, like: string) =>
  adminSql(async (c) => Number((await c.query(`select count(*) from public.${table} where ${table === "accounts" ? "domain" : "email"} like $1`, [like])).rows[0].count));

describe("import_records", () => {
  it("imports accounts, skipping a domain repeated in the file and one the organisation already has, owned by the importer", async () => {
    const first = await rep.rpc("import_records", {
      record_type: "accounts",
      rows: [{ line: 2, name: "Existing", domain: `existing-${RUN}.com` }] as never,
    });
    expect(first.error).toBeNull();

    const { data, error } = await rep.rpc("import_records", {
      record_type: "accounts",
      rows: [
        { line: 2, name: "Alpha", domain: `alpha-${RUN}.com`, segment: "smb", tier: 1, employee_count: 40 },
        { line: 3, name: "Alpha again", domain: `ALPHA-${RUN}.com` },
        { line: 4, name: "Existing twice", domain: `existing-${RUN}.com` },
        { line: 5, name: "No domain", industry: "Retail" },
      ] as never,
    });
    expect(error).toBeNull();
    expect(data).toEqual({
      inserted: 2,
      skipped: [
        { line: 3, key: `alpha-${RUN}.com`, reason: "duplicate", duplicate_of: 2 },
        { line: 4, key: `existing-${RUN}.com`, reason: "exists" },
      ],
    });
    const { rows } = await adminSql((c) => c.query("select name, owner_id, segment, tier from public.accounts where domain = $1", [`alpha-${RUN}.com`]));
    expect(rows).toEqual([{ name: "Alpha", owner_id: USER.rep, segment: "smb", tier: 1 }]);
    await adminSql((c) => c.query("delete from public.accounts where name = 'No domain' and owner_id = $1 and industry = 'Retail'", [USER.rep]));
  });

  it("is all or nothing: one refused row leaves nothing behind, and the error names its line", async () => {
    const { data, error } = await rep.rpc("import_records", {
      record_type: "leads",
      rows: [
        { line: 2, company: "Good one", email: `good-${RUN}@example.com`, value: 1000 },
        { line: 7, company: "Bad one", email: `bad-${RUN}@example.com`, value: -5 },
      ] as never,
    });
    expect(data).toBeNull();
    expect(error).toMatchObject({ code: "23514", hint: "import_row_refused", details: '{"line": 7}' });
    expect(error!.message).toMatch(/^Line 7: .*leads_value_not_negative.*Nothing was imported\.$/);
    expect(await count("leads", `%${RUN}%`)).toBe(0);
  });

  it("links contacts to the account with their account domain, and refuses a domain no account has", async () => {
    await rep.rpc("import_records", { record_type: "accounts", rows: [{ line: 2, name: "Linked", domain: `linked-${RUN}.com` }] as never });
    const refused = await rep.rpc("import_records", {
      record_type: "contacts",
      rows: [
        { line: 2, last_name: "Lovelace", email: `ada-${RUN}@example.com`, account_domain: `linked-${RUN}.com` },
        { line: 3, last_name: "Nobody", email: `nobody-${RUN}@example.com`, account_domain: `missing-${RUN}.com` },
      ] as never,
    });
    expect(refused.error?.message).toMatch(/^Line 3: No account has the domain missing-.*Nothing was imported\.$/);
    expect(await count("contacts", `%${RUN}%`)).toBe(0);

    const ok = await rep.rpc("import_records", {
      record_type: "contacts",
      rows: [{ line: 2, last_name: "Lovelace", first_name: "Ada", email: `ada-${RUN}@example.com`, account_domain: `linked-${RUN}.com`, deal_role: "champion" }] as never,
    });
    expect(ok.data).toEqual({ inserted: 1, skipped: [] });
    const { rows } = await adminSql((c) =>
      c.query("select a.domain from public.contacts ct join public.accounts a on a.id = ct.account_id where ct.email = $1", [`ada-${RUN}@example.com`]),
    );
    expect(rows).toEqual([{ domain: `linked-${RUN}.com` }]);
  });

  it("refuses a role that may not create records, and more than 10,000 rows", async () => {
    const executiveImport = await executive.rpc("import_records", { record_type: "accounts", rows: [{ line: 2, name: "Exec", domain: `exec-${RUN}.com` }] as never });
    expect(executiveImport.error?.message).toMatch(/row-level security/);
    expect(await count("accounts", `exec-${RUN}.com`)).toBe(0);

    const tooMany = await rep.rpc("import_records", { record_type: "leads", rows: Array.from({ length: 10_001 }, () => ({ company: "x" })) as never });
    expect(tooMany.error).toMatchObject({ hint: "too_many_rows" });
    const unknown = await rep.rpc("import_records", { record_type: "deals", rows: [] as never });
    expect(unknown.error).toMatchObject({ hint: "invalid_record_type" });
  });
});

describe("the preview's duplicate check", () => {
  it("finds emails anyone in the organisation already has, never another organisation's", async () => {
    await repWest.rpc("import_records", { record_type: "leads", rows: [{ line: 2, company: `West ${RUN}`, email: `west-${RUN}@example.com` }] as never });

    const csv = `Company,Email\nMine ${RUN},west-${RUN}@EXAMPLE.com\nOther ${RUN},fresh-${RUN}@example.com\n`;
    const first = previewImport(parseCsv(csv), "leads");
    if (!first.ok) throw new Error(first.error);
    const { data: existing, error } = await rep.rpc("import_duplicates", { record_type: "leads", keys: importKeys(first) });
    expect(error).toBeNull();
    expect(existing).toEqual([`west-${RUN}@example.com`]);
    const { data: elsewhere } = await globex.rpc("import_duplicates", { record_type: "leads", keys: importKeys(first) });
    expect(elsewhere).toEqual([]);

    const checked = previewImport(parseCsv(csv), "leads", { existingKeys: new Set(existing) });
    if (!checked.ok) throw new Error(checked.error);
    expect(checked.rows.map((row) => row.status)).toEqual(["exists", "valid"]);
    const { data } = await rep.rpc("import_records", { record_type: "leads", rows: importPayload(checked.rows) as never });
    expect(data).toEqual({ inserted: 1, skipped: [] });
    // The database skips it too if it is sent anyway.
    const again = await rep.rpc("import_records", { record_type: "leads", rows: [{ line: 2, company: "Again", email: `west-${RUN}@example.com` }] as never });
    expect(again.data).toEqual({ inserted: 0, skipped: [{ line: 2, key: `west-${RUN}@example.com`, reason: "exists" }] });
  });
});
