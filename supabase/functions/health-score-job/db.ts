import type { PostgrestError, SupabaseClient } from "npm:@supabase/supabase-js@2";
import type { OutgoingEmail, SendResult } from "./email.ts";
import { type Authenticate, type BatchResult, type JobDb, JobDbError, type JobRun } from "./handler.ts";

/**
 * The job's database calls through PostgREST with the service-role key: the public.health_job_*
 * and outbox RPCs, which only the service role may execute, each naming its organisation.
 */

function fail(error: PostgrestError): never {
  throw new JobDbError(error.message, error.code);
}

const PAGE = 1000;

export function supabaseJobDb(client: SupabaseClient): JobDb {
  return {
    async orgs() {
      const orgs: string[] = [];
      for (let from = 0; ; from += PAGE) {
        const { data, error } = await client.rpc("health_job_orgs").range(from, from + PAGE - 1);
        if (error) fail(error);
        orgs.push(...(data as string[]));
        if ((data as string[]).length < PAGE) return orgs;
      }
    },
    async callerProfile(userId) {
      const { data, error } = await client.from("profiles").select("org_id, role, active").eq("id", userId).maybeSingle();
      if (error) fail(error);
      return data;
    },
    async start(org, day, triggeredBy) {
      const { data, error } = await client.rpc("health_job_start", { p_org: org, p_day: day, p_triggered_by: triggeredBy });
      if (error) fail(error);
      return data as string;
    },
    async batch(run, org, day, after, limit) {
      const { data, error } = await client.rpc("health_job_batch", { p_run: run, p_org: org, p_day: day, p_after: after, p_limit: limit });
      if (error) fail(error);
      return data as BatchResult;
    },
    async claimEmails(org, limit) {
      const { data, error } = await client.rpc("claim_outbox_emails", { p_org: org, p_limit: limit });
      if (error) fail(error);
      return data as OutgoingEmail[];
    },
    async completeEmails(org, results: SendResult[]) {
      const { error } = await client.rpc("complete_outbox_emails", { p_org: org, p_results: results });
      if (error) fail(error);
    },
    async queuedEmails(org) {
      const { count, error } = await client.from("email_outbox").select("id", { count: "exact", head: true }).eq("org_id", org).eq("status", "queued");
      if (error) fail(error);
      return count ?? 0;
    },
    async finish(run, org, sent, failed, failure) {
      const { data, error } = await client.rpc("health_job_finish", {
        p_run: run,
        p_org: org,
        p_emails_sent: sent,
        p_emails_failed: failed,
        p_error: failure,
      });
      if (error) fail(error);
      return data as JobRun;
    },
  };
}

/**
 * The service role (the schedule: pg_cron sends the key stored in Vault, the local scheduler the
 * stack's key) or a signed-in user, whose token Auth itself must accept (so a revoked session or
 * a banned user is refused).
 */
export function authenticateWith(opts: { supabaseUrl: string; anonKey: string; serviceRoleKey: string }): Authenticate {
  return async (token) => {
    if (token === opts.serviceRoleKey) return { kind: "service" };
    const res = await fetch(`${opts.supabaseUrl}/auth/v1/user`, { headers: { Authorization: `Bearer ${token}`, apikey: opts.anonKey } });
    if (!res.ok) {
      await res.body?.cancel();
      return null;
    }
    const user = (await res.json().catch(() => null)) as { id?: unknown } | null;
    return typeof user?.id === "string" ? { kind: "user", userId: user.id } : null;
  };
}
