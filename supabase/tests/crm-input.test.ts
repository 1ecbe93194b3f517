/**
 * Bad input is refused by the database itself (the last line behind the UI's zod rules), with a
 * constraint name the UI can map to a field, and nothing changes.
 */
import type pg from "pg";
import { describe, expect, it } from "vitest";
import { REP_ACCOUNT, attempt, pipelineNamed } from "../../tests/support/crm.ts";
import { USER } from "../../tests/support/demo.ts";
import { asUser } from "../../tests/support/sql.ts";

const LONG = "x".repeat(10_000);

const counts = async (c: pg.Client) =>
  (
    await c.query(`select (select count(*) from public.accounts) as accounts, (select count(*) from public.contacts) as contacts,
                          (select count(*) from public.leads) as leads, (select count(*) from public.deals) as deals,
                          (select count(*) from public.activities) as activities, (select count(*) from public.pipelines) as pipelines`)
  ).rows[0];

/** Statement → the check constraint that refuses it. :pipeline, :stage, :deal = Sales, its Lead stage, a deal of the rep. */
const REFUSED: Record<string, [sql: string, constraint: string]> = {
  "a negative amount": [`insert into public.deals (account_id, pipeline_id, stage_id, name, amount) values ('${REP_ACCOUNT}', :pipeline, :stage, 'Minus', -1)`, "deals_amount_not_negative"],
  "a close date in year 9999": [`update public.deals set expected_close_date = '9999-12-31' where id = :deal`, "deals_expected_close_date_range"],
  "a 10,000-character deal name": [`update public.deals set name = '${LONG}' where id = :deal`, "deals_name_length"],
  "a blank deal name": [`update public.deals set name = '   ' where id = :deal`, "deals_name_length"],
  "a discount over 100 %": [`update public.deals set discount_pct = 120 where id = :deal`, "deals_discount_pct_range"],
  "a negative list price": [`update public.deals set list_price = -5 where id = :deal`, "deals_list_price_not_negative"],
  "a currency that is not an ISO code": [`update public.deals set currency = 'usd' where id = :deal`, "deals_currency_format"],
  "a 10,000-character account name": [`insert into public.accounts (name) values ('${LONG}')`, "accounts_name_length"],
  "a domain that is not one": [`insert into public.accounts (name, domain) values ('Bad domain', 'not a domain')`, "accounts_domain_format"],
  "a 10,000-character contact name": [`insert into public.contacts (last_name) values ('${LONG}')`, "contacts_last_name_length"],
  "an email without @": [`insert into public.contacts (last_name, email) values ('Nobody', 'nobody.example')`, "contacts_email_format"],
  "a 10,000-character lead company": [`insert into public.leads (company) values ('${LONG}')`, "leads_company_length"],
  "a negative lead value": [`insert into public.leads (company, value) values ('Minus Co', -100)`, "leads_value_not_negative"],
  "a lead probability over 100": [`insert into public.leads (company, probability) values ('Sure Co', 101)`, "leads_probability_range"],
  "an activity on two records": [`insert into public.activities (type, subject, deal_id, account_id) values ('call', 'Both', :deal, '${REP_ACCOUNT}')`, "activities_one_record"],
  "an activity on no record": [`insert into public.activities (type, subject) values ('note', 'Orphan')`, "activities_one_record"],
  "an activity body over 10,000 characters": [`insert into public.activities (type, subject, body, deal_id) values ('note', 'Long', '${LONG}x', :deal)`, "activities_body_length"],
};

describe("bad input", () => {
  for (const [name, [sql, constraint]] of Object.entries(REFUSED)) {
    it(`${name} is refused by ${constraint} and changes nothing`, async () => {
      await asUser(USER.rep, async (c) => {
        const sales = await pipelineNamed(c, "Sales");
        const deal = await c.query(
          `insert into public.deals (account_id, pipeline_id, stage_id, name) values ($1, $2, $3, 'Target') returning id, version`,
          [REP_ACCOUNT, sales.id, sales.stage.Lead],
        );
        const before = await counts(c);
        const ids: Record<string, string> = { pipeline: sales.id, stage: sales.stage.Lead!, deal: deal.rows[0].id };
        const { refusal } = await attempt(c, sql.replace(/:(pipeline|stage|deal)\b/g, (_, key: string) => `'${ids[key]}'`));
        expect(refusal).toMatchObject({ code: "23514", constraint });
        expect(await counts(c)).toEqual(before);
        expect((await c.query("select version from public.deals where id = $1", [deal.rows[0].id])).rows[0].version).toBe(1);
      });
    });
  }

  it("an unknown stage id is refused with the stage named, and changes nothing", async () => {
    await asUser(USER.rep, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const unknown = "00000000-0000-4000-8000-000000000bad";
      const before = await counts(c);
      const { refusal } = await attempt(c, "insert into public.deals (account_id, pipeline_id, stage_id, name) values ($1, $2, $3, 'Lost stage')", [
        REP_ACCOUNT,
        sales.id,
        unknown,
      ]);
      expect(refusal).toMatchObject({ code: "P0001", message: `Unknown stage: ${unknown} is not a stage of this deal's pipeline`, hint: "invalid_stage" });
      expect(await counts(c)).toEqual(before);
    });
  });

  it("an import with a negative value or a 10,000-character name on one row is refused naming that row's line, and imports nothing", async () => {
    await asUser(USER.rep, async (c) => {
      const before = await counts(c);
      for (const [bad, constraint] of [
        [{ company: "Minus Co", value: -3 }, "leads_value_not_negative"],
        [{ company: LONG }, "leads_company_length"],
      ] as const) {
        const rows = [{ line: 2, company: "Fine Co", value: 100 }, { line: 9, ...bad }];
        const { refusal } = await attempt(c, "select public.import_records('leads', $1::jsonb)", [JSON.stringify(rows)]);
        expect(refusal).toMatchObject({ code: "23514", hint: "import_row_refused", detail: '{"line": 9}' });
        expect(refusal!.message).toMatch(new RegExp(`^Line 9: .*${constraint}.*Nothing was imported\\.$`));
        expect(await counts(c)).toEqual(before);
      }
    });
  });

  it("an exit criterion that is not a deal field is refused", async () => {
    await asUser(USER.admin, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const { refusal } = await attempt(c, "update public.pipeline_stages set exit_criteria = '{amount,favourite_colour}' where id = $1", [sales.stage.Lead]);
      expect(refusal).toMatchObject({ code: "23514", constraint: "pipeline_stages_exit_criteria_known" });
      const labels = await c.query("select key, label from public.deal_fields() where key in ('economic_buyer', 'paper_process') order by key");
      expect(labels.rows).toEqual([
        { key: "economic_buyer", label: "Economic buyer" },
        { key: "paper_process", label: "Paper process" },
      ]);
    });
  });

  it("domains and emails are stored lowercased, and a second account with the same domain in any case is refused", async () => {
    await asUser(USER.rep, async (c) => {
      const { rows } = await c.query("insert into public.accounts (name, domain) values ('Case Co', '  Case-Co.Example ') returning domain");
      expect(rows[0].domain).toBe("case-co.example");
      const again = await attempt(c, "insert into public.accounts (name, domain) values ('Case Co again', 'CASE-CO.example')");
      expect(again.refusal).toMatchObject({ code: "23505", constraint: "accounts_domain_key" });
      const contact = await c.query("insert into public.contacts (last_name, email) values ('Mixed', 'Mixed.Case@Case-Co.Example') returning email");
      expect(contact.rows[0].email).toBe("mixed.case@case-co.example");
    });
  });
});
