/**
 * Playbooks (PRODUCT.md CS-4): a trigger with its parameters, and actions in order (an email to
 * the customer into the outbox, a check-in call task for the CSM, an in-app message). The rules
 * mirror public.playbooks' and public.playbook_actions' checks.
 */
import { z } from "zod";

export type PlaybookTrigger = "no_login_after_onboarding" | "score_drop" | "critical_status";
export type PlaybookActionKind = "email" | "task" | "in_app";

export const PLAYBOOK_TRIGGERS = ["no_login_after_onboarding", "score_drop", "critical_status"] as const satisfies readonly PlaybookTrigger[];
export const ACTION_KINDS = ["email", "task", "in_app"] as const satisfies readonly PlaybookActionKind[];

export const TRIGGER_LABELS: Record<PlaybookTrigger, string> = {
  no_login_after_onboarding: "No login after onboarding",
  score_drop: "Health score drop",
  critical_status: "Customer turns critical",
};

export const ACTION_KIND_LABELS: Record<PlaybookActionKind, string> = {
  email: "Re-engagement email to the customer",
  task: "Check-in call task for the CSM",
  in_app: "In-app message to the CSM",
};

export const PLACEHOLDERS = ["{{customer}}", "{{owner}}", "{{score}}", "{{status}}", "{{days_since_login}}"] as const;

export type PlaybookParams = { days?: number; points?: number };

/** The trigger in words: "No login for 7 days after onboarding". */
export function describeTrigger(trigger: PlaybookTrigger, params: PlaybookParams | null | undefined): string {
  switch (trigger) {
    case "no_login_after_onboarding":
      return `No login for ${params?.days ?? "?"} days after onboarding`;
    case "score_drop":
      return `Health falls ${params?.points ?? "?"} points or more within ${params?.days ?? "?"} days`;
    case "critical_status":
      return "The customer's health turns critical";
  }
}

/** An action in words: "Email: We miss you at {{customer}}", "Task due in 2 days: …". */
export function describeAction(action: { kind: PlaybookActionKind; subject: string; due_in_days?: number | null }): string {
  switch (action.kind) {
    case "email":
      return `Email the customer: “${action.subject}”`;
    case "task": {
      const due = action.due_in_days ?? 0;
      return `Task for the CSM, due ${due === 0 ? "today" : due === 1 ? "tomorrow" : `in ${due} days`}: “${action.subject}”`;
    }
    case "in_app":
      return `In-app message to the CSM: “${action.subject}”`;
  }
}

const whole = (min: number, max: number, what: string) =>
  z
    .number({ error: `Enter ${what}` })
    .refine(Number.isFinite, { error: `Enter ${what}` })
    .refine(Number.isInteger, { error: "Use a whole number" })
    .refine((value) => value >= min && value <= max, { error: `Between ${min} and ${max}` });

export const playbookActionSchema = z.object({
  id: z.string().optional(),
  kind: z.enum(ACTION_KINDS),
  subject: z.string().trim().min(1, { error: "Enter the subject" }).max(200, { error: "Use at most 200 characters" }),
  body: z.string().max(10_000, { error: "Use at most 10,000 characters" }),
  due_in_days: whole(0, 90, "the days until it is due"),
});

export const playbookSchema = z
  .object({
    name: z.string().trim().min(1, { error: "Enter the playbook's name" }).max(100, { error: "Use at most 100 characters" }),
    description: z.string().trim().max(1000, { error: "Use at most 1,000 characters" }),
    trigger: z.enum(PLAYBOOK_TRIGGERS),
    days: z.number().nullable(),
    points: z.number().nullable(),
    active: z.boolean(),
    actions: z.array(playbookActionSchema).min(1, { error: "Add at least one action" }).max(20, { error: "At most 20 actions" }),
  })
  .superRefine((values, ctx) => {
    const check = (field: "days" | "points", min: number, max: number) => {
      const value = values[field];
      if (value === null || !Number.isInteger(value) || value < min || value > max) {
        ctx.addIssue({ code: "custom", path: [field], message: `A whole number between ${min} and ${max}` });
      }
    };
    if (values.trigger === "no_login_after_onboarding") check("days", 1, 365);
    if (values.trigger === "score_drop") {
      check("points", 1, 100);
      check("days", 1, 90);
    }
  });

export type PlaybookForm = z.input<typeof playbookSchema>;
export type PlaybookActionForm = z.input<typeof playbookActionSchema>;

/** The params column a form's trigger stores. */
export function paramsOf(values: Pick<PlaybookForm, "trigger" | "days" | "points">): PlaybookParams {
  switch (values.trigger) {
    case "no_login_after_onboarding":
      return { days: values.days ?? undefined };
    case "score_drop":
      return { points: values.points ?? undefined, days: values.days ?? undefined };
    case "critical_status":
      return {};
  }
}

/** public.save_playbook's arguments for a form: the playbook, its params, and its actions in order (an id keeps an action). */
export function playbookArgs(values: PlaybookForm, id?: string) {
  return {
    p_id: id,
    p_name: values.name.trim(),
    p_description: values.description.trim() || undefined,
    p_trigger: values.trigger,
    p_params: paramsOf(values),
    p_active: values.active,
    p_actions: values.actions.map((action) => ({
      id: action.id,
      kind: action.kind,
      subject: action.subject.trim(),
      body: action.body.trim() || null,
      due_in_days: action.due_in_days,
    })),
  };
}

/** Reads a stored params object (jsonb) without trusting its shape. */
export function readParams(raw: unknown): PlaybookParams {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return {};
  const params = raw as Record<string, unknown>;
  const num = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : undefined);
  return { days: num(params.days), points: num(params.points) };
}

/** The actions an intervention recorded (interventions.actions): what was done, or why it was skipped. */
export type InterventionAction = { kind: PlaybookActionKind | string; id?: string; skipped?: string };

export function readInterventionActions(raw: unknown): InterventionAction[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) => {
    if (!item || typeof item !== "object") return [];
    const entry = item as Record<string, unknown>;
    if (typeof entry.kind !== "string") return [];
    return [{ kind: entry.kind, id: typeof entry.id === "string" ? entry.id : undefined, skipped: typeof entry.skipped === "string" ? entry.skipped : undefined }];
  });
}

export function interventionActionText(action: InterventionAction): string {
  const what =
    action.kind === "email" ? "Email queued" : action.kind === "task" ? "Task created" : action.kind === "in_app" ? "In-app message sent" : action.kind;
  return action.skipped ? `${what.replace(/ (queued|created|sent)$/, "")} skipped: ${action.skipped}` : what;
}
