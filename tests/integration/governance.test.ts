/**
 * Deal scoring and approvals as the demo's people meet them through supabase-js
 * (docs/governance-api.md): the score on the deal, approval requests raised by the database, the
 * inbox, decisions in one and two steps, rejection, an executive's exception, self-approval and
 * another team's manager refused, closing won blocked until approved; and the scoring settings in
 * an organisation of their own, so Acme's model stays the default for the other suites.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonClient, signedInClient, uniqueEmail, type Client } from "../support/clients.ts";
import { USER, seedId } from "../support/demo.ts";
import { adminSql } from "../support/sql.ts";

const RUN = `Governance ${process.pid}-${Date.now()}`;
let rep: Client;
let manager: Client;
let managerWest: Client;
let executive: Client;
let sales: { id: string; stage: Record<string, string> };

beforeAll(async () => {
  [rep, manager, managerWest, executive] = await Promise.all(
    ["rep@acme.test", "manager@acme.test", "manager.west@acme.test", "exec@acme.test"].map((email) => signedInClient(email)),
  );
  const { data, error } = await rep.from("pipelines").select("id, pipeline_stages(id, name)").eq("name", "Sales").single();
  if (error) throw error;
  sales = { id: data.id, stage: Object.fromEntries(data.pipeline_stages.map((s) => [s.name, s.id])) };
});

afterAll(async () => {
  await adminSql((c) => c.query("delete from public.deals where name like $1", [`${RUN}%`]));
});

/** A deal of `client`'s user in Negotiation (ready to close: its exit criterion is filled). */
async function newDeal(client: Client, fields: Record<string, unknown> = {}) {
  const { data, error } = await client
    .from("deals")
    .insert({
      account_id: seedId("acme-account", 0),
      pipeline_id: sales.id,
      stage_id: sales.stage.Negotiation!,
      name: `${RUN} deal`,
      amount: 30_000,
      discount_pct: 10,
      margin_pct: 55,
      contract_term_months: 24,
      paper_process: "Order form",
      ...fields,
    })
    .select("id, version")
    .single();
  if (error) throw error;
  return data;
}

const scoreOf = async (client: Client, dealId: string) =>
  (await client.from("deals").select("id, deal_scores(score, classification, contributions)").eq("id", dealId).single()).data!.deal_scores!;

async function requestsOf(client: Client, dealId: string) {
  const { data, error } = await client
    .from("approval_requests")
    .select("id, status, current_step, reasons, policy:approval_policies(name), approval_steps(position, status, comment, decided_by), approval_exceptions(reason, granted_by)")
    .eq("deal_id", dealId)
    .order("created_at");
  if (error) throw error;
  return data;
}

const closeWon = async (client: Client, dealId: string) => {
  const { data } = await client.from("deals").select("version").eq("id", dealId).single();
  return client.rpc("move_deal_stage", { deal_id: dealId, to_stage_id: sales.stage["Closed Won"]!, expected_version: data!.version });
};

describe("a discount beyond policy", () => {
  it("drops the score and raises a request; the team's manager approves it from the inbox and the rep closes won", async () => {
    const deal = await newDeal(rep);
    const before = await scoreOf(rep, deal.id);

    const { error } = await rep.from("deals").update({ discount_pct: 30 }).eq("id", deal.id);
    expect(error).toBeNull();
    const after = await scoreOf(rep, deal.id);
    expect(after.score).toBeLessThan(before.score);
    expect(after.contributions).toMatchObject({ discount: 2 });

    const [request] = await requestsOf(rep, deal.id);
    expect(request).toMatchObject({ status: "pending", current_step: 1, reasons: ["Discount 30 % is above 20 %"], policy: { name: "Discounts above 20 %" } });

    // closing now is refused by the database, with the request in the details
    const blocked = await closeWon(rep, deal.id);
    expect(blocked.status).toBe(400);
    expect(blocked.error).toMatchObject({
      code: "P0001",
      hint: "approval_required",
      message: 'This deal cannot be closed won: approval "Discounts above 20 %" is still pending',
    });
    expect(JSON.parse(blocked.error!.details)).toEqual([{ request_id: request!.id, deal_id: deal.id, policy: "Discounts above 20 %", status: "pending" }]);

    // the manager of East is notified and has it in the inbox; West's manager has not
    const { data: notes } = await manager.from("notifications").select("kind, title, link").eq("user_id", USER.manager).eq("link", `/approvals?request=${request!.id}`);
    expect(notes).toEqual([{ kind: "approval.requested", title: `Approval needed: ${RUN} deal`, link: `/approvals?request=${request!.id}` }]);
    const inbox = await manager.rpc("approval_inbox");
    expect(inbox.data!.find((row) => row.request_id === request!.id)).toMatchObject({ step_position: 1, step_count: 1, policy_name: "Discounts above 20 %" });
    expect((await managerWest.rpc("approval_inbox")).data!.some((row) => row.request_id === request!.id)).toBe(false);

    const approved = await manager.rpc("decide_approval", { request_id: request!.id, decision: "approve", comment: "OK for a 2-year term" });
    expect(approved.error).toBeNull();
    expect(approved.data).toMatchObject({ status: "approved", current_step: null });
    const { data: outcome } = await rep.from("notifications").select("kind, link").eq("user_id", USER.rep).eq("link", `/deals/${deal.id}`);
    expect(outcome).toEqual([{ kind: "approval.approved", link: `/deals/${deal.id}` }]);

    const won = await closeWon(rep, deal.id);
    expect(won.error).toBeNull();
    expect(won.data).toMatchObject({ status: "won" });
  });
});

describe("who may decide", () => {
  it("refuses the owner, another team's manager and a rep, with the reason", async () => {
    const deal = await newDeal(rep, { discount_pct: 25 });
    const [request] = await requestsOf(rep, deal.id);
    const own = await rep.rpc("decide_approval", { request_id: request!.id, decision: "approve" });
    expect(own).toMatchObject({ status: 403, error: { code: "42501", hint: "own_deal", message: "You cannot decide an approval of your own deal" } });
    const west = await managerWest.rpc("decide_approval", { request_id: request!.id, decision: "approve" });
    expect(west).toMatchObject({ status: 403, error: { hint: "other_team", message: "Managers decide approvals only for deals of a team they manage" } });
    const unseen = await (await signedInClient("rep.west@acme.test")).rpc("decide_approval", { request_id: request!.id, decision: "approve" });
    expect(unseen).toMatchObject({ status: 403, error: { hint: "not_approver" } });
  });

  it("a manager cannot approve their own deal, and it is not in their inbox", async () => {
    const deal = await newDeal(manager, { discount_pct: 25 });
    const [request] = await requestsOf(manager, deal.id);
    expect((await manager.rpc("approval_inbox")).data!.some((row) => row.request_id === request!.id)).toBe(false);
    const own = await manager.rpc("decide_approval", { request_id: request!.id, decision: "approve" });
    expect(own.error).toMatchObject({ code: "42501", hint: "own_deal" });
  });
});

describe("a large deal", () => {
  it("goes through two steps: the team's manager, then the executive", async () => {
    const deal = await newDeal(rep, { amount: 250_000 });
    const [request] = await requestsOf(rep, deal.id);
    expect(request).toMatchObject({ status: "pending", current_step: 1, policy: { name: "Large deals" } });
    expect((await executive.rpc("approval_inbox")).data!.some((row) => row.request_id === request!.id)).toBe(false);

    const first = await manager.rpc("decide_approval", { request_id: request!.id, decision: "approve" });
    expect(first.data).toMatchObject({ status: "pending", current_step: 2 });
    const again = await manager.rpc("decide_approval", { request_id: request!.id, decision: "approve" });
    expect(again.error).toMatchObject({ hint: "not_approver", message: "This step is for an executive: you are not one of its approvers" });
    expect((await executive.rpc("approval_inbox")).data!.find((row) => row.request_id === request!.id)).toMatchObject({ step_position: 2, step_count: 2, step_name: "CRO" });

    const second = await executive.rpc("decide_approval", { request_id: request!.id, decision: "approve", comment: "Good logo" });
    expect(second.data).toMatchObject({ status: "approved" });
    const [done] = await requestsOf(rep, deal.id);
    expect(done!.approval_steps.map((s) => [s.position, s.status, s.decided_by])).toEqual([
      [1, "approved", USER.manager],
      [2, "approved", USER.executive],
    ]);
    expect((await closeWon(rep, deal.id)).error).toBeNull();
  });
});

describe("a rejected request", () => {
  it("needs a comment, blocks closing, and only an executive's exception with a reason lets the deal through", async () => {
    const deal = await newDeal(rep, { discount_pct: 35 });
    const [request] = await requestsOf(rep, deal.id);
    const silent = await manager.rpc("decide_approval", { request_id: request!.id, decision: "reject" });
    expect(silent).toMatchObject({ status: 400, error: { code: "23514", hint: "comment_required" } });
    const rejected = await manager.rpc("decide_approval", { request_id: request!.id, decision: "reject", comment: "35 % is too deep" });
    expect(rejected.data).toMatchObject({ status: "rejected" });

    const blocked = await closeWon(rep, deal.id);
    expect(blocked.error).toMatchObject({ hint: "approval_required", message: 'This deal cannot be closed won: approval "Discounts above 20 %" is rejected (an executive or admin may override it)' });

    expect((await manager.rpc("override_approval", { request_id: request!.id, reason: "The manager insists on it" })).error).toMatchObject({ hint: "not_allowed" });
    expect((await executive.rpc("override_approval", { request_id: request!.id, reason: "" })).error).toMatchObject({ code: "23514", hint: "reason_required" });
    const overridden = await executive.rpc("override_approval", { request_id: request!.id, reason: "Competitive takeout, CRO signs off" });
    expect(overridden.data).toMatchObject({ status: "overridden" });

    const [after] = await requestsOf(rep, deal.id);
    expect(after).toMatchObject({ status: "overridden", approval_exceptions: { reason: "Competitive takeout, CRO signs off", granted_by: USER.executive } });
    expect(after!.approval_steps).toMatchObject([{ position: 1, status: "rejected", comment: "35 % is too deep" }]);
    expect((await closeWon(rep, deal.id)).error).toBeNull();
  });
});

describe("the deal page", () => {
  it("explains the score: each factor's contribution, what would raise it and the history", async () => {
    const deal = await newDeal(rep, { discount_pct: 25, competitors: ["Globex"] });
    const { data, error } = await rep.rpc("score_deal", { deal_id: deal.id });
    expect(error).toBeNull();
    const explanation = data as { score: number; factors: { factor: string; contribution: number; suggestion: { gain: number; text: string } | null }[]; best_suggestion: { gain: number } };
    expect(explanation.factors.reduce((sum, f) => sum + f.contribution, 0)).toBe(explanation.score);
    expect(explanation.score).toBe((await scoreOf(rep, deal.id)).score);
    expect(explanation.factors.find((f) => f.factor === "discount")!.suggestion!.text).toMatch(/^Lower the discount from 25 % to 10 %: \+\d+$/);

    await rep.from("deals").update({ discount_pct: 5 }).eq("id", deal.id);
    const history = await rep.from("deal_score_history").select("score, previous_score, reason").eq("deal_id", deal.id).order("scored_at");
    expect(history.data!.map((h) => h.reason)).toEqual(["created", "deal_change"]);
    expect(history.data![1]!.previous_score).toBe(history.data![0]!.score);

    const unseen = await managerWest.rpc("score_deal", { deal_id: deal.id });
    expect(unseen).toMatchObject({ status: 404, error: { code: "PT404", hint: "not_found" } });
  });
});

describe("Settings → Scoring (an organisation of its own)", () => {
  let admin: Client;
  let dealIds: string[] = [];

  beforeAll(async () => {
    admin = anonClient();
    const email = uniqueEmail("scoring-admin");
    const signUp = await admin.auth.signUp({ email, password: "scoring-password", options: { data: { full_name: "Sam Scorer", organization_name: `${RUN} Co` } } });
    if (signUp.error) throw signUp.error;
    const pipeline = await admin.rpc("create_pipeline_from_template", { name: "Sales", is_default: true });
    const { data: stages } = await admin.from("pipeline_stages").select("id, name").eq("pipeline_id", pipeline.data!.id);
    const account = await admin.from("accounts").insert({ name: `${RUN} account` }).select("id").single();
    const lead = stages!.find((s) => s.name === "Lead")!.id;
    const { data: deals, error } = await admin
      .from("deals")
      .insert([5, 15, 25, 35].map((discount) => ({ account_id: account.data!.id, pipeline_id: pipeline.data!.id, stage_id: lead, name: `${RUN} ${discount}`, discount_pct: discount })))
      .select("id");
    if (error) throw error;
    dealIds = deals.map((d) => d.id);
  });

  it("refuses a model that does not add up, with the message to show", async () => {
    const { data: current } = await admin.from("scoring_models").select("version, is_active, scoring_factors(factor, weight, curve)").eq("is_active", true).single();
    expect(current).toMatchObject({ version: 1, is_active: true });
    const factors = Object.fromEntries(current!.scoring_factors.map((f) => [f.factor, { weight: Number(f.weight), curve: f.curve }]));
    const definition = { name: "Too light", classification_bands: [{ label: "A", min_score: 50 }, { label: "B", min_score: 0 }], factors: { ...factors, discount: { ...factors.discount!, weight: 10 } } };
    const refused = await admin.rpc("save_scoring_model", { definition });
    expect(refused).toMatchObject({ status: 400, error: { code: "23514", hint: "weights_sum", message: "The weights must add up to 100; they add up to 90" } });
  });

  it("previews a proposed model, then saves it as version 2 and rescores the open deals at once", async () => {
    const { data: current } = await admin.from("scoring_models").select("scoring_factors(factor, weight, curve)").eq("is_active", true).single();
    const factors = Object.fromEntries(current!.scoring_factors.map((f) => [f.factor, { weight: Number(f.weight), curve: f.curve }]));
    const definition = {
      name: "Discount matters most",
      classification_bands: [{ label: "Good", min_score: 60 }, { label: "Poor", min_score: 0 }],
      factors: { ...factors, discount: { ...factors.discount!, weight: 30 }, margin: { ...factors.margin!, weight: 5 } },
    };
    const preview = await admin.rpc("preview_scoring_model", { definition });
    expect(preview.error).toBeNull();
    expect(preview.data).toMatchObject({ deals: 4, sampled: false });

    const saved = await admin.rpc("save_scoring_model", { definition });
    expect(saved.error).toBeNull();
    expect(saved.data).toMatchObject({ model: { version: 2, is_active: true }, rescore: { status: "done", total: 4, done: 4 } });
    const { data: scores } = await admin.from("deal_scores").select("classification, model_version").in("deal_id", dealIds);
    expect(new Set(scores!.map((s) => s.model_version))).toEqual(new Set([2]));
    expect(scores!.every((s) => ["Good", "Poor"].includes(s.classification))).toBe(true);

    const runs = await admin.from("rescore_runs").select("status, reason, total, done").order("created_at", { ascending: false }).limit(1);
    expect(runs.data).toEqual([{ status: "done", reason: "model_change", total: 4, done: 4 }]);
  });

  it("is refused to anyone but an admin", async () => {
    const refused = await rep.rpc("save_scoring_model", { definition: {} });
    expect(refused).toMatchObject({ status: 403, error: { code: "42501" } });
    expect((await executive.rpc("preview_scoring_model", { definition: {} })).status).toBe(403);
  });
});
