/**
 * Renewals (PRODUCT.md CS-7): the 30/60/90/180-day timeline, statuses and risk levels. The bucket
 * rule is the one of public.renewal_list (each bucket holds the days up to its number, after the
 * previous one), so a date buckets the same in the browser and in the database.
 */
import { differenceInCalendarDays, parseISO } from "date-fns";

export type RenewalStatus = "upcoming" | "in_progress" | "renewed" | "churned";
export type RiskLevel = "low" | "medium" | "high";
export type RenewalBucket = "overdue" | "30" | "60" | "90" | "180" | "later" | "closed";

export const RENEWAL_STATUSES = ["upcoming", "in_progress", "renewed", "churned"] as const satisfies readonly RenewalStatus[];
export const RISK_LEVELS = ["low", "medium", "high"] as const satisfies readonly RiskLevel[];
/** The timeline's columns, in order; "later" and "closed" are filters only. */
export const TIMELINE_BUCKETS = ["overdue", "30", "60", "90", "180"] as const satisfies readonly RenewalBucket[];
export const RENEWAL_BUCKETS = ["overdue", "30", "60", "90", "180", "later", "closed"] as const satisfies readonly RenewalBucket[];

export const RENEWAL_STATUS_LABELS: Record<RenewalStatus, string> = {
  upcoming: "Upcoming",
  in_progress: "In progress",
  renewed: "Renewed",
  churned: "Churned",
};

export const RISK_LEVEL_LABELS: Record<RiskLevel, string> = { low: "Low risk", medium: "Medium risk", high: "High risk" };

export const BUCKET_LABELS: Record<RenewalBucket, string> = {
  overdue: "Overdue",
  "30": "Next 30 days",
  "60": "31-60 days",
  "90": "61-90 days",
  "180": "91-180 days",
  later: "Later than 180 days",
  closed: "Closed",
};

const OPEN: readonly RenewalStatus[] = ["upcoming", "in_progress"];

export function isOpenRenewal(status: RenewalStatus): boolean {
  return OPEN.includes(status);
}

/** Calendar days from `today` to the renewal date (negative when it has passed). */
export function daysUntil(renewalDate: string | Date, today: Date = new Date()): number {
  const date = typeof renewalDate === "string" ? parseISO(renewalDate) : renewalDate;
  return differenceInCalendarDays(date, today);
}

/** Which timeline bucket a renewal falls in: closed ones apart, then by days from today. */
export function renewalBucket(renewalDate: string | Date, today: Date = new Date(), status: RenewalStatus = "upcoming"): RenewalBucket {
  if (!isOpenRenewal(status)) return "closed";
  const days = daysUntil(renewalDate, today);
  if (days < 0) return "overdue";
  if (days <= 30) return "30";
  if (days <= 60) return "60";
  if (days <= 90) return "90";
  if (days <= 180) return "180";
  return "later";
}

/** The change a renewal proposes: absolute and as a share of the current value (null when unknown). */
export function valueChange(current: number | null | undefined, proposed: number | null | undefined): { amount: number; ratio: number | null } | null {
  if (proposed === null || proposed === undefined || current === null || current === undefined) return null;
  return { amount: proposed - current, ratio: current > 0 ? (proposed - current) / current : null };
}
