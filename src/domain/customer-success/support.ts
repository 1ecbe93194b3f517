/**
 * The support interactions log (PRODUCT.md CS-4): onboarding calls, check-ins, technical support
 * and upgrade discussions a CSM had with a customer. Mirrors public.support_interactions' checks.
 */
import { isValid } from "date-fns";
import { z } from "zod";

export type SupportInteractionKind = "onboarding_call" | "check_in" | "technical_support" | "upgrade_discussion";
export type Sentiment = "positive" | "neutral" | "negative";

export const SUPPORT_KINDS = ["onboarding_call", "check_in", "technical_support", "upgrade_discussion"] as const satisfies readonly SupportInteractionKind[];

export const SUPPORT_KIND_LABELS: Record<SupportInteractionKind, string> = {
  onboarding_call: "Onboarding call",
  check_in: "Check-in",
  technical_support: "Technical support",
  upgrade_discussion: "Upgrade discussion",
};

/** A Select cannot hold "": this stands for "no sentiment". */
export const NO_SENTIMENT = "none";

export const supportInteractionSchema = z.object({
  kind: z.enum(SUPPORT_KINDS, { error: "Choose the kind of interaction" }),
  occurred_at: z
    .string()
    .min(1, { error: "Enter when it happened" })
    .refine((value) => isValid(new Date(value)), { error: "Enter a valid date and time" })
    .refine((value) => new Date(value).getTime() <= Date.now() + 5 * 60_000, { error: "It cannot be in the future" }),
  summary: z.string().trim().min(1, { error: "Say what it was about" }).max(2000, { error: "Use at most 2,000 characters" }),
  outcome: z.string().trim().max(2000, { error: "Use at most 2,000 characters" }),
  sentiment: z.enum(["positive", "neutral", "negative", NO_SENTIMENT]),
});

export type SupportInteractionForm = z.input<typeof supportInteractionSchema>;

/** The insert for public.support_interactions (owner_id defaults to the caller). */
export function toSupportInteractionInsert(customerId: string, values: SupportInteractionForm) {
  return {
    customer_id: customerId,
    kind: values.kind,
    occurred_at: new Date(values.occurred_at).toISOString(),
    summary: values.summary.trim(),
    outcome: values.outcome.trim() || null,
    sentiment: values.sentiment === NO_SENTIMENT ? null : (values.sentiment as Sentiment),
  };
}
