/**
 * One-click conversion (PRODUCT.md CRM-3): convert_lead makes account, contact and deal from a lead
 * in one transaction, links the account the organisation already has with the lead's domain, and
 * leaves nothing behind when it fails part way.
 */
import type pg from "pg";
import { describe, expect, it } from "vitest";
import { attempt, pipelineNamed } from "../../tests/support/crm.ts";
import { ORG, USER, seedId } from "../../tests/support/demo.ts";
import { adminSql, asUser } from "../../tests/support/sql.ts";

const insertLead = async (c: pg.Client, fields: Record<string, unknown>) => {
  const columns = Object.keys(fields);
  const { rows } = await c.query(
    `insert into public.leads (${columns.join(", ")}) values (${columns.map((_, i) => `$${i + 1}`).join(", ")}) returning *`,
    Object.values(fields),
  );
  return rows[0];
};

const convert = (c: pg.Client, leadId: string, ...args: unknown[]) =>
  attempt(c, `select * from public.convert_lead($1${args.map((_, i) => `, $${i + 2}`).join("")})`, [leadId, ...args]);

describe("convert_lead", () => {
  it("creates account, contact and a deal in the default pipeline's first stage, and marks the lead converted", async () => {
    await asUser(USER.rep, async (c) => {
      const lead = await insertLead(c, {
        company: "Brand New Co",
        domain: "Brand-New.example",
        first_name: "Nora",
        last_name: "Quist",
        title: "COO",
        email: "Nora@Brand-New.example",
        phone: "+1 555 0100",
        industry: "Retail",
        company_size: 120,
        value: 42000,
        probability: 30,
      });
      const { rows } = await convert(c, lead.id);
      const result = rows![0];
      expect(result).toMatchObject({ account_created: true, contact_created: true });

      const sales = await pipelineNamed(c, "Sales");
      const account = (await c.query("select * from public.accounts where id = $1", [result.account_id])).rows[0];
      expect(account).toMatchObject({ name: "Brand New Co", domain: "brand-new.example", industry: "Retail", employee_count: 120, owner_id: USER.rep });
      const contact = (await c.query("select * from public.contacts where id = $1", [result.contact_id])).rows[0];
      expect(contact).toMatchObject({ first_name: "Nora", last_name: "Quist", email: "nora@brand-new.example", account_id: result.account_id, owner_id: USER.rep });
      const deal = (await c.query("select * from public.deals where id = $1", [result.deal_id])).rows[0];
      expect(deal).toMatchObject({
        name: "Brand New Co deal",
        account_id: result.account_id,
        primary_contact_id: result.contact_id,
        pipeline_id: sales.id,
        stage_id: sales.stage.Lead,
        amount: "42000.00",
        owner_id: USER.rep,
        status: "open",
        probability: 10,
      });
      const converted = (await c.query("select * from public.leads where id = $1", [lead.id])).rows[0];
      expect(converted).toMatchObject({
        status: "converted",
        converted_account_id: result.account_id,
        converted_contact_id: result.contact_id,
        converted_deal_id: result.deal_id,
      });
      expect(converted.converted_at).not.toBeNull();
    });
  });

  it("links the account the organisation already has with the lead's domain, even one another rep owns", async () => {
    const existing = await adminSql(
      async (c) => (await c.query("select id, domain, owner_id from public.accounts where owner_id = $1 limit 1", [USER.repWest])).rows[0],
    );
    await asUser(USER.rep, async (c) => {
      const lead = await insertLead(c, { company: "Whatever they call it", domain: existing.domain.toUpperCase(), last_name: "Linked" });
      const { rows } = await convert(c, lead.id, "Expansion at an existing account", 9000, "2027-03-31");
      expect(rows![0]).toMatchObject({ account_id: existing.id, account_created: false, contact_created: true });
      const deal = (await c.query("select name, amount, expected_close_date::text from public.deals where id = $1", [rows![0].deal_id])).rows[0];
      expect(deal).toEqual({ name: "Expansion at an existing account", amount: "9000.00", expected_close_date: "2027-03-31" });
      expect((await c.query("select count(*)::int from public.accounts where domain = $1", [existing.domain])).rows[0].count).toBe(1);
    });
  });

  it("leaves nothing behind when it fails part way (the contact's email belongs to another rep's contact)", async () => {
    const taken = await adminSql(
      async (c) => (await c.query("select email from public.contacts where owner_id = $1 limit 1", [USER.repWest])).rows[0].email,
    );
    const domain = `atomic-${Date.now()}.example`;
    // Not in a test transaction: the call commits or rolls back on its own, as through the API.
    const outcome = await adminSql(async (c) => {
      await c.query("select set_config('request.jwt.claims', $1, false)", [JSON.stringify({ sub: USER.rep, role: "authenticated" })]);
      await c.query("set role authenticated");
      const lead = await insertLead(c, { company: "Half Made Inc", domain, last_name: "Taken", email: taken });
      const refusal = await c.query("select * from public.convert_lead($1)", [lead.id]).then(
        () => undefined,
        (error: { code: string; message: string; hint: string }) => ({ code: error.code, message: error.message, hint: error.hint }),
      );
      await c.query("reset role");
      const left = await c.query(
        `select (select count(*)::int from public.accounts where domain = $1) as accounts,
                (select count(*)::int from public.deals where name = 'Half Made Inc deal') as deals,
                (select status::text from public.leads where id = $2) as status`,
        [domain, lead.id],
      );
      await c.query("delete from public.leads where id = $1", [lead.id]);
      return { refusal, left: left.rows[0] };
    });
    expect(outcome.refusal).toEqual({
      code: "23505",
      message: `A contact with the email ${taken} already exists and belongs to someone else: ask them or an admin to share it`,
      hint: "contact_exists",
    });
    expect(outcome.left).toEqual({ accounts: 0, deals: 0, status: "new" });
  });

  it("refuses a lead converted before, a lead the caller cannot see, and an organisation without a default pipeline", async () => {
    const convertedLead = seedId("acme-lead", 9); // every tenth seeded lead is converted
    const westLead = await adminSql(
      async (c) => (await c.query("select id from public.leads where owner_id = $1 and status <> 'converted' limit 1", [USER.repWest])).rows[0].id,
    );
    await asUser(USER.admin, async (c) => {
      const { refusal } = await convert(c, convertedLead);
      expect(refusal).toMatchObject({ code: "P0001", message: "This lead was already converted", hint: "already_converted" });
      expect(JSON.parse(refusal!.detail!)).toEqual({ deal_id: seedId("acme-deal", 9) });

      await c.query("update public.pipelines set is_default = false where org_id = $1", [ORG.acme]);
      expect((await convert(c, westLead)).refusal).toMatchObject({
        code: "P0001",
        message: "There is no default pipeline with an open stage for the new deal: ask an admin to set one",
        hint: "no_default_pipeline",
      });
    });
    await asUser(USER.rep, async (c) => {
      expect((await convert(c, westLead)).refusal).toMatchObject({ code: "PT404", message: "Lead not found", hint: "not_found" });
    });
  });
});
