/**
 * zod builders for record fields, one per kind of column, each mirroring the database's check.
 * Their input is what a form input or a CSV cell holds (a string, or the value read from the
 * database for an edit); their output is what the insert or update sends. An empty optional field
 * becomes null, so clearing a field clears the column.
 */
import { z } from "zod";

/** A Select cannot hold null or "": this value stands for "none". */
export const NONE = "none";

const MONEY_MAX = 999_999_999_999.99; // numeric(14, 2)

/** null, undefined, numbers and strings become a trimmed string ("" for nothing). */
function asText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return value.trim();
  return String(value);
}

const characters = (max: number) => `Use at most ${max.toLocaleString("en-US")} characters`;

/** Optional text: trimmed, at most `max` characters; "" → null. */
export function text(max: number) {
  return z.preprocess(asText, z.string().max(max, { error: characters(max) })).transform((value) => value || null);
}

/** Required text: the database's `char_length(btrim(x)) between 1 and max`. */
export function requiredText(max: number, message: string) {
  return z.preprocess(asText, z.string().max(max, { error: characters(max) }).min(1, { error: message }));
}

/** The database's `email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'`, at most 320 characters, stored lowercased. */
export const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
export function email() {
  return z.preprocess(
    (value) => asText(value).toLowerCase(),
    z
      .string()
      .max(320, { error: characters(320) })
      .refine((value) => value === "" || EMAIL_PATTERN.test(value), { error: "Enter an email address like name@example.com" }),
  ).transform((value) => value || null);
}

/** The database's domain check; "https://www.Acme.com/about" is read as "acme.com". */
export const DOMAIN_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;
export function normaliseDomain(value: string) {
  return value
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, "")
    .replace(/[/?#].*$/, "")
    .replace(/:\d+$/, "")
    .replace(/^www\./, "")
    .replace(/\.$/, "");
}
export function domain() {
  return z.preprocess(
    (value) => normaliseDomain(asText(value)),
    z
      .string()
      .max(253, { error: characters(253) })
      .refine((value) => value === "" || DOMAIN_PATTERN.test(value), { error: "Enter a domain like example.com" }),
  ).transform((value) => value || null);
}

/** "1,234.50", "1234.5", " 12 " → number; "" → null; anything else stays a string and fails. */
function asNumber(value: unknown): unknown {
  if (typeof value === "number") return value;
  const trimmed = asText(value).replace(/\s/g, "");
  if (trimmed === "") return null;
  const plain = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(trimmed) ? trimmed.replaceAll(",", "") : trimmed;
  const number = Number(plain);
  return plain !== "" && Number.isFinite(number) ? number : trimmed;
}

type NumberOptions = { min: number; max: number; integer?: boolean; required?: string; unit?: string };

/** A number in a range; `integer` for int/smallint columns. */
export function number({ min, max, integer = false, required, unit = "" }: NumberOptions) {
  const range = `${min.toLocaleString("en-US")}${unit} to ${max.toLocaleString("en-US")}${unit}`;
  let schema = z
    .number({ error: integer ? "Enter a whole number" : "Enter a number" })
    .min(min, { error: min === 0 ? "Must be 0 or more" : `Must be ${range}` })
    .max(max, { error: `Must be ${range}` });
  if (integer) schema = schema.int({ error: "Enter a whole number" });
  // numeric(x, 2) columns round extra decimals themselves, half away from zero.
  return z.preprocess(asNumber, required ? schema : schema.nullable());
}

export function money(options: { required?: string } = {}) {
  return number({ min: 0, max: MONEY_MAX, ...options });
}

/** A calendar date "yyyy-mm-dd" between two dates (the database's check); "" → null. */
export function date({ min, max, required }: { min: string; max: string; required?: string }) {
  const schema = z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Enter a date as YYYY-MM-DD" })
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
      error: "Enter a real date",
    })
    .refine((value) => value >= min && value <= max, { error: `Choose a date from ${min.slice(0, 4)} to ${max.slice(0, 4)}` });
  return z.preprocess(
    (value) => asText(value).slice(0, 10) || null,
    required ? z.string({ error: required }).pipe(schema) : schema.nullable(),
  );
}

/** One of the enum's values (a Select's value, or a CSV cell matched by value or label, any case). */
export function oneOf<const Values extends readonly [string, ...string[]]>(
  values: Values,
  labels: Record<Values[number], string>,
  { required, defaultValue }: { required?: string; defaultValue?: Values[number] } = {},
) {
  const byName = new Map<string, string>();
  for (const value of values) {
    byName.set(value.toLowerCase(), value);
    byName.set(labels[value as Values[number]].toLowerCase(), value);
    byName.set(value.replaceAll("_", " ").toLowerCase(), value);
  }
  const list = values.map((value) => labels[value as Values[number]]).join(", ");
  const schema = z.enum(values, { error: `Choose one of: ${list}` });
  return z.preprocess((value) => {
    const text = asText(value);
    if (text === "" || text === NONE) return defaultValue ?? null;
    return byName.get(text.toLowerCase()) ?? text;
  }, required ? schema : schema.nullable());
}

/** A reference to another record by id; "" and NONE are null. */
export function reference({ required }: { required?: string } = {}) {
  const schema = z.guid({ error: required ?? "Choose a record from the list" });
  return z.preprocess((value) => {
    const text = asText(value);
    return text === "" || text === NONE ? null : text;
  }, required ? z.string({ error: required }).pipe(schema) : schema.nullable());
}

/** A text[] column typed as a comma-separated list ("Globex, Initech"). */
export function tags({ maxItems, maxTotal }: { maxItems: number; maxTotal: number }) {
  return z
    .preprocess(
      (value) =>
        (Array.isArray(value) ? value.map(asText) : asText(value).split(/[,;\n]/))
          .map((item) => item.trim())
          .filter(Boolean),
      z.array(z.string()),
    )
    .refine((items) => items.length <= maxItems, { error: `List at most ${maxItems}` })
    .refine((items) => items.join("").length <= maxTotal, { error: characters(maxTotal) });
}

/** A date-time; the form holds "yyyy-MM-ddTHH:mm" (local), the database an ISO instant. */
export function dateTime() {
  return z.preprocess(
    (value) => asText(value) || null,
    z
      .string()
      .refine((value) => !Number.isNaN(Date.parse(value)), { error: "Enter a date and time" })
      .transform((value) => new Date(value).toISOString())
      .nullable(),
  );
}

/** A value as a form input holds it: "" for nothing, text for numbers, "a, b" for lists. */
export function toInputValue(value: unknown, kind?: string): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.join(", ");
  if (kind === "datetime" && typeof value === "string") {
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return "";
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
  }
  return String(value);
}

/** An ISO currency code; "" → null (the column's default, the organisation's currency). */
export function currency() {
  return z.preprocess(
    (value) => asText(value).toUpperCase(),
    z.string().refine((value) => value === "" || /^[A-Z]{3}$/.test(value), { error: "Use a 3-letter currency code like USD" }),
  ).transform((value) => value || null);
}
