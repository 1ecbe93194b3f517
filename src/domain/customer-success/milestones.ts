/**
 * Success milestones a CSM records by hand (PRODUCT.md CS-4), beside the ones the daily job
 * records (onboarding_complete, first_healthy, adoption_80, seats_90, one_year). Mirrors
 * public.success_milestones' checks: a kind `^[a-z][a-z0-9_]{0,49}$` unique per customer, a title
 * of 1-200 characters, and the day it was reached.
 */
import { isValid, parseISO } from "date-fns";
import { z } from "zod";

export const milestoneSchema = z.object({
  title: z.string().trim().min(1, { error: "Name the milestone" }).max(200, { error: "Use at most 200 characters" }),
  achieved_on: z
    .string()
    .min(1, { error: "Enter when it was reached", abort: true })
    .refine((value) => isValid(parseISO(value)), { error: "Enter a valid date", abort: true })
    .refine((value) => parseISO(value).getTime() <= Date.now(), { error: "It cannot be in the future" }),
});

export type MilestoneForm = z.input<typeof milestoneSchema>;

/** The milestone's kind from its title: "Go-live in EMEA!" → "go_live_in_emea" (one per customer). */
export function milestoneKind(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  const kind = /^[a-z]/.test(slug) ? slug : `milestone${slug ? `_${slug}` : ""}`;
  return kind.slice(0, 50).replace(/_+$/, "");
}

/** The insert for public.success_milestones (recorded_by defaults to the caller). */
export function toMilestoneInsert(customerId: string, values: MilestoneForm) {
  const title = values.title.trim();
  return { customer_id: customerId, kind: milestoneKind(title), title, achieved_on: values.achieved_on };
}
