/**
 * CSV export of a list through the gateway, as the browser calls it (src/hooks/useCsv.ts): every
 * row the list's filters select that the caller may read, never another team's or organisation's.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { parseCsv } from "../../src/domain/csv.ts";
import { signedInClient, type Client } from "../support/clients.ts";
import { USER } from "../support/demo.ts";
import { adminSql } from "../support/sql.ts";

const url = () => `${inject("stack").apiUrl}/functions/v1/export-csv`;

async function token(client: Client) {
  const { data } = await client.auth.getSession();
  return data.session!.access_token;
}

async function exportCsv(client: Client | null, body: unknown) {
  return fetch(url(), {
    method: "POST",
    headers: {
      authorization: `Bearer ${client ? await token(client) : inject("stack").anonKey}`,
      apikey: inject("stack").anonKey,
      "content-type": "application/json",
    },
    body: JSON.stringify(body),
  });
}

/** The file's header and rows, checked to be well-formed CSV. */
async function rowsOf(res: Response) {
  expect(res.status, await res.clone().text()).toBe(200);
  const parsed = parseCsv(await res.text());
  if (!parsed.ok) throw new Error(parsed.error);
  return { header: parsed.header, rows: parsed.records.map((r) => r.cells) };
}

const dealsBody = (filters: unknown[] = [], search: unknown = null) => ({
  object: "deals",
  columns: [
    { id: "id", label: "Id" },
    { id: "name", label: "Deal" },
    { id: "owner_id", label: "Owner id" },
    { id: "amount", label: "Amount" },
  ],
  query: { filters, search, order: [{ column: "expected_close_date", ascending: true }] },
});

const ownersOf = (rows: string[][]) => new Set(rows.map((row) => row[2]));

let rep: Client;
let repWest: Client;
let manager: Client;
let globex: Client;
let ownersByTeam: { east: string[]; west: string[] };

beforeAll(async () => {
  [rep, repWest, manager, globex] = await Promise.all(
    ["rep@acme.test", "rep.west@acme.test", "manager@acme.test", "rep@globex.test"].map((email) => signedInClient(email)),
  );
  const { rows } = await adminSql((c) =>
    c.query<{ team: string; ids: string[] }>(
      "select t.name as team, array_agg(p.id::text) as ids from public.profiles p join public.teams t on t.id = p.team_id group by t.name",
    ),
  );
  ownersByTeam = { east: rows.find((r) => r.team === "East")!.ids, west: rows.find((r) => r.team === "West")!.ids };
});

describe("export-csv", () => {
  it("exports every deal a rep may read, all pages of it, and nobody else's", async () => {
    const { header, rows } = await rowsOf(await exportCsv(rep, dealsBody()));
    expect(header).toEqual(["Id", "Deal", "Owner id", "Amount"]);
    const { count } = await rep.from("deal_list").select("id", { count: "exact", head: true });
    expect(rows.length).toBe(count);
    expect(rows.length).toBeGreaterThan(0);
    expect(ownersOf(rows)).toEqual(new Set([USER.rep]));
  });

  it("exports each deal's score and class as the deals list shows them", async () => {
    const body = { ...dealsBody(), columns: [{ id: "id", label: "Id" }, { id: "score", label: "Score" }, { id: "score_class", label: "Class" }] };
    const { header, rows } = await rowsOf(await exportCsv(rep, body));
    expect(header).toEqual(["Id", "Score", "Class"]);
    const { data } = await rep.from("deal_list").select("id, score, score_class").limit(5000);
    const listed = new Map(data!.map((d) => [d.id, [d.score === null ? "" : String(d.score), d.score_class ?? ""]]));
    expect(rows.length).toBe(listed.size);
    expect(rows.every(([id, score, cls]) => listed.get(id!)?.join() === [score, cls].join())).toBe(true);
    expect(rows.some(([, score]) => score !== "")).toBe(true);
  });

  it("a manager's export holds their team's deals and never the other team's; another team's rep sees none of them", async () => {
    const managerRows = (await rowsOf(await exportCsv(manager, dealsBody()))).rows;
    expect([...ownersOf(managerRows)].every((owner) => ownersByTeam.east.includes(owner!))).toBe(true);
    expect(ownersOf(managerRows).has(USER.rep)).toBe(true);

    const westRows = (await rowsOf(await exportCsv(repWest, dealsBody()))).rows;
    expect(ownersOf(westRows)).toEqual(new Set([USER.repWest]));
    const eastIds = new Set(managerRows.map((row) => row[0]));
    expect(westRows.some((row) => eastIds.has(row[0]))).toBe(false);

    // Asking for another team's owner by filter still returns nothing of theirs.
    const snooping = (await rowsOf(await exportCsv(repWest, dealsBody([{ column: "owner_id", op: "eq", value: USER.rep }])))).rows;
    expect(snooping).toEqual([]);
    const otherOrg = (await rowsOf(await exportCsv(globex, dealsBody()))).rows;
    expect(otherOrg.some((row) => eastIds.has(row[0]))).toBe(false);
  });

  it("applies the list's filters and search exactly as the list does", async () => {
    const filters = [
      { column: "status", op: "in", value: ["open", "won"] },
      { column: "amount", op: "gte", value: 50000 },
    ];
    const { rows } = await rowsOf(await exportCsv(manager, dealsBody(filters, { words: ["a"], columns: ["name"] })));
    const { count } = await manager
      .from("deal_list")
      .select("id", { count: "exact", head: true })
      .in("status", ["open", "won"])
      .gte("amount", 50000)
      .or("name.ilike.*a*");
    expect(rows.length).toBe(count);
    expect(rows.every((row) => Number(row[3]) >= 50000 && /a/i.test(row[1]!))).toBe(true);
  });

  it("exports leads, accounts and contacts from their list views", async () => {
    for (const [object, column] of [
      ["leads", "company"],
      ["accounts", "name"],
      ["contacts", "full_name"],
    ] as const) {
      const { rows } = await rowsOf(await exportCsv(rep, { object, columns: [{ id: column, label: "Name" }], query: {} }));
      const { count } = await rep.from(`${object.slice(0, -1)}_list` as "lead_list").select("id", { count: "exact", head: true });
      expect(rows.length, object).toBe(count);
    }
  });

  it("refuses anonymous callers, unknown columns and malformed queries before touching the database", async () => {
    const anonymous = await exportCsv(null, dealsBody());
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: "Sign in to export" });

    const unknown = await exportCsv(rep, { ...dealsBody(), columns: [{ id: "org_id", label: "Org" }] });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: 'Unknown column "org_id" in columns' });

    const injected = await exportCsv(rep, { ...dealsBody(), query: { order: [{ column: "name; drop table deals", ascending: true }] } });
    expect(injected.status).toBe(400);
    await injected.body?.cancel();
  });
});
