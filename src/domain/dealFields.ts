/**
 * The deal fields a stage can require before a deal leaves it (public.deal_fields(), the exit
 * criteria), with the input each needs and a zod rule mirroring the column's check in
 * public.deals. The board asks for exactly the fields the database named as missing.
 */
import { z } from "zod";
import type { Database } from "@/types/database";

type Enums = Database["public"]["Enums"];

export type DealFieldKind =
  | { kind: "text"; max: number }
  | { kind: "longText"; max: number }
  | { kind: "number"; min: number; max: number; integer?: boolean; step?: string; unit?: string }
  | { kind: "date" }
  | { kind: "select"; options: readonly { value: string; label: string }[] }
  | { kind: "list" }
  | { kind: "contact" }
  | { kind: "account" };

const BILLING: { value: Enums["billing_cycle"]; label: string }[] = [
  { value: "monthly", label: "Monthly" },
  { value: "quarterly", label: "Quarterly" },
  { value: "semi_annual", label: "Semi-annual" },
  { value: "annual", label: "Annual" },
  { value: "multi_year", label: "Multi-year" },
  { value: "one_time", label: "One-time" },
];

const FORECAST: { value: Enums["forecast_category"]; label: string }[] = [
  { value: "pipeline", label: "Pipeline" },
  { value: "best_case", label: "Best case" },
  { value: "commit", label: "Commit" },
];

const MONEY_MAX = 999_999_999_999.99;

export const DEAL_FIELD_KINDS: Record<string, DealFieldKind> = {
  account_id: { kind: "account" },
  primary_contact_id: { kind: "contact" },
  amount: { kind: "number", min: 0, max: MONEY_MAX, step: "0.01" },
  expected_close_date: { kind: "date" },
  product_line: { kind: "text", max: 100 },
  list_price: { kind: "number", min: 0, max: MONEY_MAX, step: "0.01" },
  discount_pct: { kind: "number", min: 0, max: 100, step: "0.01", unit: "%" },
  margin_pct: { kind: "number", min: -100, max: 100, step: "0.01", unit: "%" },
  contract_term_months: { kind: "number", min: 1, max: 120, integer: true, unit: "months" },
  billing_cycle: { kind: "select", options: BILLING },
  payment_terms_days: { kind: "number", min: 0, max: 365, integer: true, unit: "days" },
  competitors: { kind: "list" },
  next_step: { kind: "text", max: 500 },
  forecast_category: { kind: "select", options: FORECAST },
  metrics: { kind: "longText", max: 2000 },
  economic_buyer: { kind: "longText", max: 2000 },
  decision_criteria: { kind: "longText", max: 2000 },
  decision_process: { kind: "longText", max: 2000 },
  paper_process: { kind: "longText", max: 2000 },
  identified_pain: { kind: "longText", max: 2000 },
  champion: { kind: "longText", max: 2000 },
  competition: { kind: "longText", max: 2000 },
  lost_reason: { kind: "text", max: 500 },
};

export function dealFieldKind(key: string): DealFieldKind {
  return DEAL_FIELD_KINDS[key] ?? { kind: "text", max: 2000 };
}

const required = (label: string) => `Enter ${label.toLowerCase()}`;

/** The rule for one required field; its input is the form's string. */
function fieldRule(key: string, label: string): z.ZodType<unknown, string> {
  const spec = dealFieldKind(key);
  const filled = z.string().trim().min(1, { error: required(label) });
  switch (spec.kind) {
    case "text":
    case "longText":
      return filled.max(spec.max, { error: `Use at most ${spec.max.toLocaleString("en-US")} characters` });
    case "number": {
      const { min, max, integer } = spec;
      return filled
        .refine((value) => Number.isFinite(Number(value)), { error: "Enter a number" })
        .transform(Number)
        .refine((value) => !integer || Number.isInteger(value), { error: "Enter a whole number" })
        .refine((value) => value >= min && value <= max, {
          error: `Enter a number from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")}`,
        });
    }
    case "date":
      return filled
        .refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value), { error: "Enter a date" })
        .refine((value) => value >= "2000-01-01" && value <= "2100-12-31", { error: "Choose a date from 2000 to 2100" });
    case "select":
      return filled.refine((value) => spec.options.some((option) => option.value === value), { error: `Choose ${label.toLowerCase()}` });
    case "list":
      return filled
        .transform((value) =>
          value
            .split(",")
            .map((item) => item.trim())
            .filter(Boolean),
        )
        .refine((items) => items.length > 0, { error: required(label) })
        .refine((items) => items.length <= 20, { error: "List at most 20" })
        .refine((items) => items.join("").length <= 2000, { error: "Use at most 2,000 characters in all" });
    case "contact":
    case "account":
      return filled;
  }
}

/** A form for exactly these fields, every one required (they are what the stage asks for). */
export function missingFieldsSchema(fields: readonly { key: string; label: string }[]) {
  return z.object(Object.fromEntries(fields.map(({ key, label }) => [key, fieldRule(key, label)]))) as unknown as z.ZodType<
    Record<string, unknown>,
    Record<string, string>
  >;
}

/** Labels for keys, from public.deal_fields(); a key it does not know is shown as itself. */
export function labelFields(keys: readonly string[], labels: readonly { key: string; label: string }[] | undefined) {
  return keys.map((key) => ({ key, label: labels?.find((field) => field.key === key)?.label ?? key }));
}
