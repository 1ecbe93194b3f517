/**
 * Stage moves (PRODUCT.md CRM-6, CRM-7) as a rep drags deals on the board: move_deal_stage and the
 * triggers behind it check transitions and exit criteria, write the history, keep won/lost state
 * and refuse stale versions. Every refusal leaves the deal as it was.
 */
import type pg from "pg";
import { describe, expect, it } from "vitest";
import { attempt, insertDeal, pipelineNamed } from "../../tests/support/crm.ts";
import { USER } from "../../tests/support/demo.ts";
import { adminSql, asUser } from "../../tests/support/sql.ts";

const move = (c: pg.Client, dealId: string, stageId: string, version: number) =>
  attempt(c, "select * from public.move_deal_stage($1, $2, $3)", [dealId, stageId, version]);

const dealRow = async (c: pg.Client, id: string) => (await c.query("select * from public.deals where id = $1", [id])).rows[0];

const historyOf = async (c: pg.Client, dealId: string) =>
  (
    await c.query(
      `select f.name as from_stage, t.name as to_stage, h.moved_by from public.deal_stage_history h
       left join public.pipeline_stages f on f.id = h.from_stage_id join public.pipeline_stages t on t.id = h.to_stage_id
       where h.deal_id = $1 order by h.moved_at, h.from_stage_id is not null`,
      [dealId],
    )
  ).rows;

describe("move_deal_stage", () => {
  it("moves a deal, records who moved it from where to where, and takes the stage's probability", async () => {
    await asUser(USER.rep, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const deal = await insertDeal(c, sales, "Lead");
      expect(deal).toMatchObject({ probability: 10, status: "open", version: 1, forecast_category: "pipeline" });

      const { rows } = await move(c, deal.id, sales.stage.Qualified!, 1);
      expect(rows![0]).toMatchObject({ id: deal.id, stage_id: sales.stage.Qualified, probability: 25, version: 2 });
      expect(new Date(rows![0].stage_entered_at).getTime()).toBeGreaterThanOrEqual(new Date(deal.stage_entered_at as string).getTime());
      expect(await historyOf(c, deal.id)).toEqual([
        { from_stage: null, to_stage: "Lead", moved_by: USER.rep },
        { from_stage: "Lead", to_stage: "Qualified", moved_by: USER.rep },
      ]);
    });
  });

  it("refuses to leave a stage before its exit criteria are filled, naming each missing field, and changes nothing", async () => {
    await asUser(USER.rep, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const deal = await insertDeal(c, sales, "Qualified");

      const { refusal } = await move(c, deal.id, sales.stage.Proposal!, deal.version);
      expect(refusal).toEqual({
        code: "P0001",
        message: "Missing required fields: Economic buyer, Identified pain",
        detail: '["economic_buyer", "identified_pain"]',
        hint: "missing_fields",
        constraint: undefined,
      });
      expect(await dealRow(c, deal.id)).toMatchObject({ stage_id: sales.stage.Qualified, version: deal.version });
      expect(await historyOf(c, deal.id)).toHaveLength(1);

      await c.query("update public.deals set economic_buyer = 'CFO', identified_pain = '   ' where id = $1", [deal.id]);
      expect((await move(c, deal.id, sales.stage.Proposal!, deal.version + 1)).refusal).toMatchObject({
        message: "Missing required fields: Identified pain",
        detail: '["identified_pain"]',
      });

      await c.query("update public.deals set identified_pain = 'Slow month-end close' where id = $1", [deal.id]);
      const { rows } = await move(c, deal.id, sales.stage.Proposal!, deal.version + 2);
      expect(rows![0]).toMatchObject({ stage_id: sales.stage.Proposal, probability: 50 });
    });
  });

  it("applies the same rules when a client updates stage_id directly", async () => {
    await asUser(USER.rep, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const deal = await insertDeal(c, sales, "Negotiation");
      const { refusal } = await attempt(c, "update public.deals set stage_id = $2 where id = $1", [deal.id, sales.stage["Closed Won"]]);
      expect(refusal).toMatchObject({ code: "P0001", message: "Missing required fields: Paper process", hint: "missing_fields" });
    });
  });

  it("refuses a move the stage does not allow, listing the stages it allows", async () => {
    await asUser(USER.rep, async (c) => {
      const peak = await pipelineNamed(c, "PEAK");
      const deal = await insertDeal(c, peak, "Prospect");

      const { refusal } = await move(c, deal.id, peak.stage.Keep!, 1);
      expect(refusal).toMatchObject({ code: "P0001", message: 'A deal in "Prospect" cannot move to "Keep"', hint: "transition_not_allowed" });
      expect(JSON.parse(refusal!.detail!).sort()).toEqual([peak.stage.Engage, peak.stage.Lost].sort());
      expect(await dealRow(c, deal.id)).toMatchObject({ stage_id: peak.stage.Prospect, version: 1 });

      expect((await move(c, deal.id, peak.stage.Engage!, 1)).rows).toHaveLength(1);
      expect((await move(c, deal.id, peak.stage.Acquire!, 2)).rows).toHaveLength(1);
      expect((await move(c, deal.id, peak.stage.Keep!, 3)).rows![0]).toMatchObject({ status: "won" });
    });
  });

  it("refuses a stale version instead of overwriting what someone else changed", async () => {
    await asUser(USER.rep, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const deal = await insertDeal(c, sales, "Lead");
      await c.query("update public.deals set amount = 2500 where id = $1", [deal.id]); // someone else's edit: version 2

      const { refusal } = await move(c, deal.id, sales.stage.Qualified!, 1);
      expect(refusal).toEqual({
        code: "PT409",
        message: "This deal changed since you loaded it",
        detail: '{"version": 2}',
        hint: "stale_version",
        constraint: undefined,
      });
      expect(await dealRow(c, deal.id)).toMatchObject({ stage_id: sales.stage.Lead, amount: "2500.00", version: 2 });
    });
  });

  it("closes a deal won or lost and reopens it: status, closed_at, probability and forecast category follow the stage", async () => {
    await asUser(USER.rep, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const deal = await insertDeal(c, sales, "Negotiation", { paper_process: "Order form", forecast_category: "commit" });

      const won = (await move(c, deal.id, sales.stage["Closed Won"]!, 1)).rows![0];
      expect(won).toMatchObject({ status: "won", probability: 100, forecast_category: "closed" });
      expect(won.closed_at).not.toBeNull();

      const lostWithoutReason = await move(c, deal.id, sales.stage["Closed Lost"]!, 2);
      expect(lostWithoutReason.refusal).toMatchObject({ message: "Missing required fields: Lost reason", detail: '["lost_reason"]' });

      await c.query("update public.deals set lost_reason = 'Budget frozen' where id = $1", [deal.id]);
      const lost = (await move(c, deal.id, sales.stage["Closed Lost"]!, 3)).rows![0];
      expect(lost).toMatchObject({ status: "lost", probability: 0, forecast_category: "omitted" });

      const reopened = (await move(c, deal.id, sales.stage.Proposal!, 4)).rows![0];
      expect(reopened).toMatchObject({ status: "open", closed_at: null, probability: 50, forecast_category: "pipeline" });
    });
  });

  it("refuses an unknown stage and a stage of another pipeline, and changes nothing", async () => {
    await asUser(USER.rep, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const peak = await pipelineNamed(c, "PEAK");
      const deal = await insertDeal(c, sales, "Lead");
      for (const stageId of ["00000000-0000-4000-8000-00000000dead", peak.stage.Engage!]) {
        const { refusal } = await move(c, deal.id, stageId, 1);
        expect(refusal).toEqual({
          code: "P0001",
          message: `Unknown stage: ${stageId} is not a stage of this deal's pipeline`,
          detail: undefined,
          hint: "invalid_stage",
          constraint: undefined,
        });
      }
      expect(await dealRow(c, deal.id)).toMatchObject({ stage_id: sales.stage.Lead, version: 1 });
      expect(await historyOf(c, deal.id)).toHaveLength(1);

      const created = await attempt(c, "insert into public.deals (account_id, pipeline_id, stage_id, name) values ($1, $2, $3, 'Mismatched')", [
        deal.account_id,
        sales.id,
        peak.stage.Engage,
      ]);
      expect(created.refusal).toMatchObject({ code: "P0001", hint: "invalid_stage" });
    });
  });

  it("tells a reader who may not change the deal so, and a rep of another team that there is no such deal", async () => {
    const { dealId, otherStage } = await adminSql(async (c) => {
      const { rows } = await c.query(
        `select d.id as "dealId", s.id as "otherStage" from public.deals d
         join public.pipeline_stages s on s.pipeline_id = d.pipeline_id and s.id <> d.stage_id
         where d.owner_id = $1 and d.status = 'open' limit 1`,
        [USER.rep],
      );
      return rows[0];
    });
    await asUser(USER.executive, async (c) => {
      const { version } = await dealRow(c, dealId);
      expect((await move(c, dealId, otherStage, version)).refusal).toMatchObject({
        code: "42501",
        message: "permission denied: you may read this deal but not change it",
      });
    });
    await asUser(USER.repWest, async (c) => {
      expect((await move(c, dealId, otherStage, 1)).refusal).toMatchObject({ code: "PT404", message: "Deal not found", hint: "not_found" });
    });
  });
});

describe("deleting stages and pipelines", () => {
  it("refuses to delete a stage or pipeline that holds deals, saying how many and where; an empty stage goes", async () => {
    await asUser(USER.admin, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const { count } = (await c.query("select count(*)::int from public.deals where stage_id = $1", [sales.stage.Proposal])).rows[0];
      expect(count).toBeGreaterThan(1);

      const stage = await attempt(c, "delete from public.pipeline_stages where id = $1", [sales.stage.Proposal]);
      expect(stage.refusal).toMatchObject({
        code: "23503",
        message: `Stage "Proposal" of pipeline "Sales" holds ${count} deals: move them to another stage first`,
        hint: "has_deals",
      });
      expect(JSON.parse(stage.refusal!.detail!)).toEqual({ deals: count, pipeline: "Sales", pipeline_id: sales.id, stage: "Proposal" });

      const pipeline = await attempt(c, "delete from public.pipelines where id = $1", [sales.id]);
      expect(pipeline.refusal).toMatchObject({ code: "23503", message: expect.stringMatching(/^Pipeline "Sales" holds \d+ deals: move them to another pipeline first$/) });

      const empty = await c.query("insert into public.pipeline_stages (pipeline_id, name, position, win_probability) values ($1, 'Unused', 9, 5) returning id", [sales.id]);
      expect((await c.query("delete from public.pipeline_stages where id = $1", [empty.rows[0].id])).rowCount).toBe(1);
    });
  });
});
