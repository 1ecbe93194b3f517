import { z } from "npm:zod@4";
import { json, preflight } from "../_shared/cors.ts";
import type { EmailProvider, OutgoingEmail, SendResult } from "./email.ts";

/**
 * The daily health job (PRODUCT.md CS-3, CS-4, CS-9; docs/customer-success-api.md).
 *
 * Called by the schedule (pg_cron on hosted Supabase, the local stack's scheduler) with the
 * service-role key: every organisation with active customers is scored. Called by an admin with
 * their own JWT ("Run now"): their organisation only. Per organisation it opens a job run, scores
 * the active customers in batches (each batch one database transaction: scores, playbooks,
 * milestones, notifications, queued emails; a failing customer is isolated and recorded while the
 * others are scored), hands the queued emails to the provider configured in the secrets (none
 * configured: they stay queued), and closes the run with the validation of the score. Every
 * database call names its organisation: the service role bypasses row level security.
 *
 * Running it twice on a day changes nothing the second time and sends nothing twice: the database
 * keys every side effect (see *_cs_health_job.sql).
 */

export type Caller = { kind: "service" } | { kind: "user"; userId: string };
/** The caller behind a bearer token, or null when it is neither the service role nor a signed-in user. */
export type Authenticate = (token: string) => Promise<Caller | null>;

export type BatchResult = { scored: number; failed: number; actions: number; next_after: string | null; done: boolean };
export type JobRun = {
  id: string;
  org_id: string;
  day: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  customers_scored: number;
  customers_failed: number;
  actions: number;
  emails_sent: number;
  emails_failed: number;
  errors: unknown[];
};

/** A database error with its SQLSTATE (PostgREST's `code`). */
export class JobDbError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

/** What the job asks of the database; supabase-js RPCs in db.ts, fakes in the tests. */
export interface JobDb {
  orgs(): Promise<string[]>;
  callerProfile(userId: string): Promise<{ org_id: string; role: string; active: boolean } | null>;
  start(org: string, day: string, triggeredBy: string | null): Promise<string>;
  batch(run: string, org: string, day: string, after: string | null, limit: number): Promise<BatchResult>;
  claimEmails(org: string, limit: number): Promise<OutgoingEmail[]>;
  completeEmails(org: string, results: SendResult[]): Promise<void>;
  queuedEmails(org: string): Promise<number>;
  finish(run: string, org: string, sent: number, failed: number, error: string | null): Promise<JobRun>;
}

export type RunSummary = {
  org_id: string;
  run_id: string | null;
  status: string;
  customers_scored: number;
  customers_failed: number;
  actions: number;
  emails_sent: number;
  emails_failed: number;
  emails_queued: number;
  errors: unknown[];
};

export const requestSchema = z
  .strictObject({
    org_id: z.guid({ error: "Must be an organisation id" }).optional(),
    day: z.iso.date({ error: "Must be a date (YYYY-MM-DD)" }).optional(),
    batch_size: z.int({ error: "Must be a whole number" }).min(50, { error: "At least 50" }).max(5000, { error: "At most 5000" }).optional(),
  })
  .default({});

export const DEFAULT_BATCH_SIZE = 1000;
export const MIN_BATCH_SIZE = 50;
const EMAIL_CLAIM = 50;
const EMAIL_CONCURRENCY = 5;
const EMAIL_ROUNDS = 40;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Sends what is due in the outbox of one organisation; stops when a whole round fails (the provider is down). */
async function deliver(db: JobDb, org: string, provider: EmailProvider): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (let round = 0; round < EMAIL_ROUNDS; round++) {
    const emails = await db.claimEmails(org, EMAIL_CLAIM);
    if (emails.length === 0) break;
    const results: SendResult[] = [];
    for (let i = 0; i < emails.length; i += EMAIL_CONCURRENCY) {
      results.push(...(await Promise.all(emails.slice(i, i + EMAIL_CONCURRENCY).map((email) => provider.send(email)))));
    }
    await db.completeEmails(org, results);
    const roundFailed = results.filter((r) => r.error).length;
    sent += results.length - roundFailed;
    failed += roundFailed;
    if (roundFailed === results.length) break;
  }
  return { sent, failed };
}

/** One organisation's run: start, batches, emails, finish. A run already under way answers null. */
export async function runOrganisation(
  db: JobDb,
  opts: { org: string; day: string; triggeredBy: string | null; batchSize: number; provider?: EmailProvider },
): Promise<RunSummary | null> {
  let runId: string;
  try {
    runId = await db.start(opts.org, opts.day, opts.triggeredBy);
  } catch (error) {
    if (error instanceof JobDbError && error.code === "55P03") return null;
    throw error;
  }
  let failure: string | null = null;
  try {
    let after: string | null = null;
    let size = opts.batchSize;
    for (;;) {
      let batch: BatchResult;
      try {
        batch = await db.batch(runId, opts.org, opts.day, after, size);
      } catch (error) {
        // A batch over the statement timeout (a slow day for the database) is nothing lost: it was
        // one transaction. Try the same customers in halves, down to MIN_BATCH_SIZE.
        if (error instanceof JobDbError && error.code === "57014" && size > MIN_BATCH_SIZE) {
          size = Math.max(MIN_BATCH_SIZE, Math.floor(size / 2));
          continue;
        }
        throw error;
      }
      after = batch.next_after;
      if (batch.done || !after) break;
    }
  } catch (error) {
    failure = `scoring stopped: ${message(error)}`;
  }
  let emails = { sent: 0, failed: 0 };
  if (opts.provider) {
    try {
      emails = await deliver(db, opts.org, opts.provider);
    } catch (error) {
      failure ??= `sending email stopped: ${message(error)}`;
    }
  }
  const run = await db.finish(runId, opts.org, emails.sent, emails.failed, failure);
  return {
    org_id: opts.org,
    run_id: run.id,
    status: run.status,
    customers_scored: run.customers_scored,
    customers_failed: run.customers_failed,
    actions: run.actions,
    emails_sent: run.emails_sent,
    emails_failed: run.emails_failed,
    emails_queued: await db.queuedEmails(opts.org),
    errors: run.errors,
  };
}

export function createHandler(deps: {
  db: JobDb;
  authenticate: Authenticate;
  /** Read per invocation, like the secrets it comes from. */
  emailProvider: () => EmailProvider | undefined;
  today?: () => string;
}) {
  const today = deps.today ?? (() => new Date().toISOString().slice(0, 10));
  return async (req: Request): Promise<Response> => {
    const early = preflight(req);
    if (early) return early;
    if (req.method !== "POST") return json({ error: "Method not allowed: POST to run the health job" }, 405);

    const token = req.headers.get("Authorization")?.replace(/^Bearer\s+/i, "") ?? "";
    const caller = token ? await deps.authenticate(token) : null;
    if (!caller) return json({ error: "Sign in as an admin to run the health job" }, 401);

    const text = await req.text();
    let raw: unknown;
    try {
      raw = text.trim() ? JSON.parse(text) : undefined;
    } catch {
      return json({ error: "Invalid input", fields: { body: "Send a JSON object" } }, 400);
    }
    const parsed = requestSchema.safeParse(raw);
    if (!parsed.success) {
      const fields: Record<string, string> = {};
      for (const issue of parsed.error.issues) fields[issue.path.join(".") || "body"] ??= issue.message;
      return json({ error: "Invalid input", fields }, 400);
    }
    const input = parsed.data;

    let orgs: string[];
    let triggeredBy: string | null = null;
    if (caller.kind === "user") {
      if (input.org_id !== undefined || input.day !== undefined) {
        return json({ error: "Only the schedule chooses the organisation or the day; an admin runs today's job for their organisation" }, 403);
      }
      const profile = await deps.db.callerProfile(caller.userId);
      if (!profile?.active || profile.role !== "admin") return json({ error: "Only an admin can run the health job" }, 403);
      orgs = [profile.org_id];
      triggeredBy = caller.userId;
    } else {
      orgs = input.org_id ? [input.org_id] : await deps.db.orgs();
    }

    const day = input.day ?? today();
    const provider = deps.emailProvider();
    const runs: RunSummary[] = [];
    const skipped: { org_id: string; reason: string }[] = [];
    for (const org of orgs) {
      try {
        const summary = await runOrganisation(deps.db, { org, day, triggeredBy, batchSize: input.batch_size ?? DEFAULT_BATCH_SIZE, provider });
        if (summary) runs.push(summary);
        else skipped.push({ org_id: org, reason: "a run for this organisation is already under way" });
      } catch (error) {
        skipped.push({ org_id: org, reason: message(error) });
      }
    }

    if (caller.kind === "user" && runs.length === 0) {
      const reason = skipped[0]?.reason ?? "nothing to run";
      return json({ error: reason.includes("already under way") ? "The health job is already running for your organisation; try again in a few minutes" : reason }, reason.includes("already under way") ? 409 : 500);
    }
    return json({ day, email_provider: provider?.name ?? null, runs, skipped });
  };
}
