/**
 * The rescore-deals edge function through the gateway (docs/governance-api.md): an admin's call
 * works their organisation's rescore run off in batches until it is done, the scheduler's
 * (service role) works any run, and everyone else is refused. Runs in an organisation of its own
 * with a handful of deals, so the demo's scores are left alone.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { anonClient, signedInClient, uniqueEmail, type Client } from "../support/clients.ts";
import { adminSql } from "../support/sql.ts";

const url = () => `${inject("stack").apiUrl}/functions/v1/rescore-deals`;

async function call(token: string | null, body: unknown = {}) {
  const res = await fetch(url(), {
    method: "POST",
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), apikey: inject("stack").anonKey, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

let admin: Client;
let adminToken = "";
let orgId = "";

beforeAll(async () => {
  admin = anonClient();
  const signUp = await admin.auth.signUp({
    email: uniqueEmail("rescore-admin"),
    password: "rescore-password",
    options: { data: { full_name: "Rhea Rescore", organization_name: "Rescore Co" } },
  });
  if (signUp.error) throw signUp.error;
  adminToken = signUp.data.session!.access_token;
  const pipeline = await admin.rpc("create_pipeline_from_template", { name: "Sales", is_default: true });
  const { data: stage } = await admin.from("pipeline_stages").select("id").eq("pipeline_id", pipeline.data!.id).eq("name", "Lead").single();
  const account = await admin.from("accounts").insert({ name: "Rescore account" }).select("id, org_id").single();
  orgId = account.data!.org_id;
  const { error } = await admin
    .from("deals")
    .insert(Array.from({ length: 250 }, (_, i) => ({ account_id: account.data!.id, pipeline_id: pipeline.data!.id, stage_id: stage!.id, name: `Rescore ${i}`, discount_pct: i % 40 })));
  if (error) throw error;
});

/** Queues a run of the organisation as the database would after a model change, as if it were too large to finish inline. */
const queueRun = () =>
  adminSql(async (c) => (await c.query("select id, total from private.queue_rescore($1, 'model_change')", [orgId])).rows[0] as { id: string; total: number });

describe("rescore-deals", () => {
  it("refuses a call without a JWT, and a member who is not an admin", async () => {
    expect((await call(null)).status).toBe(401);
    const rep = await signedInClient("rep@acme.test");
    const token = (await rep.auth.getSession()).data.session!.access_token;
    expect(await call(token)).toEqual({ status: 403, body: { error: "Only an admin rescores deals" } });
    expect((await call(token, { daily: true })).status).toBe(403);
  });

  it("refuses bad input by field", async () => {
    expect(await call(adminToken, { batch_size: 5, colour: "red" })).toEqual({
      status: 400,
      body: { error: "Invalid input", fields: { batch_size: "At least 100", body: expect.any(String) } },
    });
  });

  it("works the admin's run off batch by batch until it is done", async () => {
    const run = await queueRun();
    expect(run.total).toBe(250);
    const { status, body } = await call(adminToken, { batch_size: 100 });
    expect(status).toBe(200);
    expect(body.runs).toEqual([{ id: run.id, org_id: orgId, status: "done", total: 250, done: 250, changed: expect.any(Number), error: null }]);
    const { data } = await admin.from("rescore_runs").select("status, done, started_at, finished_at").eq("id", run.id).single();
    expect(data).toMatchObject({ status: "done", done: 250 });
    expect(data!.finished_at).not.toBeNull();
  });

  it("answers 404 for a run that is not the admin's organisation's, and nothing to do when none is under way", async () => {
    expect(await call(adminToken, { run_id: "00000000-0000-4000-8000-000000000000" })).toEqual({ status: 404, body: { error: "Rescore run not found" } });
    expect(await call(adminToken)).toEqual({ status: 200, body: { runs: [] } });
  });

  it("the scheduler's call (service role) works a queued run too", async () => {
    const run = await queueRun();
    const { status, body } = await call(inject("stack").serviceRoleKey, { run_id: run.id });
    expect(status).toBe(200);
    expect(body.runs).toEqual([expect.objectContaining({ id: run.id, status: "done", done: 250 })]);
  });
});
