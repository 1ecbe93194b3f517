import assert from "node:assert/strict";
import type { EmailProvider, OutgoingEmail, SendResult } from "./email.ts";
import { type BatchResult, createHandler, type JobDb, JobDbError, type JobRun } from "./handler.ts";

const ADMIN = "00000000-0000-4000-b000-000000000001";
const REP = "00000000-0000-4000-b000-000000000004";
const ACME = "00000000-0000-4000-a000-000000000001";
const GLOBEX = "00000000-0000-4000-a000-000000000002";

/** An in-memory database: `customers` per organisation, scored in batches by id. */
function fakeDb(
  opts: { customers?: Record<string, number>; running?: string[]; emails?: OutgoingEmail[]; failBatchFor?: string; timeoutAbove?: number } = {},
) {
  const customers = opts.customers ?? { [ACME]: 5, [GLOBEX]: 2 };
  const calls: string[] = [];
  const completed: SendResult[] = [];
  let queue = [...(opts.emails ?? [])];
  const runs = new Map<string, JobRun>();
  const db: JobDb = {
    orgs: () => Promise.resolve(Object.keys(customers)),
    callerProfile: (id) =>
      Promise.resolve(id === ADMIN ? { org_id: ACME, role: "admin", active: true } : id === REP ? { org_id: ACME, role: "rep", active: true } : null),
    start(org, day, triggeredBy) {
      calls.push(`start ${org} ${day} ${triggeredBy}`);
      if (opts.running?.includes(org)) return Promise.reject(new JobDbError("a health score run for this organisation is already under way", "55P03"));
      const id = `run-${org}`;
      runs.set(id, {
        id, org_id: org, day, status: "running", started_at: "", finished_at: null, customers_scored: 0, customers_failed: 0, actions: 0,
        emails_sent: 0, emails_failed: 0, errors: [],
      });
      return Promise.resolve(id);
    },
    batch(run, org, _day, after, limit): Promise<BatchResult> {
      calls.push(`batch ${org} after ${after} limit ${limit}`);
      if (opts.failBatchFor === org) return Promise.reject(new JobDbError("permission denied for function health_job_batch", "42501"));
      if (opts.timeoutAbove !== undefined && limit > opts.timeoutAbove) {
        return Promise.reject(new JobDbError("canceling statement due to statement timeout", "57014"));
      }
      const start = after === null ? 0 : Number(after.split(":")[1]);
      const end = Math.min(customers[org]!, start + limit);
      const r = runs.get(run)!;
      r.customers_scored += end - start;
      r.actions += 1;
      return Promise.resolve({ scored: end - start, failed: 0, actions: 1, next_after: end > 0 ? `c:${end}` : null, done: end - start < limit });
    },
    claimEmails(org, limit) {
      const mine = queue.filter((e) => e.org_id === org).slice(0, limit);
      queue = queue.filter((e) => !mine.includes(e));
      calls.push(`claim ${org} ${mine.length}`);
      return Promise.resolve(mine);
    },
    completeEmails(_org, results) {
      completed.push(...results);
      return Promise.resolve();
    },
    queuedEmails: (org) => Promise.resolve(queue.filter((e) => e.org_id === org).length),
    finish(run, _org, sent, failed, error) {
      const r = runs.get(run)!;
      Object.assign(r, { emails_sent: sent, emails_failed: failed, status: error ? "failed" : failed ? "partial" : "succeeded", errors: error ? [{ message: error }] : [] });
      calls.push(`finish ${run} ${r.status}`);
      return Promise.resolve(r);
    },
  };
  return { db, calls, completed };
}

const email = (n: number, org = ACME): OutgoingEmail => ({
  id: `e${n}`, org_id: org, dedupe_key: `k${n}`, to_email: `someone${n}@example.test`, to_name: null, subject: "Hello", body: "Body",
});

const authenticate = (token: string) =>
  Promise.resolve(token === "service" ? { kind: "service" as const } : token === "admin" ? { kind: "user" as const, userId: ADMIN } : token === "rep" ? { kind: "user" as const, userId: REP } : null);

const post = (token: string | null, body?: unknown) =>
  new Request("http://local/health-score-job", {
    method: "POST",
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    body: body === undefined ? undefined : JSON.stringify(body),
  });

Deno.test("the schedule scores every organisation in batches and closes each run", async () => {
  const { db, calls } = fakeDb({ customers: { [ACME]: 5, [GLOBEX]: 2 } });
  const handler = createHandler({ db, authenticate, emailProvider: () => undefined, today: () => "2026-11-21" });
  const res = await handler(post("service", { batch_size: 50 }));
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.day, "2026-11-21");
  assert.equal(body.email_provider, null);
  assert.deepEqual(body.runs.map((r: { org_id: string; customers_scored: number; status: string }) => [r.org_id, r.customers_scored, r.status]), [
    [ACME, 5, "succeeded"],
    [GLOBEX, 2, "succeeded"],
  ]);
  assert.deepEqual(calls.filter((c) => c.startsWith("start")), [`start ${ACME} 2026-11-21 null`, `start ${GLOBEX} 2026-11-21 null`]);
});

Deno.test("batches follow the last id until a short batch", async () => {
  const { db, calls } = fakeDb({ customers: { [ACME]: 120 } });
  const handler = createHandler({ db, authenticate, emailProvider: () => undefined, today: () => "2026-11-21" });
  const res = await handler(post("service", { batch_size: 50 }));
  assert.equal(res.status, 200);
  await res.body?.cancel();
  assert.deepEqual(calls.filter((c) => c.startsWith("batch")), [
    `batch ${ACME} after null limit 50`,
    `batch ${ACME} after c:50 limit 50`,
    `batch ${ACME} after c:100 limit 50`,
  ]);
});

Deno.test("an admin runs today's job for their own organisation; others are refused", async () => {
  const { db, calls } = fakeDb();
  const handler = createHandler({ db, authenticate, emailProvider: () => undefined, today: () => "2026-11-21" });
  const res = await handler(post("admin"));
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.deepEqual(body.runs.map((r: { org_id: string }) => r.org_id), [ACME]);
  assert.deepEqual(calls.filter((c) => c.startsWith("start")), [`start ${ACME} 2026-11-21 ${ADMIN}`]);

  const rep = await handler(post("rep"));
  assert.equal(rep.status, 403);
  assert.deepEqual(await rep.json(), { error: "Only an admin can run the health job" });

  const otherOrg = await handler(post("admin", { org_id: GLOBEX }));
  assert.equal(otherOrg.status, 403);
  await otherOrg.body?.cancel();

  const nobody = await handler(post(null));
  assert.equal(nobody.status, 401);
  await nobody.body?.cancel();
  const forged = await handler(post("forged"));
  assert.equal(forged.status, 401);
  await forged.body?.cancel();
});

Deno.test("a run already under way: the admin hears 409, the schedule skips that organisation", async () => {
  const { db } = fakeDb({ running: [ACME] });
  const handler = createHandler({ db, authenticate, emailProvider: () => undefined, today: () => "2026-11-21" });
  const admin = await handler(post("admin"));
  assert.equal(admin.status, 409);
  await admin.body?.cancel();
  const scheduled = await handler(post("service"));
  const body = await scheduled.json();
  assert.deepEqual(body.runs.map((r: { org_id: string }) => r.org_id), [GLOBEX]);
  assert.equal(body.skipped[0].org_id, ACME);
});

Deno.test("a batch that fails as a whole closes that run as failed and the next organisation still runs", async () => {
  const { db } = fakeDb({ failBatchFor: ACME });
  const handler = createHandler({ db, authenticate, emailProvider: () => undefined, today: () => "2026-11-21" });
  const body = await (await handler(post("service"))).json();
  assert.equal(body.runs[0].status, "failed");
  assert.match(JSON.stringify(body.runs[0].errors), /permission denied/);
  assert.equal(body.runs[1].status, "succeeded");
});

Deno.test("queued emails go to the provider only when one is configured, and what it answered is recorded", async () => {
  const emails = [email(1), email(2), email(3, GLOBEX)];
  const none = fakeDb({ emails });
  const withoutProvider = await (await createHandler({ db: none.db, authenticate, emailProvider: () => undefined })(post("service"))).json();
  assert.deepEqual(withoutProvider.runs.map((r: { emails_queued: number }) => r.emails_queued), [2, 1]);
  assert.equal(none.completed.length, 0);

  const sentTo: string[] = [];
  const provider: EmailProvider = {
    name: "test",
    send: (e) => {
      sentTo.push(e.to_email);
      return Promise.resolve(e.id === "e2" ? { id: e.id, error: "provider answered 422: invalid address" } : { id: e.id, provider_id: `p-${e.id}` });
    },
  };
  const some = fakeDb({ emails });
  const body = await (await createHandler({ db: some.db, authenticate, emailProvider: () => provider })(post("service"))).json();
  assert.deepEqual(sentTo.sort(), ["someone1@example.test", "someone2@example.test", "someone3@example.test"]);
  assert.deepEqual(some.completed.map((r) => r.provider_id ?? r.error), ["p-e1", "provider answered 422: invalid address", "p-e3"]);
  assert.deepEqual(body.runs.map((r: { status: string; emails_sent: number; emails_failed: number }) => [r.status, r.emails_sent, r.emails_failed]), [
    ["partial", 1, 1],
    ["succeeded", 1, 0],
  ]);
});

Deno.test("a batch over the statement timeout is tried again in halves", async () => {
  const { db, calls } = fakeDb({ customers: { [ACME]: 500 }, timeoutAbove: 200 });
  const handler = createHandler({ db, authenticate, emailProvider: () => undefined, today: () => "2026-11-21" });
  const body = await (await handler(post("service", { org_id: ACME, batch_size: 800 }))).json();
  assert.equal(body.runs[0].status, "succeeded");
  assert.equal(body.runs[0].customers_scored, 500);
  assert.deepEqual(calls.filter((c) => c.startsWith("batch")).slice(0, 4), [
    `batch ${ACME} after null limit 800`,
    `batch ${ACME} after null limit 400`,
    `batch ${ACME} after null limit 200`,
    `batch ${ACME} after c:200 limit 200`,
  ]);
});

Deno.test("refuses other methods and bad input", async () => {
  const { db } = fakeDb();
  const handler = createHandler({ db, authenticate, emailProvider: () => undefined });
  const get = await handler(new Request("http://local/health-score-job", { headers: { Authorization: "Bearer service" } }));
  assert.equal(get.status, 405);
  await get.body?.cancel();
  const bad = await handler(post("service", { day: "yesterday", batch_size: 5, extra: true }));
  assert.equal(bad.status, 400);
  const body = await bad.json();
  assert.equal(body.error, "Invalid input");
  assert.ok(body.fields.day && body.fields.batch_size);
  const options = await handler(new Request("http://local/health-score-job", { method: "OPTIONS" }));
  assert.equal(options.status, 200);
  await options.body?.cancel();
});
