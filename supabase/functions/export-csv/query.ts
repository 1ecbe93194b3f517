import { z } from "npm:zod@4";

/**
 * What `export-csv` may read: per list, the security-invoker view and its columns with their
 * Postgres types. The browser's list (src/domain/records/*.ts) reads the same views; a request
 * naming anything else is refused before any SQL is built, and every value travels as a typed
 * parameter.
 */
type Column = { type: string; notNull?: boolean; text?: boolean };

const text: Column = { type: "text", text: true };
const textNotNull: Column = { type: "text", text: true, notNull: true };
const uuid: Column = { type: "uuid" };
const numeric: Column = { type: "numeric" };
const integer: Column = { type: "integer" };
const timestamptz: Column = { type: "timestamptz" };
const smallint: Column = { type: "smallint" };
const date: Column = { type: "date" };
const enumOf = (name: string, notNull = false): Column => ({ type: `public.${name}`, notNull, text: true });
const id: Column = { type: "uuid", notNull: true };
const currency: Column = { type: "text", notNull: true };
/** Every list's row stamps. */
const stamps = { created_at: { type: "timestamptz", notNull: true }, updated_at: { type: "timestamptz", notNull: true } } satisfies Record<string, Column>;

/** The customers list's health, renewal and account columns, which the health report repeats. */
const customerSummary = {
  health_score: smallint,
  health_status: enumOf("health_status"),
  health_trend_7d: smallint,
  health_scored_on: date,
  last_login_on: date,
  churn_risk: smallint,
  top_churn_factor: text,
  expansion_score: smallint,
  contract_end: date,
  next_renewal_date: date,
  next_renewal_risk: enumOf("risk_level"),
  is_active: { type: "boolean" },
  tier: { type: "smallint", notNull: true },
  industry: text,
  segment: enumOf("account_segment"),
  domain: text,
  owner_name: text,
  mrr: { type: "numeric", notNull: true },
  arr: numeric,
  currency,
} satisfies Record<string, Column>;

export const OBJECTS = {
  leads: {
    view: "lead_list",
    columns: {
      id,
      owner_id: uuid,
      owner_name: text,
      full_name: text,
      first_name: text,
      last_name: text,
      title: text,
      email: text,
      phone: text,
      company: textNotNull,
      domain: text,
      company_size: integer,
      industry: text,
      source: enumOf("lead_source", true),
      status: enumOf("lead_status", true),
      value: numeric,
      currency,
      probability: { type: "smallint", notNull: true },
      score: { type: "smallint", notNull: true },
      last_contacted_at: timestamptz,
      converted_at: timestamptz,
      ...stamps,
    },
  },
  accounts: {
    view: "account_list",
    columns: {
      id,
      owner_id: uuid,
      owner_name: text,
      name: textNotNull,
      domain: text,
      industry: text,
      employee_count: integer,
      segment: enumOf("account_segment"),
      tier: { type: "smallint" },
      ...stamps,
    },
  },
  contacts: {
    view: "contact_list",
    columns: {
      id,
      owner_id: uuid,
      owner_name: text,
      account_id: uuid,
      account_name: text,
      full_name: textNotNull,
      first_name: text,
      last_name: textNotNull,
      title: text,
      email: text,
      phone: text,
      deal_role: enumOf("contact_deal_role"),
      ...stamps,
    },
  },
  deals: {
    view: "deal_list",
    // Searching the whole organisation's deals goes through this (see *_crm_deal_search.sql).
    searchRpc: "search_deal_list",
    columns: {
      id,
      name: textNotNull,
      owner_id: uuid,
      owner_name: text,
      account_id: uuid,
      account_name: text,
      primary_contact_id: uuid,
      pipeline_id: uuid,
      stage_id: uuid,
      stage_name: text,
      status: enumOf("deal_status", true),
      deal_type: enumOf("deal_type", true),
      amount: numeric,
      currency,
      probability: { type: "smallint", notNull: true },
      weighted_amount: numeric,
      forecast_category: enumOf("forecast_category", true),
      expected_close_date: { type: "date", notNull: true },
      product_line: text,
      next_step: text,
      days_in_stage: integer,
      is_stale: { type: "boolean" },
      score: smallint,
      score_class: text,
      stage_entered_at: timestamptz,
      closed_at: timestamptz,
      ...stamps,
    },
  },
  // Customer success (CS-5, CS-7, CS-9).
  customers: {
    view: "customer_list",
    columns: {
      id,
      name: text,
      account_id: { type: "uuid", notNull: true },
      owner_id: { type: "uuid", notNull: true },
      ...customerSummary,
      contract_start: { type: "date", notNull: true },
      days_to_contract_end: integer,
      onboarded_on: date,
      churned_at: timestamptz,
      ...stamps,
    },
  },
  renewals: {
    view: "renewal_list",
    columns: {
      id,
      customer_id: { type: "uuid", notNull: true },
      customer_name: text,
      owner_id: uuid,
      owner_name: text,
      tier: { type: "smallint" },
      health_score: smallint,
      health_status: enumOf("health_status"),
      renewal_date: { type: "date", notNull: true },
      days_until: integer,
      bucket: text,
      current_value: { type: "numeric", notNull: true },
      proposed_value: numeric,
      value_change: numeric,
      currency,
      status: enumOf("renewal_status", true),
      closed_on: date,
      risk_level: enumOf("risk_level"),
      risk_score: smallint,
      renewal_deal_id: uuid,
      notes: text,
      ...stamps,
    },
  },
  /** The health report (CS-9): the customers list's rows with each indicator's points of the latest score. */
  health_report: {
    view: "customer_health_report",
    columns: {
      id,
      customer: text,
      owner_id: uuid,
      ...customerSummary,
      login_recency_points: numeric,
      feature_adoption_points: numeric,
      user_activity_points: numeric,
      onboarding_points: numeric,
      journey_points: numeric,
      support_tickets_points: numeric,
      nps_csat_points: numeric,
      payment_health_points: numeric,
      seat_utilisation_points: numeric,
    },
  },
} satisfies Record<string, { view: string; searchRpc?: string; columns: Record<string, Column> }>;

export type ObjectName = keyof typeof OBJECTS;

const scalar = z.union([z.string().max(200), z.number().finite(), z.boolean()]);
const identifier = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: "Must be a column name" });

export const requestSchema = z.strictObject({
  object: z.enum(["leads", "accounts", "contacts", "deals", "customers", "renewals", "health_report"], {
    error: "Choose leads, accounts, contacts, deals, customers, renewals or health_report",
  }),
  columns: z
    .array(z.strictObject({ id: identifier, label: z.string().trim().min(1).max(100) }))
    .min(1, { error: "Choose at least one column" })
    .max(60),
  query: z.strictObject({
    filters: z
      .array(
        z.discriminatedUnion("op", [
          z.strictObject({ column: identifier, op: z.literal("eq"), value: scalar }),
          z.strictObject({ column: identifier, op: z.literal("in"), value: z.array(z.string().max(200)).min(1).max(100) }),
          z.strictObject({ column: identifier, op: z.enum(["gte", "lte"]), value: z.union([z.string().max(200), z.number().finite()]) }),
        ]),
      )
      .max(30)
      .default([]),
    search: z
      .strictObject({ words: z.array(z.string().trim().min(1).max(100)).min(1).max(5), columns: z.array(identifier).min(1).max(10) })
      .nullable()
      .default(null),
    order: z.array(z.strictObject({ column: identifier, ascending: z.boolean() })).max(3).default([]),
  }),
  filename: z.string().regex(/^[\w.-]{1,100}$/).optional(),
});

export type ExportRequest = z.output<typeof requestSchema>;

export class BadRequest extends Error {
  constructor(message: string, readonly fields: Record<string, string> = {}) {
    super(message);
  }
}

/** `%`, `_` and `\` match literally in an ilike pattern. */
export function likePattern(word: string) {
  return `%${word.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * The SQL of an export: the chosen columns as text, the list's filters and search, its order
 * then id (as the list pages). Identifiers come only from OBJECTS; values only as parameters.
 */
export function buildExportQuery(request: ExportRequest): { text: string; params: unknown[]; columns: { id: string; label: string; guard: boolean }[] } {
  const object = OBJECTS[request.object];
  const known: Record<string, Column> = object.columns;
  const column = (name: string, where: string) => {
    const found = known[name];
    if (!found) throw new BadRequest(`Unknown column "${name}" in ${where}`, { [where]: `Unknown column "${name}"` });
    return found;
  };
  const params: unknown[] = [];
  const param = (value: unknown, type: string) => {
    params.push(value);
    return `$${params.length}::${type}`;
  };

  const selected = request.columns.map((c) => ({ ...c, spec: column(c.id, "columns") }));
  const conditions: string[] = [];
  for (const filter of request.query.filters) {
    const spec = column(filter.column, "filters");
    const name = `"${filter.column}"`;
    if (filter.op === "in") conditions.push(`${name} = any (${param(filter.value, `${spec.type}[]`)})`);
    else if (filter.op === "eq") conditions.push(`${name} = ${param(filter.value, spec.type)}`);
    else conditions.push(`${name} ${filter.op === "gte" ? ">=" : "<="} ${param(filter.value, spec.type)}`);
  }
  // As the list does: with no owner filter, the object's search RPC answers the words (the name
  // trigram index cannot serve ILIKE under row level security) and the other conditions apply on top.
  const searchRpc = "searchRpc" in object ? object.searchRpc : undefined;
  let source = `public.${object.view}`;
  const searchColumns = (request.query.search?.columns ?? []).map((name) => {
    if (!column(name, "search").text) throw new BadRequest(`Column "${name}" cannot be searched`, { search: `Column "${name}" cannot be searched` });
    return `"${name}"`;
  });
  if (request.query.search && searchRpc && !request.query.filters.some((f) => f.column === "owner_id")) {
    source = `public.${searchRpc}(${param(request.query.search.words.join(" "), "text")})`;
  } else if (request.query.search) {
    for (const word of request.query.search.words) {
      const pattern = param(likePattern(word), "text");
      conditions.push(`(${searchColumns.map((name) => `${name} ilike ${pattern}`).join(" or ")})`);
    }
  }
  const order = request.query.order.map((key) => {
    const spec = column(key.column, "order");
    return `"${key.column}" ${key.ascending ? "asc" : "desc"}${spec.notNull ? "" : " nulls last"}`;
  });
  order.push(`"id" ${request.query.order.at(-1)?.ascending === false ? "desc" : "asc"}`);

  const text = [
    `select ${selected.map((c) => `"${c.id}"::text`).join(", ")}`,
    `from ${source}`,
    conditions.length ? `where ${conditions.join(" and ")}` : "",
    `order by ${order.join(", ")}`,
  ]
    .filter(Boolean)
    .join(" ");
  return { text, params, columns: selected.map((c) => ({ id: c.id, label: c.label, guard: !!c.spec.text })) };
}

/**
 * One CSV field (RFC 4180, as src/domain/csv.ts writes them): quoted when needed; text a
 * spreadsheet would run as a formula gets an apostrophe first (OWASP's CSV-injection advice).
 */
export function csvField(value: string | null, guard: boolean): string {
  if (value === null) return "";
  const text = guard && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",;\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly (string | null)[], guards: readonly boolean[]): string {
  return `${values.map((value, i) => csvField(value, guards[i] ?? true)).join(",")}\r\n`;
}
