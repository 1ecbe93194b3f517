import assert from "node:assert/strict";
import { BadRequest, buildExportQuery, csvLine, likePattern, requestSchema } from "./query.ts";

const parse = (body: unknown) => requestSchema.parse(body);

Deno.test("builds a parameterised query from the list's filters, search and order", () => {
  const query = buildExportQuery(
    parse({
      object: "deals",
      columns: [{ id: "name", label: "Deal" }, { id: "amount", label: "Amount" }],
      query: {
        filters: [
          { column: "owner_id", op: "eq", value: "00000000-0000-4000-b000-000000000004" },
          { column: "status", op: "in", value: ["open", "won"] },
          { column: "amount", op: "gte", value: 1000 },
          { column: "expected_close_date", op: "lte", value: "2026-03-31" },
          { column: "is_stale", op: "eq", value: true },
        ],
        search: { words: ["acme", "50%"], columns: ["name"] },
        order: [{ column: "amount", ascending: false }],
      },
    }),
  );
  assert.equal(
    query.text,
    'select "name"::text, "amount"::text from public.deal_list where "owner_id" = $1::uuid and "status" = any ($2::public.deal_status[]) ' +
      'and "amount" >= $3::numeric and "expected_close_date" <= $4::date and "is_stale" = $5::boolean and ("name" ilike $6::text) and ("name" ilike $7::text) ' +
      'order by "amount" desc nulls last, "id" desc',
  );
  assert.deepEqual(query.params, ["00000000-0000-4000-b000-000000000004", ["open", "won"], 1000, "2026-03-31", true, "%acme%", "%50\\%%"]);
  assert.deepEqual(query.columns.map((c) => c.guard), [true, false]);
});

Deno.test("searches a whole organisation's deals through search_deal_list, and an owner's through the view", () => {
  const body = (filters: unknown[]) =>
    parse({
      object: "deals",
      columns: [{ id: "name", label: "Deal" }],
      query: { filters, search: { words: ["acme", "big"], columns: ["name"] }, order: [] },
    });
  const everyone = buildExportQuery(body([{ column: "status", op: "eq", value: "open" }]));
  assert.equal(
    everyone.text,
    'select "name"::text from public.search_deal_list($2::text) where "status" = $1::public.deal_status order by "id" asc',
  );
  assert.deepEqual(everyone.params, ["open", "acme big"]);
  const mine = buildExportQuery(body([{ column: "owner_id", op: "eq", value: "00000000-0000-4000-b000-000000000004" }]));
  assert.match(mine.text, /from public\.deal_list where "owner_id" = \$1::uuid and \("name" ilike \$2::text\) and \("name" ilike \$3::text\)/);
});

Deno.test("orders by id after the list's default when no order is given, and leaves out null ordering for not-null columns", () => {
  const query = buildExportQuery(
    parse({ object: "leads", columns: [{ id: "company", label: "Company" }], query: { filters: [], search: null, order: [{ column: "score", ascending: false }] } }),
  );
  assert.match(query.text, /order by "score" desc, "id" desc$/);
  const plain = buildExportQuery(parse({ object: "accounts", columns: [{ id: "name", label: "Name" }], query: {} }));
  assert.match(plain.text, /from public\.account_list order by "id" asc$/);
});

Deno.test("refuses columns the list does not have, and identifiers that are not plain names", () => {
  assert.throws(
    () => buildExportQuery(parse({ object: "accounts", columns: [{ id: "password", label: "x" }], query: {} })),
    (error: unknown) => error instanceof BadRequest && /Unknown column "password"/.test(error.message),
  );
  assert.throws(() =>
    buildExportQuery(parse({ object: "deals", columns: [{ id: "name", label: "x" }], query: { filters: [{ column: "org_id", op: "eq", value: "x" }] } }))
  );
  assert.throws(() => buildExportQuery(parse({ object: "deals", columns: [{ id: "name", label: "x" }], query: { search: { words: ["a"], columns: ["amount"] } } })));
  assert.equal(requestSchema.safeParse({ object: "deals", columns: [{ id: 'name"; drop table deals; --', label: "x" }], query: {} }).success, false);
  assert.equal(requestSchema.safeParse({ object: "profiles", columns: [{ id: "email", label: "x" }], query: {} }).success, false);
});

Deno.test("writes CSV fields as RFC 4180 wants and defuses formulas in text columns only", () => {
  assert.equal(csvLine(["Acme, Inc.", 'say "hi"', null, "-5", "=cmd()"], [true, true, true, false, true]), '"Acme, Inc.","say ""hi""",,-5,\'=cmd()\r\n');
  assert.equal(likePattern("a_b\\c"), "%a\\_b\\\\c%");
});

Deno.test("exports the customers list, the renewals table and the health report with their own filters", () => {
  const customers = buildExportQuery(
    parse({
      object: "customers",
      columns: [{ id: "name", label: "Customer" }, { id: "health_score", label: "Health" }],
      query: {
        filters: [
          { column: "health_status", op: "eq", value: "critical" },
          { column: "tier", op: "in", value: ["1", "2"] },
          { column: "industry", op: "eq", value: "Software" },
          { column: "contract_end", op: "lte", value: "2027-01-31" },
        ],
        search: { words: ["acme"], columns: ["name", "domain"] },
        order: [{ column: "health_score", ascending: true }],
      },
    }),
  );
  assert.equal(
    customers.text,
    'select "name"::text, "health_score"::text from public.customer_list where "health_status" = $1::public.health_status and "tier" = any ($2::smallint[]) ' +
      'and "industry" = $3::text and "contract_end" <= $4::date and ("name" ilike $5::text or "domain" ilike $5::text) order by "health_score" asc nulls last, "id" asc',
  );
  const report = buildExportQuery(
    parse({ object: "health_report", columns: [{ id: "customer", label: "Customer" }, { id: "login_recency_points", label: "Login recency" }], query: {} }),
  );
  assert.match(report.text, /from public\.customer_health_report order by "id" asc$/);
  const oneCsm = buildExportQuery(
    parse({ object: "health_report", columns: [{ id: "customer", label: "Customer" }], query: { filters: [{ column: "owner_id", op: "eq", value: "00000000-0000-4000-b000-000000000010" }] } }),
  );
  assert.match(oneCsm.text, /from public\.customer_health_report where "owner_id" = \$1::uuid /);
  const renewals = buildExportQuery(parse({ object: "renewals", columns: [{ id: "customer_name", label: "Customer" }], query: { filters: [{ column: "bucket", op: "in", value: ["30", "60"] }] } }));
  assert.match(renewals.text, /from public\.renewal_list where "bucket" = any \(\$1::text\[\]\)/);
});
