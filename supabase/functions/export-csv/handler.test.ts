import assert from "node:assert/strict";
import { createHandler, type RowSource } from "./handler.ts";

const CLAIMS = { sub: "00000000-0000-4000-b000-000000000004", role: "authenticated" };
const body = {
  object: "deals",
  columns: [{ id: "name", label: "Deal" }, { id: "amount", label: "Amount" }],
  query: { filters: [{ column: "status", op: "eq", value: "open" }], search: null, order: [] },
};

function fakeRows(pages: (string | null)[][][], fail?: Error & { code?: string }) {
  const seen: { claims: unknown; text: string; params: unknown[]; finished: boolean }[] = [];
  const rows: RowSource = {
    async *stream(claims, text, params) {
      const call = { claims, text, params, finished: false };
      seen.push(call);
      if (fail) throw fail;
      try {
        for (const page of pages) yield page;
      } finally {
        call.finished = true;
      }
    },
  };
  return { rows, seen };
}

const post = (payload: unknown, token = "token") =>
  new Request("http://local/export-csv", { method: "POST", headers: { Authorization: `Bearer ${token}` }, body: JSON.stringify(payload) });

Deno.test("streams every page as CSV with a header, acting with the caller's claims", async () => {
  const { rows, seen } = fakeRows([[["Acme, Inc.", "100.00"]], [["=HYPERLINK()", null]]]);
  const handler = createHandler({ authenticate: (token) => Promise.resolve(token === "token" ? CLAIMS : null), rows });
  const res = await handler(post(body));
  assert.equal(res.status, 200);
  assert.match(res.headers.get("Content-Type") ?? "", /^text\/csv/);
  assert.match(res.headers.get("Content-Disposition") ?? "", /attachment; filename="deals-\d{4}-\d{2}-\d{2}\.csv"/);
  const bytes = new Uint8Array(await res.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], "a UTF-8 byte-order mark, so Excel reads UTF-8");
  assert.equal(new TextDecoder().decode(bytes), 'Deal,Amount\r\n"Acme, Inc.",100.00\r\n\'=HYPERLINK(),\r\n');
  assert.deepEqual(seen[0]?.claims, CLAIMS);
  assert.deepEqual(seen[0]?.params, ["open"]);
  assert.equal(seen[0]?.finished, true);
});

Deno.test("a refusal before the first row is an HTTP error with the database's message", async () => {
  const denied = Object.assign(new Error("permission denied for view deal_list"), { code: "42501" });
  const handler = createHandler({ authenticate: () => Promise.resolve(CLAIMS), rows: fakeRows([], denied).rows });
  const res = await handler(post(body));
  assert.equal(res.status, 403);
  assert.deepEqual(await res.json(), { error: "permission denied for view deal_list" });
});

Deno.test("refuses callers who are not signed in, other methods and invalid queries", async () => {
  const { rows, seen } = fakeRows([]);
  const handler = createHandler({ authenticate: () => Promise.resolve(null), rows });
  const anonymous = await handler(post(body));
  assert.equal(anonymous.status, 401);
  await anonymous.body?.cancel();

  const signedIn = createHandler({ authenticate: () => Promise.resolve(CLAIMS), rows });
  const get = await signedIn(new Request("http://local/export-csv", { method: "GET", headers: { Authorization: "Bearer t" } }));
  assert.equal(get.status, 405);
  await get.body?.cancel();

  const bad = await signedIn(post({ ...body, columns: [{ id: "org_id", label: "Org" }] }));
  assert.equal(bad.status, 400);
  assert.deepEqual(await bad.json(), { error: 'Unknown column "org_id" in columns', fields: { columns: 'Unknown column "org_id"' } });

  const malformed = await signedIn(post({ object: "users", columns: [] }));
  assert.equal(malformed.status, 400);
  assert.match(JSON.stringify(await malformed.json()), /Choose leads, accounts, contacts, deals/);

  const preflight = await signedIn(new Request("http://local/export-csv", { method: "OPTIONS" }));
  assert.equal(preflight.headers.get("Access-Control-Allow-Origin"), "*");
  await preflight.body?.cancel();
  assert.equal(seen.length, 0);
});

Deno.test("stops reading when the download is cancelled", async () => {
  const { rows, seen } = fakeRows([[["a", "1"]], [["b", "2"]], [["c", "3"]]]);
  const handler = createHandler({ authenticate: () => Promise.resolve(CLAIMS), rows });
  const res = await handler(post(body));
  const reader = res.body!.getReader();
  await reader.read();
  await reader.cancel();
  assert.equal(seen[0]?.finished, true);
});
