/**
 * The CRM as the pages call it through supabase-js (docs/crm-api.md): the board, stage moves and
 * their refusals, optimistic updates, lead conversion and the deal list, with the status, code,
 * message, details and hint the UI reads. The rules themselves are tested in supabase/tests/.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInClient, type Client } from "../support/clients.ts";
import { USER, seedId } from "../support/demo.ts";
import { adminSql } from "../support/sql.ts";

const RUN = `Integration ${process.pid}-${Date.now()}`;
let rep: Client;
let sales: { id: string; stage: Record<string, string> };

beforeAll(async () => {
  rep = await signedInClient("rep@acme.test");
  const { data, error } = await rep.from("pipelines").select("id, name, pipeline_stages(id, name, position)").eq("name", "Sales").single();
  if (error) throw error;
  sales = { id: data.id, stage: Object.fromEntries(data.pipeline_stages.map((s) => [s.name, s.id])) };
});

afterAll(async () => {
  await adminSql(async (c) => {
    await c.query("delete from public.leads where company like $1", [`${RUN}%`]);
    await c.query("delete from public.deals where name like $1", [`${RUN}%`]);
    await c.query("delete from public.contacts where last_name like $1", [`${RUN}%`]);
    await c.query("delete from public.accounts where name like $1", [`${RUN}%`]);
  });
});

const newDeal = async (stage: string, fields: Record<string, unknown> = {}) => {
  const { data, error } = await rep
    .from("deals")
    .insert({ account_id: seedId("acme-account", 0), pipeline_id: sales.id, stage_id: sales.stage[stage]!, name: `${RUN} deal`, amount: 5000, ...fields })
    .select()
    .single();
  if (error) throw error;
  return data;
};

describe("the board", () => {
  it("pipeline_board returns each stage with its totals and first cards", async () => {
    const { data, error, status } = await rep.rpc("pipeline_board", { pipeline_id: sales.id, per_stage_limit: 3 });
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data!.map((s) => s.name)).toEqual(["Lead", "Qualified", "Proposal", "Negotiation", "Closed Won", "Closed Lost"]);
    for (const stage of data!) {
      expect(stage).toMatchObject({ deal_count: expect.any(Number), amount: expect.any(Number), weighted_amount: expect.any(Number) });
      expect((stage.deals as { owner_id: string }[]).every((card) => card.owner_id === USER.rep)).toBe(true);
      expect((stage.deals as unknown[]).length).toBeLessThanOrEqual(3);
    }
  });
});

describe("moving a deal", () => {
  it("names the missing fields, then moves once they are filled, and refuses a stale version with 409", async () => {
    const deal = await newDeal("Qualified");

    const refused = await rep.rpc("move_deal_stage", { deal_id: deal.id, to_stage_id: sales.stage.Proposal!, expected_version: deal.version });
    expect(refused.status).toBe(400);
    expect(refused.error).toMatchObject({
      code: "P0001",
      message: "Missing required fields: Economic buyer, Identified pain",
      details: '["economic_buyer", "identified_pain"]',
      hint: "missing_fields",
    });
    expect(JSON.parse(refused.error!.details)).toEqual(["economic_buyer", "identified_pain"]);

    // An edit form's optimistic update: only if nobody changed the deal since it was read.
    const filled = await rep
      .from("deals")
      .update({ economic_buyer: "CFO", identified_pain: "Month-end takes a week" })
      .eq("id", deal.id)
      .eq("version", deal.version)
      .select("version")
      .maybeSingle();
    expect(filled.data).toEqual({ version: deal.version + 1 });
    const lostUpdate = await rep.from("deals").update({ next_step: "Overwrite" }).eq("id", deal.id).eq("version", deal.version).select("version").maybeSingle();
    expect(lostUpdate).toMatchObject({ data: null, error: null });

    const stale = await rep.rpc("move_deal_stage", { deal_id: deal.id, to_stage_id: sales.stage.Proposal!, expected_version: deal.version });
    expect(stale.status).toBe(409);
    expect(stale.error).toMatchObject({
      code: "PT409",
      message: "This deal changed since you loaded it",
      details: JSON.stringify({ version: deal.version + 1 }).replace(":", ": "),
      hint: "stale_version",
    });

    const moved = await rep.rpc("move_deal_stage", { deal_id: deal.id, to_stage_id: sales.stage.Proposal!, expected_version: deal.version + 1 });
    expect(moved.error).toBeNull();
    expect(moved.data).toMatchObject({ id: deal.id, stage_id: sales.stage.Proposal, probability: 50, version: deal.version + 2, status: "open" });
  });

  it("answers 404 for a deal the rep cannot see, and 403 for one they may only read", async () => {
    const other = await adminSql(async (c) => (await c.query("select id, stage_id from public.deals where owner_id = $1 limit 1", [USER.repWest])).rows[0]);
    const hidden = await rep.rpc("move_deal_stage", { deal_id: other.id, to_stage_id: other.stage_id, expected_version: 1 });
    expect(hidden.status).toBe(404);
    expect(hidden.error).toMatchObject({ code: "PT404", message: "Deal not found", hint: "not_found" });

    const executive = await signedInClient("exec@acme.test");
    const { data } = await executive.from("deals").select("version").eq("id", other.id).single();
    const readOnly = await executive.rpc("move_deal_stage", { deal_id: other.id, to_stage_id: other.stage_id, expected_version: data!.version });
    expect(readOnly.status).toBe(403);
    expect(readOnly.error).toMatchObject({ code: "42501", message: "permission denied: you may read this deal but not change it" });
  });
});

describe("bad input", () => {
  it("comes back with the constraint that refused it", async () => {
    const { error, status } = await rep
      .from("deals")
      .insert({ account_id: seedId("acme-account", 0), pipeline_id: sales.id, stage_id: sales.stage.Lead!, name: `${RUN} minus`, amount: -1 });
    expect(status).toBe(400);
    expect(error).toMatchObject({ code: "23514", message: 'new row for relation "deals" violates check constraint "deals_amount_not_negative"' });
  });
});

describe("converting a lead", () => {
  it("returns the account, contact and deal it made, and refuses a second conversion", async () => {
    const { data: lead, error } = await rep
      .from("leads")
      .insert({ company: `${RUN} Lead Co`, domain: `integration-${process.pid}-${Date.now()}.example`, last_name: `${RUN} Person`, value: 30000 })
      .select("id, score")
      .single();
    if (error) throw error;
    expect(lead.score).toBe(15); // probability 10 + 5 for a value over 25,000

    const converted = await rep.rpc("convert_lead", { lead_id: lead.id, deal_name: `${RUN} converted` }).single();
    expect(converted.error).toBeNull();
    expect(converted.data).toMatchObject({ account_created: true, contact_created: true, deal_id: expect.any(String) });
    const deal = await rep.from("deal_list").select("name, stage_name, account_name, amount").eq("id", converted.data!.deal_id).single();
    expect(deal.data).toEqual({ name: `${RUN} converted`, stage_name: "Lead", account_name: `${RUN} Lead Co`, amount: 30000 });

    const again = await rep.rpc("convert_lead", { lead_id: lead.id });
    expect(again.status).toBe(400);
    expect(again.error).toMatchObject({ code: "P0001", message: "This lead was already converted", hint: "already_converted" });
  });
});

describe("the deal list", () => {
  it("pages, counts, sorts, filters and searches the rep's own deals", async () => {
    const { data, count, error } = await rep
      .from("deal_list")
      .select("id, name, owner_id, account_name, stage_name, stage_colour, amount, weighted_amount, is_stale, version", { count: "exact" })
      .eq("owner_id", USER.rep)
      .eq("status", "open")
      .order("expected_close_date")
      .order("id")
      .range(0, 9);
    expect(error).toBeNull();
    expect(count).toBeGreaterThan(10);
    expect(data).toHaveLength(10);
    expect(data!.every((d) => d.owner_id === USER.rep && d.account_name && d.stage_name)).toBe(true);

    const everything = await rep.from("deal_list").select("owner_id").limit(1000);
    expect(new Set(everything.data!.map((d) => d.owner_id))).toEqual(new Set([USER.rep]));

    const search = await rep.from("deal_list").select("name").ilike("name", "%platform%").limit(5);
    expect(search.data!.length).toBeGreaterThan(0);
    expect(search.data!.every((d) => /platform/i.test(d.name!))).toBe(true);
  });
});

describe("settings", () => {
  it("an admin cannot delete a stage that holds deals: 409 with how many and where", async () => {
    const admin = await signedInClient("admin@acme.test");
    const { status, error } = await admin.from("pipeline_stages").delete().eq("id", sales.stage.Proposal!);
    expect(status).toBe(409);
    expect(error).toMatchObject({ code: "23503", hint: "has_deals", message: expect.stringMatching(/^Stage "Proposal" of pipeline "Sales" holds \d+ deals: move them to another stage first$/) });
    expect(JSON.parse(error!.details)).toMatchObject({ pipeline: "Sales", stage: "Proposal", deals: expect.any(Number) });
  });

  it("a rep may not create a pipeline; the API answers 403", async () => {
    const { status, error } = await rep.rpc("create_pipeline_from_template", { name: `${RUN} pipeline`, template: "peak" });
    expect(status).toBe(403);
    expect(error).toMatchObject({ code: "42501" });
  });
});
