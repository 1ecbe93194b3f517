/** Organisation settings rules, mirroring the checks on public.organizations. */
import { z } from "zod";

/** Currencies offered in the organisation form; any ISO 4217 code passes the database check. */
export const COMMON_CURRENCIES = [
  "USD", "EUR", "GBP", "CHF", "CAD", "AUD", "NZD", "JPY", "CNY", "INR", "SGD", "HKD",
  "SEK", "NOK", "DKK", "PLN", "CZK", "BRL", "MXN", "ZAR", "AED", "ILS", "KRW",
] as const;

export const organizationSchema = z.object({
  name: z.string().trim().min(1, { error: "Enter the organisation's name" }).max(200, { error: "Use at most 200 characters" }),
  currency: z.string().regex(/^[A-Z]{3}$/, { error: "Choose a three-letter currency code" }),
  fiscal_year_start_month: z.number().int().min(1, { error: "Choose a month" }).max(12, { error: "Choose a month" }),
});
export type OrganizationUpdate = z.infer<typeof organizationSchema>;

/** "January" for 1 … "December" for 12, in the UI's English. */
export function monthName(month: number) {
  return new Intl.DateTimeFormat("en-US", { month: "long", timeZone: "UTC" }).format(Date.UTC(2000, month - 1, 1));
}

/** "US dollar (USD)"; the bare code where the runtime has no name for it. */
export function currencyLabel(code: string) {
  try {
    const name = new Intl.DisplayNames(["en"], { type: "currency" }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}
