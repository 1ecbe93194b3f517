/**
 * Activities (PRODUCT.md CRM-5): calls, meetings, emails, notes and tasks on one record each.
 * The rules here mirror the checks of public.activities, so the form refuses what the database
 * would; the database still has the last word.
 */
import { addDays, isValid, startOfDay } from "date-fns";
import { z } from "zod";
import type { Database } from "@/types/database";

export type ActivityType = Database["public"]["Enums"]["activity_type"];
export type ActivitySentiment = Database["public"]["Enums"]["activity_sentiment"];

export const ACTIVITY_TYPES = ["call", "meeting", "email", "note", "task"] as const satisfies readonly ActivityType[];
export const SENTIMENTS = ["positive", "neutral", "negative"] as const satisfies readonly ActivitySentiment[];

export const ACTIVITY_TYPE_LABELS: Record<ActivityType, string> = {
  call: "Call",
  meeting: "Meeting",
  email: "Email",
  note: "Note",
  task: "Task",
};

export const SENTIMENT_LABELS: Record<ActivitySentiment, string> = {
  positive: "Positive",
  neutral: "Neutral",
  negative: "Negative",
};

/** The records an activity can belong to: exactly one of them (activities_one_record). */
export type ActivitySubjectType = "deal" | "account" | "lead" | "contact" | "customer";
export type ActivitySubject = { type: ActivitySubjectType; id: string };

export const SUBJECT_COLUMNS = {
  deal: "deal_id",
  account: "account_id",
  lead: "lead_id",
  contact: "contact_id",
  customer: "customer_id",
} as const satisfies Record<ActivitySubjectType, string>;

/** Where a record's page lives, for links from a task to the record it is about. */
export const SUBJECT_PATHS: Record<ActivitySubjectType, string> = {
  deal: "/deals",
  account: "/accounts",
  lead: "/leads",
  contact: "/contacts",
  customer: "/customers",
};

/** A Select cannot hold an empty value: this one stands for "no sentiment". */
export const NO_SENTIMENT = "none";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `Use at most ${max.toLocaleString("en-US")} characters` })
    .transform((value) => (value === "" ? null : value));

/** A `datetime-local` input's value ("2025-03-04T09:30"), read as local time. */
const localDateTime = z.string().refine((value) => value === "" || isValid(new Date(value)), { error: "Enter a valid date and time" });

export const logActivitySchema = z
  .object({
    type: z.enum(ACTIVITY_TYPES, { error: "Choose a type" }),
    subject: z
      .string()
      .trim()
      .min(1, { error: "Enter a subject" })
      .max(200, { error: "Use at most 200 characters" }),
    body: optionalText(10_000),
    outcome: optionalText(200),
    sentiment: z.enum([NO_SENTIMENT, ...SENTIMENTS]),
    next_action: optionalText(500),
    occurred_at: localDateTime.refine((value) => value !== "", { error: "Enter when it happened" }),
    due_at: localDateTime,
  })
  .refine((values) => values.type !== "task" || values.due_at !== "", {
    path: ["due_at"],
    error: "A task needs a due date",
  })
  .refine((values) => values.due_at === "" || yearOf(values.due_at) <= 2100, {
    path: ["due_at"],
    error: "Choose a date before 2100",
  });

function yearOf(local: string) {
  return new Date(local).getFullYear();
}

export type LogActivityInput = z.input<typeof logActivitySchema>;
export type LogActivityValues = z.output<typeof logActivitySchema>;

/** `datetime-local` wants "yyyy-MM-ddTHH:mm" in local time. */
export function toLocalInputValue(date: Date) {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The form's starting values: a call that just happened, or a task due tomorrow at 9:00. */
export function defaultActivityValues(type: ActivityType = "call", now: Date = new Date()): LogActivityInput {
  const tomorrowNine = addDays(startOfDay(now), 1);
  tomorrowNine.setHours(9);
  return {
    type,
    subject: "",
    body: "",
    outcome: "",
    sentiment: NO_SENTIMENT,
    next_action: "",
    occurred_at: toLocalInputValue(now),
    due_at: type === "task" ? toLocalInputValue(tomorrowNine) : "",
  };
}

type ActivityInsert = Database["public"]["Tables"]["activities"]["Insert"];

/**
 * The row to insert. Something that already happened (no due date) is recorded as done; anything
 * with a due date is open until marked done, and an open one in the future keeps a deal from going
 * stale.
 */
export function toActivityInsert(values: LogActivityValues, subject: ActivitySubject): ActivityInsert {
  const dueAt = values.due_at === "" ? null : new Date(values.due_at).toISOString();
  return {
    type: values.type,
    subject: values.subject,
    body: values.body,
    outcome: values.outcome,
    sentiment: values.sentiment === NO_SENTIMENT ? null : values.sentiment,
    next_action: values.next_action,
    occurred_at: new Date(values.occurred_at).toISOString(),
    due_at: dueAt,
    done: dueAt === null,
    [SUBJECT_COLUMNS[subject.type]]: subject.id,
  };
}

export type TaskBucket = "overdue" | "today" | "upcoming";

export const TASK_BUCKET_LABELS: Record<TaskBucket, string> = {
  overdue: "Overdue",
  today: "Due today",
  upcoming: "Upcoming",
};

/** The day boundaries "my tasks" splits on, in the user's time zone. */
export function taskDayBounds(now: Date = new Date()) {
  const today = startOfDay(now);
  return { startOfToday: today, startOfTomorrow: addDays(today, 1) };
}

/** Which list an open task belongs in: due before today, during today, or later. */
export function taskBucket(dueAt: string | Date, now: Date = new Date()): TaskBucket {
  const due = typeof dueAt === "string" ? new Date(dueAt) : dueAt;
  const { startOfToday, startOfTomorrow } = taskDayBounds(now);
  if (due < startOfToday) return "overdue";
  if (due < startOfTomorrow) return "today";
  return "upcoming";
}

/** The record an activity is about, from the embedded rows, with a human name and a link. */
export type ActivityRecordRefs = {
  deal_id: string | null;
  account_id: string | null;
  lead_id: string | null;
  contact_id: string | null;
  deal?: { name: string } | null;
  account?: { name: string } | null;
  lead?: { company: string; first_name: string | null; last_name: string | null } | null;
  contact?: { full_name: string | null; last_name: string } | null;
  customer_id?: string | null;
  customer?: { account: { name: string } | null } | null;
};

export function activityRecord(refs: ActivityRecordRefs): { type: ActivitySubjectType; id: string; name: string; href: string } | null {
  const link = (type: ActivitySubjectType, id: string, name: string) => ({ type, id, name, href: `${SUBJECT_PATHS[type]}/${id}` });
  if (refs.deal_id) return link("deal", refs.deal_id, refs.deal?.name ?? "Deal");
  if (refs.account_id) return link("account", refs.account_id, refs.account?.name ?? "Account");
  if (refs.lead_id) {
    const person = [refs.lead?.first_name, refs.lead?.last_name].filter(Boolean).join(" ");
    const company = refs.lead?.company;
    return link("lead", refs.lead_id, [person, company].filter(Boolean).join(", ") || "Lead");
  }
  if (refs.contact_id) return link("contact", refs.contact_id, refs.contact?.full_name || refs.contact?.last_name || "Contact");
  if (refs.customer_id) return link("customer", refs.customer_id, refs.customer?.account?.name ?? "Customer");
  return null;
}
