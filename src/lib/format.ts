import { format, formatDistance, parseISO } from "date-fns";

/** The UI is written in English, so numbers and dates follow one English locale everywhere. */
const LOCALE = "en-US";
const EMPTY = "—";

type Numeric = number | string | null | undefined;
type DateInput = Date | string | null | undefined;

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(options: Intl.NumberFormatOptions) {
  const key = JSON.stringify(options);
  let formatter = numberFormats.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(LOCALE, options);
    numberFormats.set(key, formatter);
  }
  return formatter;
}

/** PostgREST returns numeric columns as numbers or strings; anything unparsable shows as a dash. */
function toNumber(value: Numeric) {
  if (value === null || value === undefined || value === "") return null;
  const number = typeof value === "number" ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}

function toDate(value: DateInput) {
  if (!value) return null;
  // parseISO reads a bare date ("2025-03-04") as local midnight, not UTC, so it never shifts a day.
  const date = typeof value === "string" ? parseISO(value) : value;
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatMoney(amount: Numeric, currency: string, { compact = false } = {}) {
  const number = toNumber(amount);
  if (number === null) return EMPTY;
  return numberFormat(
    compact
      ? { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 }
      : { style: "currency", currency },
  ).format(number);
}

export function formatNumber(value: Numeric, { compact = false, maximumFractionDigits = 2 } = {}) {
  const number = toNumber(value);
  if (number === null) return EMPTY;
  return numberFormat({ notation: compact ? "compact" : "standard", maximumFractionDigits }).format(number);
}

/** Formats a ratio (0.25) as a percentage (25%). */
export function formatPercent(ratio: Numeric, maximumFractionDigits = 0) {
  const number = toNumber(ratio);
  if (number === null) return EMPTY;
  return numberFormat({ style: "percent", maximumFractionDigits }).format(number);
}

export function formatDate(value: DateInput) {
  const date = toDate(value);
  return date ? format(date, "d MMM yyyy") : EMPTY;
}

export function formatDateTime(value: DateInput) {
  const date = toDate(value);
  return date ? format(date, "d MMM yyyy, HH:mm") : EMPTY;
}

/** "3 days ago", "in 2 months". */
export function formatRelative(value: DateInput, now: Date = new Date()) {
  const date = toDate(value);
  return date ? formatDistance(date, now, { addSuffix: true }) : EMPTY;
}

const ROLE_LABELS: Record<string, string> = {
  rep: "Sales rep",
  manager: "Sales manager",
  cs_manager: "Customer success manager",
  executive: "Executive",
  admin: "Administrator",
};

export function formatRole(role: string) {
  return ROLE_LABELS[role] ?? role;
}

/** "Ada Lovelace" -> "AL"; "ada@example.com" -> "A". */
export function formatInitials(nameOrEmail: string) {
  const [local = ""] = nameOrEmail.split("@");
  const words = local.split(/[\s._-]+/).filter(Boolean);
  const picked = words.length > 1 ? [words[0], words.at(-1)] : words;
  return picked.map((word) => word?.charAt(0).toUpperCase()).join("") || "?";
}
