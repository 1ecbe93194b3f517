import type { PostgrestError, SupabaseClient } from "npm:@supabase/supabase-js@2";
import { z } from "npm:zod@4";
import { json, preflight } from "../_shared/cors.ts";

/**
 * Works rescore runs (public.rescore_runs) off in batches, one rescore_deals_step call per batch,
 * each its own transaction, until they are done or the time budget is spent (PRODUCT.md GOV-1,
 * issue 5 item 3; docs/governance-api.md).
 *
 * - An admin's call (the UI, right after saving a scoring model too large to rescore inside the
 *   save) works their organisation's run, or the one named by `run_id`, with their JWT: the
 *   database checks they are an admin of its organisation. The loop runs to the end even when the
 *   browser stops waiting; the UI polls rescore_runs for progress.
 * - The scheduler's call (service role) with `daily: true` refreshes every organisation's baselines,
 *   queues the nightly rescore of their open deals and works them all off; without it, any run
 *   still queued or running.
 */

export const requestSchema = z.strictObject({
  run_id: z.guid({ error: "Must be a rescore run id" }).optional(),
  daily: z.boolean({ error: "Must be true or false" }).optional(),
  batch_size: z.number({ error: "Must be a number" }).int().min(100, { error: "At least 100" }).max(20000, { error: "At most 20,000" }).optional(),
});

interface Run {
  id: string;
  org_id: string;
  status: "queued" | "running" | "done" | "failed" | "cancelled";
  total: number;
  done: number;
  changed: number;
  error: string | null;
}

const RUN_COLUMNS = "id, org_id, status, total, done, changed, error";
const summary = (run: Run): Run => ({ id: run.id, org_id: run.org_id, status: run.status, total: run.total, done: run.done, changed: run.changed, error: run.error });

export interface Context {
  callerClient: (req: Request) => SupabaseClient;
  serviceClient: SupabaseClient;
  /** Stop starting batches after this long (hosted functions may run 150 s); the rest waits for the next call. */
  budgetMs?: number;
  now?: () => number;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly fields?: Record<string, string>) {
    super(message);
  }
}

/** Postgres refusals keep their meaning: not found → 404, privilege → 403, bad input → 400. */
const dbError = (error: PostgrestError) =>
  new HttpError(error.code === "PT404" ? 404 : error.code === "42501" ? 403 : error.code === "22023" ? 400 : 500, error.message);

/** The verified JWT's role claim (the gateway checked the signature: verify_jwt is on). */
function tokenRole(req: Request): string | undefined {
  const token = req.headers.get("Authorization")?.replace(/^Bearer\s+/i, "") ?? "";
  try {
    const payload = token.split(".")[1] ?? "";
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
    return typeof claims.role === "string" ? claims.role : undefined;
  } catch {
    return undefined;
  }
}

const ACTIVE = ["queued", "running"];
/** Concurrent step loops per run: a large run has two parts (supabase/migrations/*_gov_rescore.sql). */
const WORKERS = 2;

export function createHandler(ctx: Context) {
  const now = ctx.now ?? (() => Date.now());
  const budgetMs = ctx.budgetMs ?? 100_000;

  return async (req: Request): Promise<Response> => {
    const early = preflight(req);
    if (early) return early;
    if (req.method !== "POST") return json({ error: "Use POST" }, 405);
    const started = now();

    try {
      const text = await req.text();
      let raw: unknown = {};
      try {
        raw = text.trim() ? JSON.parse(text) : {};
      } catch {
        throw new HttpError(400, "Invalid input", { body: "Send a JSON object" });
      }
      const parsed = requestSchema.safeParse(raw);
      if (!parsed.success) {
        const fields: Record<string, string> = {};
        for (const issue of parsed.error.issues) fields[issue.path.join(".") || "body"] ??= issue.message;
        throw new HttpError(400, "Invalid input", fields);
      }
      const input = parsed.data;
      const batchSize = input.batch_size ?? 5000;

      const asService = tokenRole(req) === "service_role";
      let client: SupabaseClient;
      let runs: Run[];
      if (asService) {
        client = ctx.serviceClient;
        if (input.daily) {
          const { error } = await client.rpc("start_daily_rescores");
          if (error) throw dbError(error);
        }
        let query = client.from("rescore_runs").select(RUN_COLUMNS).in("status", ACTIVE);
        if (input.run_id) query = query.eq("id", input.run_id);
        const { data, error } = await query.order("created_at");
        if (error) throw dbError(error);
        runs = data as Run[];
      } else {
        if (input.daily) throw new HttpError(403, "The nightly rescore is run by the scheduler");
        client = ctx.callerClient(req);
        const { data: auth } = await client.auth.getUser();
        if (!auth?.user) throw new HttpError(401, "Sign in to call this function");
        const { data: me, error: meError } = await client.from("profiles").select("role").eq("id", auth.user.id).maybeSingle();
        if (meError) throw dbError(meError);
        if (me?.role !== "admin") throw new HttpError(403, "Only an admin rescores deals");
        let query = client.from("rescore_runs").select(RUN_COLUMNS);
        query = input.run_id ? query.eq("id", input.run_id) : query.in("status", ACTIVE);
        const { data, error } = await query.order("created_at");
        if (error) throw dbError(error);
        if (input.run_id && data.length === 0) throw new HttpError(404, "Rescore run not found");
        runs = data as Run[];
      }

      // One loop of steps; WORKERS of them per run work its parts at once, one core each.
      const work = async (start: Run): Promise<Run> => {
        let run = start;
        while (ACTIVE.includes(run.status) && now() - started < budgetMs) {
          const { data, error } = await client.rpc("rescore_deals_step", { run_id: run.id, batch_size: batchSize });
          if (error) throw dbError(error);
          const next = data as Run;
          // No progress: another caller holds the batch this loop waited for; leave it to them.
          const stalled = next.status === run.status && next.done === run.done;
          run = next;
          if (stalled) break;
        }
        return run;
      };
      const worked: Run[] = [];
      for (const run of runs) {
        const ends = await Promise.all(Array.from({ length: WORKERS }, () => work(run)));
        worked.push(summary(ends.reduce((latest, end) => (end.done > latest.done || !ACTIVE.includes(end.status) ? end : latest))));
      }
      return json({ runs: worked });
    } catch (error) {
      if (error instanceof HttpError) return json({ error: error.message, ...(error.fields ? { fields: error.fields } : {}) }, error.status);
      return json({ error: (error as Error).message }, 500);
    }
  };
}
