/**
 * The read models the CRM screens call (supabase/migrations/*_crm_read_models.sql,
 * *_crm_pipeline_templates.sql, *_crm_deal_list_score.sql): the board's totals and cards, column
 * paging, staleness, the deals list's score, the rep dashboard and the pipeline templates, each
 * under the caller's row level security.
 */
import type pg from "pg";
import { describe, expect, it } from "vitest";
import { attempt, insertDeal, pipelineNamed } from "../../tests/support/crm.ts";
import { USER } from "../../tests/support/demo.ts";
import { asUser } from "../../tests/support/sql.ts";

interface Card {
  id: string;
  owner_id: string;
  expected_close_date: string;
}

/** What the board should say per stage, computed the long way from the deals the caller reads. */
const expectedTotals = async (c: pg.Client, pipelineId: string) =>
  (
    await c.query(
      `select s.id as stage_id, count(d.id)::int as deal_count, coalesce(sum(d.amount), 0)::numeric(16, 2)::text as amount,
              coalesce(round(sum(d.amount * d.probability / 100), 2), 0)::numeric(16, 2)::text as weighted_amount
       from public.pipeline_stages s left join public.deals d on d.stage_id = s.id
       where s.pipeline_id = $1 group by s.id, s.position order by s.position`,
      [pipelineId],
    )
  ).rows;

const board = async (c: pg.Client, pipelineId: string, perStage?: number) =>
  (
    await c.query(
      `select stage_id, name, deal_count::int, amount::numeric(16, 2)::text as amount, weighted_amount::numeric(16, 2)::text as weighted_amount, deals
       from public.pipeline_board($1${perStage === undefined ? "" : ", $2"})`,
      perStage === undefined ? [pipelineId] : [pipelineId, perStage],
    )
  ).rows;

describe("pipeline_board", () => {
  for (const [role, user] of [
    ["a rep", USER.rep],
    ["a manager", USER.manager],
    ["an executive", USER.executive],
  ] as const) {
    it(`gives ${role} every stage in order with the count, amount and weighted amount of the deals they may read`, async () => {
      await asUser(user, async (c) => {
        const sales = await pipelineNamed(c, "Sales");
        const rows = await board(c, sales.id);
        expect(rows.map((r) => r.name)).toEqual(["Lead", "Qualified", "Proposal", "Negotiation", "Closed Won", "Closed Lost"]);
        expect(rows.map(({ stage_id, deal_count, amount, weighted_amount }) => ({ stage_id, deal_count, amount, weighted_amount }))).toEqual(
          await expectedTotals(c, sales.id),
        );
        expect(rows.reduce((sum, r) => sum + r.deal_count, 0)).toBeGreaterThan(0);
      });
    });
  }

  it("shows a rep only their own deals as cards, the first ones by close date, with what a card needs", async () => {
    await asUser(USER.rep, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const rows = await board(c, sales.id, 5);
      for (const stage of rows) {
        const cards = stage.deals as Card[];
        expect(cards.length).toBe(Math.min(5, stage.deal_count));
        expect(cards.every((card) => card.owner_id === USER.rep)).toBe(true);
        const sorted = [...cards].sort((a, b) => a.expected_close_date.localeCompare(b.expected_close_date) || a.id.localeCompare(b.id));
        expect(cards.map((card) => card.id)).toEqual(sorted.map((card) => card.id));
      }
      const card = rows.flatMap((r) => r.deals as Record<string, unknown>[])[0];
      expect(Object.keys(card!)).toEqual(
        expect.arrayContaining(["id", "name", "account_name", "owner_name", "amount", "weighted_amount", "version", "is_stale", "days_in_stage", "stage_colour"]),
      );
    });
  });

  it("is empty for a pipeline of another organisation", async () => {
    const sales = await asUser(USER.rep, (c) => pipelineNamed(c, "Sales"));
    await asUser(USER.globexRep, async (c) => {
      expect(await board(c, sales.id)).toEqual([]);
    });
  });
});

describe("pipeline_stage_deals", () => {
  it("pages one column by close date and id without gaps or repeats", async () => {
    await asUser(USER.manager, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const all = (
        await c.query("select id from public.deal_list where stage_id = $1 order by expected_close_date, id", [sales.stage["Closed Lost"]])
      ).rows.map((r) => r.id);
      expect(all.length).toBeGreaterThan(20);

      const paged: string[] = [];
      let cursor: { expected_close_date: string; id: string } | undefined;
      for (;;) {
        const { rows } = await c.query(
          "select id, expected_close_date::text from public.pipeline_stage_deals($1, $2, $3, 7)",
          [sales.stage["Closed Lost"], cursor?.expected_close_date ?? null, cursor?.id ?? null],
        );
        paged.push(...rows.map((r) => r.id));
        if (rows.length < 7) break;
        cursor = rows.at(-1);
      }
      expect(paged).toEqual(all);
    });
  });
});

describe("deal_list.is_stale", () => {
  it("is true once a deal idles in its stage longer than the rotting days with no open activity due in the future", async () => {
    await asUser(USER.rep, async (c) => {
      const sales = await pipelineNamed(c, "Sales"); // Lead rots after 14 days
      const deal = await insertDeal(c, sales, "Lead");
      const stale = async () => (await c.query("select is_stale, days_in_stage from public.deal_list where id = $1", [deal.id])).rows[0];
      expect(await stale()).toEqual({ is_stale: false, days_in_stage: 0 });

      await c.query("reset role");
      await c.query("update public.deals set stage_entered_at = now() - interval '20 days' where id = $1", [deal.id]);
      await c.query("set local role authenticated");
      expect(await stale()).toEqual({ is_stale: true, days_in_stage: 20 });

      const task = await c.query("insert into public.activities (type, subject, deal_id, due_at) values ('task', 'Call back', $1, now() + interval '2 days') returning id", [deal.id]);
      expect((await stale()).is_stale).toBe(false);
      await c.query("update public.activities set done = true where id = $1", [task.rows[0].id]);
      expect((await stale()).is_stale).toBe(true);
      await c.query("insert into public.activities (type, subject, deal_id, due_at) values ('task', 'Was due', $1, now() - interval '1 day')", [deal.id]);
      expect((await stale()).is_stale).toBe(true);
    });
  });
});

describe("deal_list.score", () => {
  it("shows each deal's current score and class from deal_scores, and null for a deal not scored yet", async () => {
    await asUser(USER.rep, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const deal = await insertDeal(c, sales, "Lead");
      const listed = async () => (await c.query("select score, score_class from public.deal_list where id = $1", [deal.id])).rows[0];
      const stored = (await c.query("select score, classification as score_class from public.deal_scores where deal_id = $1", [deal.id])).rows[0];
      expect(stored.score).toEqual(expect.any(Number));
      expect(await listed()).toEqual(stored);

      await c.query("reset role");
      await c.query("delete from public.deal_scores where deal_id = $1", [deal.id]);
      await c.query("set local role authenticated");
      expect(await listed()).toEqual({ score: null, score_class: null });
    });
  });

  it("gives a reader the score of every deal they read, one row per deal, and never reads deal_scores to count", async () => {
    await asUser(USER.manager, async (c) => {
      const { rows } = await c.query(
        `select (select count(*)::int from public.deal_list) as listed, (select count(*)::int from public.deals) as deals,
                (select count(*)::int from public.deal_list dl join public.deal_scores ds on ds.deal_id = dl.id
                  where ds.score = dl.score and ds.classification = dl.score_class) as matching,
                (select count(*)::int from public.deal_scores) as scores`,
      );
      expect(rows[0].listed).toBe(rows[0].deals);
      expect(rows[0].matching).toBe(rows[0].scores);
      const plan = await c.query("explain select count(*) from public.deal_list where status = 'open'");
      expect(plan.rows.map((r) => r["QUERY PLAN"]).join("\n")).not.toMatch(/deal_scores/);
    });
  });
});

describe("rep_dashboard", () => {
  it("counts the caller's open activities due today and overdue, and lists their open pipeline and stale deals", async () => {
    await asUser(USER.rep, async (c) => {
      const read = async () => (await c.query("select public.rep_dashboard('UTC') as d")).rows[0].d;
      const before = await read();
      await c.query(
        `insert into public.activities (type, subject, account_id, due_at, done) values
           ('task', 'Due later today', $1, date_trunc('day', now(), 'UTC') + interval '23 hours 59 minutes', false),
           ('call', 'Overdue call', $1, now() - interval '2 days', false),
           ('task', 'Tomorrow', $1, date_trunc('day', now(), 'UTC') + interval '1 day 1 hour', false),
           ('task', 'Done already', $1, now() - interval '2 days', true)`,
        [(await c.query("select id from public.accounts where owner_id = $1 limit 1", [USER.rep])).rows[0].id],
      );
      const after = await read();
      expect(after.tasks_due_today - before.tasks_due_today).toBe(1);
      expect(after.tasks_overdue - before.tasks_overdue).toBe(1);
      expect(after.tasks.length).toBeLessThanOrEqual(20);

      const { rows } = await c.query(
        `select pipeline_id, stage_id, count(*)::int as deal_count from public.deals
         where owner_id = $1 and status = 'open' group by 1, 2 order by 1, 2`,
        [USER.rep],
      );
      const pipeline = (after.pipeline as { pipeline_id: string; stage_id: string; deal_count: number }[])
        .map(({ pipeline_id, stage_id, deal_count }) => ({ pipeline_id, stage_id, deal_count }))
        .sort((a, b) => a.pipeline_id.localeCompare(b.pipeline_id) || a.stage_id.localeCompare(b.stage_id));
      expect(pipeline).toEqual(rows);

      expect(after.stale_deals.length).toBeGreaterThan(0);
      expect(after.stale_deals.every((d: { owner_id: string; is_stale: boolean }) => d.owner_id === USER.rep && d.is_stale)).toBe(true);
    });
  });

  it("refuses a time zone that does not exist", async () => {
    await asUser(USER.rep, async (c) => {
      expect((await attempt(c, "select public.rep_dashboard('Mars/Olympus')")).refusal).toMatchObject({ code: "22023" });
    });
  });
});

describe("create_pipeline_from_template", () => {
  it("gives an admin the Default and PEAK stages with their probabilities", async () => {
    await asUser(USER.admin, async (c) => {
      const stagesOf = async (template: string) => {
        const { rows } = await c.query("select id from public.create_pipeline_from_template($1, $2)", [`From ${template}`, template]);
        return (
          await c.query("select name, win_probability, is_won, is_lost from public.pipeline_stages where pipeline_id = $1 order by position", [rows[0].id])
        ).rows.map((s) => `${s.name} ${s.win_probability}${s.is_won ? " won" : ""}${s.is_lost ? " lost" : ""}`);
      };
      expect(await stagesOf("default")).toEqual(["Lead 10", "Qualified 25", "Proposal 50", "Negotiation 75", "Closed Won 100 won", "Closed Lost 0 lost"]);
      expect(await stagesOf("peak")).toEqual(["Prospect 10", "Engage 30", "Acquire 70", "Keep 100 won", "Lost 0 lost"]);
      expect((await attempt(c, "select public.create_pipeline_from_template('Odd', 'spiral')")).refusal).toMatchObject({
        code: "22023",
        message: 'Unknown pipeline template "spiral": use default or peak',
        hint: "unknown_template",
      });
    });
  });

  it("refuses anyone but an admin", async () => {
    await asUser(USER.manager, async (c) => {
      expect((await attempt(c, "select public.create_pipeline_from_template('Mine', 'default')")).refusal).toMatchObject({ code: "42501" });
    });
  });
});
