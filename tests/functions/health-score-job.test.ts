import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Stack } from "../../local/stack.ts";
import { signedInClient } from "../support/clients.ts";
import { ORG } from "../support/demo.ts";
import { adminSql } from "../support/sql.ts";
import { startThrowawayStack } from "../support/throwaway-stack.ts";

/**
 * The health-score-job edge function through the gateway, as the schedule and as an admin's
 * "Run now": the shared stack has no email provider configured; a second stack gets a local HTTP
 * server speaking Resend's API as its provider (EMAIL_API_URL, EMAIL_API_KEY, EMAIL_FROM secrets).
 */

type RunSummary = {
  org_id: string;
  run_id: string;
  status: string;
  customers_scored: number;
  customers_failed: number;
  actions: number;
  emails_sent: number;
  emails_failed: number;
  emails_queued: number;
  errors: { customer_id?: string; message: string }[];
};
type JobAnswer = { day: string; email_provider: string | null; runs: RunSummary[]; skipped: { org_id: string; reason: string }[] };

async function runJob(apiUrl: string, token: string, body: unknown = {}): Promise<{ status: number; body: JobAnswer & { error?: string } }> {
  const res = await fetch(`${apiUrl}/functions/v1/health-score-job`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe("health-score-job without an email provider", () => {
  const stack = () => inject("stack");

  it("the schedule scores an organisation; a second run the same day changes nothing and sends nothing", async () => {
    const first = await runJob(stack().apiUrl, stack().serviceRoleKey, { org_id: ORG.acme });
    expect(first.status).toBe(200);
    expect(first.body.email_provider).toBeNull();
    const run = first.body.runs[0]!;
    expect(run).toMatchObject({ org_id: ORG.acme, status: "succeeded", customers_failed: 0, emails_sent: 0 });
    expect(run.customers_scored).toBeGreaterThanOrEqual(250);

    const before = await adminSql((c) => c.query(
      `select (select count(*) from public.customer_health_scores where org_id = $1 and day = current_date)::int as scores,
              (select count(*) from public.interventions where org_id = $1)::int as interventions,
              (select count(*) from public.email_outbox where org_id = $1)::int as emails,
              (select count(*) from public.email_outbox where org_id = $1 and status = 'queued')::int as queued,
              (select count(*) from public.notifications where org_id = $1)::int as notifications`,
      [ORG.acme],
    ));
    const second = await runJob(stack().apiUrl, stack().serviceRoleKey, { org_id: ORG.acme });
    expect(second.status).toBe(200);
    expect(second.body.runs[0]).toMatchObject({ status: "succeeded", actions: 0, emails_sent: 0 });
    const after = await adminSql((c) => c.query(
      `select (select count(*) from public.customer_health_scores where org_id = $1 and day = current_date)::int as scores,
              (select count(*) from public.interventions where org_id = $1)::int as interventions,
              (select count(*) from public.email_outbox where org_id = $1)::int as emails,
              (select count(*) from public.email_outbox where org_id = $1 and status = 'queued')::int as queued,
              (select count(*) from public.notifications where org_id = $1)::int as notifications`,
      [ORG.acme],
    ));
    expect(after.rows[0]).toEqual(before.rows[0]);
    // With no provider, mail stays queued where the outbox page shows it.
    expect(after.rows[0].queued).toBeGreaterThan(0);
    expect(second.body.runs[0]!.emails_queued).toBe(after.rows[0].queued);
    const runs = await adminSql((c) => c.query("select status, customers_scored, finished_at from public.job_runs where id = any ($1)", [[run.run_id, second.body.runs[0]!.run_id]]));
    expect(runs.rows.every((r) => r.status === "succeeded" && r.finished_at !== null)).toBe(true);
  }, 120_000);

  it("an admin runs it now for their own organisation; other roles and strangers are refused", async () => {
    const admin = await signedInClient("admin@acme.test");
    const { data, error } = await admin.functions.invoke<JobAnswer>("health-score-job", { body: {} });
    expect(error).toBeNull();
    expect(data!.runs.map((r) => r.org_id)).toEqual([ORG.acme]);
    const run = await adminSql((c) => c.query("select triggered_by, status from public.job_runs where id = $1", [data!.runs[0]!.run_id]));
    expect(run.rows[0]).toEqual({ triggered_by: "00000000-0000-4000-b000-000000000001", status: "succeeded" });

    for (const email of ["cs@acme.test", "exec@acme.test", "rep@acme.test"]) {
      const client = await signedInClient(email);
      const session = (await client.auth.getSession()).data.session!;
      const refused = await runJob(stack().apiUrl, session.access_token);
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({ error: "Only an admin can run the health job" });
    }
    const adminToken = (await admin.auth.getSession()).data.session!.access_token;
    const otherOrg = await runJob(stack().apiUrl, adminToken, { org_id: ORG.globex });
    expect(otherOrg.status).toBe(403);
    const anonymous = await runJob(stack().apiUrl, stack().anonKey);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ error: "Sign in as an admin to run the health job" });
  }, 120_000);

  it("records a customer that fails with its error and scores every other one", async () => {
    const broken = await adminSql(async (c) => {
      const { rows } = await c.query("select id from public.customers where org_id = $1 and churned_at is null order by id limit 1 offset 2", [ORG.globex]);
      await c.query(`create function private.test_refuse_customer() returns trigger language plpgsql set search_path = '' as $$
        begin
          if new.customer_id = tg_argv[0]::uuid then raise exception 'usage feed corrupt for this customer'; end if;
          return new;
        end $$`);
      await c.query(`create trigger test_refuse_customer before insert or update on public.customer_health_scores
        for each row execute function private.test_refuse_customer('${rows[0].id}')`);
      return rows[0].id as string;
    });
    try {
      const { status, body } = await runJob(stack().apiUrl, stack().serviceRoleKey, { org_id: ORG.globex });
      expect(status).toBe(200);
      const active = await adminSql(async (c) => Number((await c.query("select count(*) as n from public.customers where org_id = $1 and churned_at is null", [ORG.globex])).rows[0].n));
      expect(body.runs[0]).toMatchObject({ status: "partial", customers_scored: active - 1, customers_failed: 1 });
      expect(body.runs[0]!.errors).toEqual([{ customer_id: broken, message: "usage feed corrupt for this customer", code: "P0001" }]);
      const stored = await adminSql((c) => c.query("select status, customers_failed, errors from public.job_runs where id = $1", [body.runs[0]!.run_id]));
      expect(stored.rows[0]).toMatchObject({ status: "partial", customers_failed: 1, errors: [{ customer_id: broken, message: "usage feed corrupt for this customer" }] });
    } finally {
      await adminSql(async (c) => {
        await c.query("drop trigger test_refuse_customer on public.customer_health_scores");
        await c.query("drop function private.test_refuse_customer()");
      });
    }
  }, 120_000);
});

describe("health-score-job with an email provider", () => {
  type Received = { path: string; authorization?: string; idempotencyKey?: string; body: { from: string; to: string[]; subject: string; text: string } };
  const received: Received[] = [];
  let refuse = new Set<string>();
  let provider: http.Server;
  let stack: Stack;

  beforeAll(async () => {
    // A provider speaking Resend's API: POST /emails → 200 {"id"}, or 422 for addresses told to refuse.
    provider = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
      req.on("end", () => {
        const body = JSON.parse(raw) as Received["body"];
        received.push({ path: req.url ?? "", authorization: req.headers.authorization, idempotencyKey: req.headers["idempotency-key"] as string, body });
        res.setHeader("content-type", "application/json");
        if (body.to.some((to) => [...refuse].some((address) => to.includes(address)))) {
          res.statusCode = 422;
          res.end(JSON.stringify({ name: "validation_error", message: "The recipient is on the suppression list." }));
        } else {
          res.end(JSON.stringify({ id: `msg_${received.length}` }));
        }
      });
    });
    await new Promise<void>((resolve) => provider.listen(0, "127.0.0.1", resolve));
    const port = (provider.address() as AddressInfo).port;
    const functionEnv = { EMAIL_API_URL: `http://127.0.0.1:${port}`, EMAIL_API_KEY: "re_test_key", EMAIL_FROM: "Acme Success <success@acme.example>" };
    // Free ports are picked before they are bound; on a busy machine another process may take one
    // in between. Try once more on fresh ports.
    stack = await startThrowawayStack({ functionEnv }).catch((error: Error) => {
      if (!/EADDRINUSE|already in use/.test(error.message)) throw error;
      return startThrowawayStack({ functionEnv });
    });
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
    await new Promise<void>((resolve) => provider?.close(() => resolve()));
  }, 60_000);

  const sql = async <T>(work: (c: pg.Client) => Promise<T>) => {
    const c = new pg.Client(stack.dbUrl);
    await c.connect();
    try {
      return await work(c);
    } finally {
      await c.end();
    }
  };

  it("sends every queued email once through the provider's API and records its message id", async () => {
    const queued = await sql(async (c) => (await c.query("select id, to_email, dedupe_key from public.email_outbox where org_id = $1 and status = 'queued'", [ORG.acme])).rows);
    expect(queued.length).toBeGreaterThan(0);
    refuse = new Set([queued[0]!.to_email]);

    const first = await runJob(stack.apiUrl, stack.serviceRoleKey, { org_id: ORG.acme });
    expect(first.status).toBe(200);
    expect(first.body.email_provider).toBe("resend-compatible");
    const run = first.body.runs[0]!;
    const outbox = await sql(async (c) => (await c.query(
      "select id, to_email, dedupe_key, status, provider_id, attempts, last_error, next_attempt_at > now() as later from public.email_outbox where org_id = $1",
      [ORG.acme],
    )).rows);
    const refusedRows = outbox.filter((e) => e.to_email === queued[0]!.to_email);
    const sent = outbox.filter((e) => e.status === "sent");
    expect(run.emails_sent).toBe(sent.length);
    expect(run.emails_failed).toBe(refusedRows.length);
    expect(run.status).toBe("partial");
    expect(received.length).toBe(outbox.length);
    expect(sent.length + refusedRows.length).toBe(outbox.length);
    for (const row of sent) expect(row.provider_id).toMatch(/^msg_\d+$/);
    for (const row of refusedRows) {
      expect(row).toMatchObject({ status: "queued", attempts: 1, last_error: "provider answered 422: The recipient is on the suppression list.", later: true });
    }
    // What went over the wire is Resend's request.
    const one = received.find((r) => r.idempotencyKey === `${ORG.acme}:${sent[0]!.dedupe_key}`)!;
    expect(one.path).toBe("/emails");
    expect(one.authorization).toBe("Bearer re_test_key");
    expect(one.body.from).toBe("Acme Success <success@acme.example>");
    expect(one.body.to).toEqual([expect.stringContaining(sent[0]!.to_email)]);
    expect(typeof one.body.subject).toBe("string");
    expect(typeof one.body.text).toBe("string");

    // A second run the same day sends nothing again (the refused one waits for its retry time).
    const requestsBefore = received.length;
    const second = await runJob(stack.apiUrl, stack.serviceRoleKey, { org_id: ORG.acme });
    expect(second.body.runs[0]).toMatchObject({ actions: 0, emails_sent: 0, emails_failed: 0, status: "succeeded" });
    expect(received.length).toBe(requestsBefore);
  }, 180_000);
});
