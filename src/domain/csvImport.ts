/**
 * CSV import of leads, accounts and contacts (PRODUCT.md CRM-9): from a parsed file to a preview
 * where every row is valid, invalid (with a message per field, from the same zod rules as the
 * forms), a duplicate of an earlier row of the file, or already in the organisation. The key that
 * makes two rows the same record is the email for leads and contacts and the domain for accounts,
 * compared as the database stores them (lowercased). The database (public.import_records) checks
 * the same again and writes all rows or none.
 */
import { z } from "zod";
import type { CsvParseResult } from "@/domain/csv";
import { accountSchema } from "@/domain/records/accounts";
import { contactSchema } from "@/domain/records/contacts";
import { domain, oneOf } from "@/domain/records/fields";
import { leadSchema } from "@/domain/records/leads";
import { EDITABLE_LEAD_STATUSES, LEAD_STATUS_LABELS } from "@/domain/records/options";

export type ImportTarget = "leads" | "accounts" | "contacts";

export const IMPORT_MAX_ROWS = 10_000;
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

type ImportColumn = { key: string; label: string; aliases: readonly string[]; required?: boolean };

/** The columns a file may have per target, with the header names people commonly use for them. */
export const IMPORT_COLUMNS: Record<ImportTarget, readonly ImportColumn[]> = {
  leads: [
    { key: "company", label: "Company", aliases: ["company name", "organisation", "organization", "account", "account name"], required: true },
    { key: "first_name", label: "First name", aliases: ["firstname", "given name", "first"] },
    { key: "last_name", label: "Last name", aliases: ["lastname", "surname", "family name", "last"] },
    { key: "email", label: "Email", aliases: ["e-mail", "email address", "mail"] },
    { key: "phone", label: "Phone", aliases: ["phone number", "telephone", "mobile"] },
    { key: "title", label: "Title", aliases: ["job title", "position", "role"] },
    { key: "domain", label: "Domain", aliases: ["website", "company domain", "web", "url"] },
    { key: "company_size", label: "Company size", aliases: ["employees", "size", "employee count", "headcount"] },
    { key: "industry", label: "Industry", aliases: ["sector"] },
    { key: "source", label: "Source", aliases: ["lead source", "channel"] },
    { key: "status", label: "Status", aliases: ["lead status"] },
    { key: "value", label: "Value", aliases: ["amount", "deal value", "estimated value"] },
    { key: "currency", label: "Currency", aliases: ["currency code"] },
    { key: "probability", label: "Probability", aliases: ["probability %", "likelihood"] },
    { key: "last_contacted_at", label: "Last contacted", aliases: ["last contact", "last contacted at", "last activity"] },
  ],
  accounts: [
    { key: "name", label: "Name", aliases: ["account", "account name", "company", "company name", "organisation", "organization"], required: true },
    { key: "domain", label: "Domain", aliases: ["website", "company domain", "web", "url"] },
    { key: "industry", label: "Industry", aliases: ["sector"] },
    { key: "employee_count", label: "Employees", aliases: ["employee count", "employees count", "size", "headcount", "company size"] },
    { key: "segment", label: "Segment", aliases: ["market segment"] },
    { key: "tier", label: "Tier", aliases: ["account tier"] },
  ],
  contacts: [
    { key: "last_name", label: "Last name", aliases: ["lastname", "surname", "family name", "last", "name"], required: true },
    { key: "first_name", label: "First name", aliases: ["firstname", "given name", "first"] },
    { key: "email", label: "Email", aliases: ["e-mail", "email address", "mail"] },
    { key: "phone", label: "Phone", aliases: ["phone number", "telephone", "mobile"] },
    { key: "title", label: "Title", aliases: ["job title", "position"] },
    { key: "deal_role", label: "Role in deals", aliases: ["role", "deal role", "buying role"] },
    { key: "account_domain", label: "Account domain", aliases: ["domain", "company domain", "website", "account website"] },
  ],
};

const SCHEMAS = {
  // A lead arrives unconverted: convert_lead makes it "converted" with the records it becomes.
  leads: leadSchema.omit({ owner_id: true }).extend({ status: oneOf(EDITABLE_LEAD_STATUSES, LEAD_STATUS_LABELS, { defaultValue: "new" }) }),
  accounts: accountSchema.omit({ owner_id: true }),
  contacts: contactSchema.omit({ owner_id: true, account_id: true }).extend({ account_domain: domain() }),
} satisfies Record<ImportTarget, z.ZodType>;

export const IMPORT_KEY: Record<ImportTarget, { column: string; label: string }> = {
  leads: { column: "email", label: "email" },
  contacts: { column: "email", label: "email" },
  accounts: { column: "domain", label: "domain" },
};

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9%]+/g, "");

export type HeaderMapping = {
  /** Per file column: the field it fills, or null when ignored. */
  fields: (string | null)[];
  /** File columns nothing matched (ignored, and said so). */
  ignored: string[];
  /** Required fields no column fills. */
  missing: string[];
};

/** Matches the file's header to the target's fields by name or a common alias, ignoring case and punctuation. */
export function mapHeader(header: readonly string[], target: ImportTarget): HeaderMapping {
  const columns = IMPORT_COLUMNS[target];
  const byName = new Map<string, string>();
  // Exact keys and labels first, so "domain" is the account domain for contacts and not an alias elsewhere.
  for (const column of columns) {
    byName.set(squash(column.key), column.key);
    byName.set(squash(column.label), column.key);
  }
  for (const column of columns) for (const alias of column.aliases) if (!byName.has(squash(alias))) byName.set(squash(alias), column.key);

  const used = new Set<string>();
  const fields = header.map((name) => {
    const key = byName.get(squash(name));
    if (!key || used.has(key)) return null;
    used.add(key);
    return key;
  });
  return {
    fields,
    ignored: header.filter((name, i) => fields[i] === null && name !== ""),
    missing: columns.filter((c) => c.required && !used.has(c.key)).map((c) => c.label),
  };
}

export type ImportRowStatus = "valid" | "invalid" | "duplicate" | "exists";

export type ImportRow = {
  line: number;
  /** The file's values by field key, as written. */
  values: Record<string, string>;
  /** The insert payload, when valid. */
  data: Record<string, unknown> | null;
  /** Field label → message. */
  errors: Record<string, string>;
  key: string | null;
  status: ImportRowStatus;
  /** For a duplicate: the line of the first row with the same key. */
  duplicateOf?: number;
};

export type ImportPreview =
  | { ok: false; error: string }
  | { ok: true; target: ImportTarget; mapping: HeaderMapping; rows: ImportRow[] };

/**
 * Validates every row of a parsed file. `existingKeys` (emails/domains already in the
 * organisation, lowercased) and `knownAccountDomains` (for contacts) come from the database; leave
 * them out to check the file alone.
 */
export function previewImport(
  parsed: CsvParseResult,
  target: ImportTarget,
  { existingKeys = new Set<string>(), knownAccountDomains }: { existingKeys?: ReadonlySet<string>; knownAccountDomains?: ReadonlySet<string> } = {},
): ImportPreview {
  if (!parsed.ok) return { ok: false, error: parsed.error };
  if (parsed.records.length === 0) return { ok: false, error: "The file has a header but no rows to import." };
  if (parsed.records.length > IMPORT_MAX_ROWS) {
    return { ok: false, error: `The file has ${parsed.records.length.toLocaleString("en-US")} rows; import at most ${IMPORT_MAX_ROWS.toLocaleString("en-US")} at a time.` };
  }
  const mapping = mapHeader(parsed.header, target);
  if (mapping.missing.length) {
    return { ok: false, error: `The file has no ${mapping.missing.join(", ")} column. Name the columns in the first line (for example: ${IMPORT_COLUMNS[target].slice(0, 3).map((c) => c.label).join(", ")}).` };
  }

  const labels = new Map(IMPORT_COLUMNS[target].map((c) => [c.key, c.label]));
  const schema = SCHEMAS[target];
  const keyColumn = IMPORT_KEY[target].column;
  const firstLineByKey = new Map<string, number>();
  const rows: ImportRow[] = [];

  for (const record of parsed.records) {
    const values: Record<string, string> = {};
    mapping.fields.forEach((key, i) => {
      if (key) values[key] = record.cells[i] ?? "";
    });
    const errors: Record<string, string> = {};
    const extra = record.cells.slice(parsed.header.length).filter((cell) => cell.trim() !== "");
    if (extra.length) errors.Row = `Has ${record.cells.length} cells but the header names ${parsed.header.length}: check for an unquoted comma`;

    const result = schema.safeParse(values);
    let data: Record<string, unknown> | null = null;
    if (result.success) {
      data = Object.fromEntries(Object.entries(result.data).filter(([, value]) => value !== null));
      const accountDomain = data.account_domain;
      if (typeof accountDomain === "string" && knownAccountDomains && !knownAccountDomains.has(accountDomain)) {
        errors[labels.get("account_domain") ?? "Account domain"] = `No account has the domain ${accountDomain}: import the account first`;
      }
    } else {
      for (const issue of result.error.issues) {
        const key = String(issue.path[0] ?? "Row");
        errors[labels.get(key) ?? key] ??= issue.message;
      }
    }

    const rawKey = data?.[keyColumn];
    const key = typeof rawKey === "string" ? rawKey.toLowerCase() : null;
    const row: ImportRow = { line: record.line, values, data, errors, key, status: "valid" };
    if (Object.keys(errors).length) {
      row.status = "invalid";
      row.data = null;
    } else if (key && firstLineByKey.has(key)) {
      row.status = "duplicate";
      row.duplicateOf = firstLineByKey.get(key);
    } else if (key && existingKeys.has(key)) {
      row.status = "exists";
    }
    if (key && row.status !== "invalid" && !firstLineByKey.has(key)) firstLineByKey.set(key, record.line);
    rows.push(row);
  }
  return { ok: true, target, mapping, rows };
}

/** The keys (emails/domains) of a preview's rows, to ask the database which exist. */
export function importKeys(preview: Extract<ImportPreview, { ok: true }>): string[] {
  return [...new Set(preview.rows.flatMap((row) => (row.key ? [row.key] : [])))];
}

/** The account domains contacts refer to, to ask the database which exist. */
export function referencedAccountDomains(preview: Extract<ImportPreview, { ok: true }>): string[] {
  return [...new Set(preview.rows.flatMap((row) => (typeof row.data?.account_domain === "string" ? [row.data.account_domain] : [])))];
}

export function summarise(rows: readonly ImportRow[]) {
  const count = (status: ImportRowStatus) => rows.filter((row) => row.status === status).length;
  return { total: rows.length, valid: count("valid"), invalid: count("invalid"), duplicate: count("duplicate"), exists: count("exists") };
}

/** What public.import_records receives: the valid rows with their line numbers. */
export function importPayload(rows: readonly ImportRow[]): Record<string, unknown>[] {
  return rows.filter((row) => row.status === "valid" && row.data).map((row) => ({ line: row.line, ...row.data }));
}

/** A template file with the target's columns, for the "download a template" link. */
export function importTemplate(target: ImportTarget): string {
  return `${IMPORT_COLUMNS[target].map((c) => c.label).join(",")}\r\n`;
}
