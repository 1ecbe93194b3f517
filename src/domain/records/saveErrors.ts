/**
 * Where a refused save belongs in a record form: the database's refusal (a check, a unique key, a
 * foreign key, a stage rule, row level security) mapped onto the field it is about, with the
 * database's own words, and whatever fits no field for the top of the form.
 */
import type { FieldSpec } from "@/domain/records/model";

type DbError = { code?: string; message?: string; details?: string | null; hint?: string | null };

export type SaveRefusal = { fields: Record<string, string>; message: string | null };

/** The field a constraint name points at: "deals_amount_not_negative" → "amount", "deals_org_id_account_id_fkey" → "account_id". */
export function constraintField(constraint: string, table: string, fields: readonly Pick<FieldSpec, "key">[]): string | null {
  const rest = constraint.startsWith(`${table}_`) ? constraint.slice(table.length + 1).replace(/^org_id_/, "") : constraint;
  const keys = fields.map((f) => f.key).sort((a, b) => b.length - a.length);
  return keys.find((key) => rest === key || rest.startsWith(`${key}_`)) ?? null;
}

const UNIQUE_MESSAGES: Record<string, string> = {
  domain: "Another account in your organisation already has this domain",
  email: "Another record in your organisation already has this email",
  name: "This name is already taken",
};

/** What a check constraint's rule, named by its suffix, asks of the field: "deals_amount_not_negative" → "Must be 0 or more". */
const CHECK_RULES: readonly [suffix: string, message: string][] = [
  ["_not_negative", "Must be 0 or more"],
  ["_range", "Outside the allowed range"],
  ["_length", "Empty or too long"],
  ["_format", "Not in a valid format"],
];

/** The sentence for a field a constraint refused: the rule in plain words, else the database's own. */
export function refusedFieldMessage(code: string | undefined, constraint: string, databaseMessage: string): string {
  if (code === "23503") return "That record no longer exists, or you may not use it";
  if (code === "23514") return CHECK_RULES.find(([suffix]) => constraint.endsWith(suffix))?.[1] ?? databaseMessage;
  return databaseMessage;
}

export function recordSaveError(error: unknown, table: string, fields: readonly Pick<FieldSpec, "key" | "label">[]): SaveRefusal {
  const db = (error ?? {}) as DbError;
  const message = db.message ?? (error instanceof Error ? error.message : "The record could not be saved.");
  const known = new Set(fields.map((f) => f.key));
  const constraint = /constraint "([^"]+)"/.exec(message)?.[1];

  if (db.hint === "missing_fields" && db.details) {
    try {
      const missing = (JSON.parse(db.details) as unknown[]).filter((key): key is string => typeof key === "string" && known.has(key));
      const out: Record<string, string> = {};
      for (const key of missing) out[key] = "Required before the deal leaves its current stage";
      return { fields: out, message };
    } catch {
      return { fields: {}, message };
    }
  }
  if ((db.hint === "invalid_stage" || db.hint === "transition_not_allowed") && known.has("stage_id")) {
    return { fields: { stage_id: message }, message: null };
  }
  if (db.code === "23505" && constraint) {
    const field = constraintField(constraint.replace(/_key$/, ""), table, fields);
    if (field) return { fields: { [field]: UNIQUE_MESSAGES[field] ?? message }, message: null };
  }
  if ((db.code === "23514" || db.code === "23503" || db.code === "23502") && constraint) {
    const field = constraintField(constraint, table, fields);
    if (field) return { fields: { [field]: refusedFieldMessage(db.code, constraint, message) }, message: null };
  }
  if (db.code === "23502") {
    const column = /column "([^"]+)"/.exec(message)?.[1];
    if (column && known.has(column)) return { fields: { [column]: "Required" }, message: null };
  }
  if (db.code === "42501") {
    return { fields: {}, message: `You may not make this change: ${message}` };
  }
  return { fields: {}, message };
}
