/**
 * Approval rules the database enforces whatever path a change takes (PRODUCT.md GOV-3, GOV-4;
 * supabase/migrations/*_gov_approvals.sql): policies need steps and a condition, requests are
 * raised, followed, withdrawn and superseded by the deal's own changes, a deal cannot be closed won
 * past a pending or rejected request, and the deciders are who the step names. The same flows as
 * people click them, through supabase-js, are in tests/integration/governance.test.ts.
 */
import type pg from "pg";
import { describe, expect, it } from "vitest";
import { attempt, insertDeal, pipelineNamed } from "../../tests/support/crm.ts";
import { USER } from "../../tests/support/demo.ts";
import { asUser } from "../../tests/support/sql.ts";

/** Runs `work` as `user` inside the caller's open transaction (claims and role switched, then back). */
async function as<T>(c: pg.Client, user: string, work: () => Promise<T>): Promise<T> {
  await c.query("reset role");
  await c.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: user, role: "authenticated" })]);
  await c.query("set local role authenticated");
  return work();
}

const requestsOf = async (c: pg.Client, dealId: string) =>
  (
    await c.query(
      `select p.name as policy, r.status, r.current_step, r.deal_values ->> 'discount_pct' as discount
       from public.approval_requests r join public.approval_policies p on p.id = r.policy_id
       where r.deal_id = $1 order by r.status in ('pending', 'approved', 'rejected', 'overridden'), p.name`,
      [dealId],
    )
  ).rows;

const DISCOUNTS = "Discounts above 20 %";

describe("approval policies", () => {
  const savePolicy = (c: pg.Client, policy: object) => attempt(c, "select public.save_approval_policy($1) as p", [JSON.stringify(policy)]);

  it("an admin saves a policy with its steps in one call; members read it, others may not write it", async () => {
    await asUser(USER.admin, async (c) => {
      const { rows } = await savePolicy(c, {
        name: "Long terms",
        score_below: 40,
        deal_types: ["renewal"],
        steps: [{ name: "VP", approver_role: "executive" }, { approver_ids: [USER.manager] }],
      });
      expect(rows![0].p).toMatchObject({ name: "Long terms", score_below: 40, deal_types: ["renewal"], is_active: true });
      expect(rows![0].p.steps.map((s: { position: number; approver_role: string | null; approver_ids: string[] }) => [s.position, s.approver_role, s.approver_ids]))
        .toEqual([[1, "executive", []], [2, null, [USER.manager]]]);
      await as(c, USER.rep, async () => {
        expect((await c.query("select name from public.approval_policies where name = 'Long terms'")).rows).toHaveLength(1);
        expect((await savePolicy(c, { name: "Mine", discount_above: 1, steps: [{ approver_role: "manager" }] })).refusal).toMatchObject({ code: "42501" });
      });
    });
  });

  const REFUSED: [string, object, { code: string; message: string; hint: string }][] = [
    ["no steps", { name: "Empty", discount_above: 30, steps: [] }, { code: "23514", message: 'Approval policy "Empty" needs at least one step', hint: "no_steps" }],
    ["no condition", { name: "Always", steps: [{ approver_role: "manager" }] }, {
      code: "23514",
      message: 'Approval policy "Always" needs a condition: a discount, an amount, a score or a classification',
      hint: "no_conditions",
    }],
    ["a step without approver", { name: "Nobody", discount_above: 30, steps: [{ name: "Someone" }] }, { code: "23514", message: "Step 1: name an approver role or approvers", hint: "no_approver" }],
    ["a rep as approver role", { name: "Reps", discount_above: 30, steps: [{ approver_role: "rep" }] }, {
      code: "23514",
      message: "Step 1: approvals are decided by managers, executives or admins (or named people), not by the rep role",
      hint: "invalid_approver_role",
    }],
    ["an approver from another organisation", { name: "Outsider", discount_above: 30, steps: [{ approver_ids: [USER.globexRep] }] }, {
      code: "23514",
      message: `Step 1: ${USER.globexRep} is not an active member of this organisation`,
      hint: "unknown_approver",
    }],
  ];
  for (const [name, policy, refusal] of REFUSED) {
    it(`refuses a policy with ${name}`, async () => {
      await asUser(USER.admin, async (c) => {
        const before = (await c.query("select count(*)::int as n from public.approval_policies")).rows[0].n;
        expect((await savePolicy(c, policy)).refusal).toMatchObject(refusal);
        expect((await c.query("select count(*)::int as n from public.approval_policies")).rows[0].n).toBe(before);
      });
    });
  }

  it("refuses, at commit, a policy written without steps table by table, and keeps a used policy from being deleted", async () => {
    await asUser(USER.admin, async (c) => {
      await c.query("set constraints all immediate");
      const direct = await attempt(c, "insert into public.approval_policies (name, amount_above) values ('Bare', 1000)");
      expect(direct.refusal).toMatchObject({ code: "23514", message: 'Approval policy "Bare" needs at least one step', hint: "no_steps" });
      const used = await attempt(c, "delete from public.approval_policies where name = $1", [DISCOUNTS]);
      expect(used.refusal).toMatchObject({
        code: "23503",
        message: `Approval policy "${DISCOUNTS}" has raised approval requests: deactivate it instead`,
        hint: "policy_in_use",
      });
    });
  });
});

describe("requests follow the deal", () => {
  it("a discount over the limit raises one request, which follows the deal and is withdrawn when the discount comes back", async () => {
    await asUser(USER.rep, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const deal = await insertDeal(c, sales, "Lead", { discount_pct: 10 });
      expect(await requestsOf(c, deal.id)).toEqual([]);

      await c.query("update public.deals set discount_pct = 25 where id = $1", [deal.id]);
      expect(await requestsOf(c, deal.id)).toEqual([{ policy: DISCOUNTS, status: "pending", current_step: 1, discount: "25.00" }]);
      const request = (await c.query("select * from public.approval_requests where deal_id = $1", [deal.id])).rows[0];
      expect(request.reasons).toEqual(["Discount 25 % is above 20 %"]);
      expect(request.deal_values).toMatchObject({ name: "Test deal", owner_id: USER.rep, owner_name: "Rita Rep", discount_pct: 25 });
      expect(request.requested_by).toBe(USER.rep);
      const steps = (await c.query("select position, status, approver_role from public.approval_steps where request_id = $1", [request.id])).rows;
      expect(steps).toEqual([{ position: 1, status: "pending", approver_role: "manager" }]);

      await c.query("update public.deals set discount_pct = 28 where id = $1", [deal.id]);
      expect(await requestsOf(c, deal.id)).toEqual([{ policy: DISCOUNTS, status: "pending", current_step: 1, discount: "28.00" }]);

      await c.query("update public.deals set discount_pct = 15 where id = $1", [deal.id]);
      expect(await requestsOf(c, deal.id)).toEqual([{ policy: DISCOUNTS, status: "withdrawn", current_step: null, discount: "28.00" }]);
      expect((await c.query("select status from public.approval_steps where request_id = $1", [request.id])).rows).toEqual([{ status: "skipped" }]);
    });
  });

  it("notifies the step's approvers: the manager of the owner's team, not the other team's", async () => {
    await asUser(USER.rep, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const deal = await insertDeal(c, sales, "Lead", { discount_pct: 30 });
      const request = (await c.query("select id from public.approval_requests where deal_id = $1", [deal.id])).rows[0];
      await c.query("reset role");
      const notified = await c.query("select user_id, kind, title, link from public.notifications where dedupe_key like 'approval-step:%' and link = $1", [
        `/approvals?request=${request.id}`,
      ]);
      expect(notified.rows).toEqual([{ user_id: USER.manager, kind: "approval.requested", title: "Approval needed: Test deal", link: `/approvals?request=${request.id}` }]);
    });
  });

  it("an approval holds while the terms stay within it, and is superseded when the discount goes higher", async () => {
    await asUser(USER.rep, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const deal = await insertDeal(c, sales, "Lead", { discount_pct: 25 });
      const request = (await c.query("select id from public.approval_requests where deal_id = $1", [deal.id])).rows[0];
      await as(c, USER.manager, () => c.query("select public.decide_approval($1, 'approve', 'Fine')", [request.id]));
      await as(c, USER.rep, async () => {
        await c.query("update public.deals set discount_pct = 22 where id = $1", [deal.id]);
        expect(await requestsOf(c, deal.id)).toEqual([{ policy: DISCOUNTS, status: "approved", current_step: null, discount: "25.00" }]);
        await c.query("update public.deals set discount_pct = 27 where id = $1", [deal.id]);
        expect(await requestsOf(c, deal.id)).toEqual([
          { policy: DISCOUNTS, status: "superseded", current_step: null, discount: "25.00" },
          { policy: DISCOUNTS, status: "pending", current_step: 1, discount: "27.00" },
        ]);
      });
    });
  });

  it("a rejected request stays while the deal is unchanged and is replaced when its terms change", async () => {
    await asUser(USER.rep, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const deal = await insertDeal(c, sales, "Lead", { discount_pct: 35 });
      const request = (await c.query("select id from public.approval_requests where deal_id = $1", [deal.id])).rows[0];
      await as(c, USER.manager, () => c.query("select public.decide_approval($1, 'reject', 'Too deep')", [request.id]));
      await as(c, USER.rep, async () => {
        await c.query("update public.deals set next_step = 'Talk to the CFO' where id = $1", [deal.id]);
        expect((await requestsOf(c, deal.id)).map((r) => r.status)).toEqual(["rejected"]);
        await c.query("update public.deals set discount_pct = 24 where id = $1", [deal.id]);
        expect((await requestsOf(c, deal.id)).map((r) => r.status)).toEqual(["superseded", "pending"]);
      });
    });
  });

  it("a lost deal's pending request is withdrawn", async () => {
    await asUser(USER.rep, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const deal = await insertDeal(c, sales, "Lead", { discount_pct: 30, lost_reason: "Budget cut" });
      await c.query("select public.move_deal_stage($1, $2, $3)", [deal.id, sales.stage["Closed Lost"], deal.version]);
      expect((await requestsOf(c, deal.id)).map((r) => r.status)).toEqual(["withdrawn"]);
    });
  });

  it("a score condition is checked again when a new model moves the scores", async () => {
    await asUser(USER.admin, async (c) => {
      await c.query("select public.save_approval_policy($1)", [JSON.stringify({ name: "Below 100", score_below: 100, steps: [{ approver_role: "executive" }] })]);
      const requests = async () =>
        Number((await c.query("select count(*) from public.approval_requests r join public.approval_policies p on p.id = r.policy_id where p.name = 'Below 100'")).rows[0].count);
      expect(await requests()).toBe(0); // saving a policy raises nothing by itself
      const definition = (await c.query("select private.default_scoring_definition() as d")).rows[0].d;
      definition.factors.discount.weight = 10;
      definition.factors.margin.weight = 25;
      const { rescore } = (await c.query("select public.save_scoring_model($1) as r", [JSON.stringify(definition)])).rows[0].r;
      expect(rescore.changed).toBeGreaterThan(0);
      // each open deal whose score the new model moved, and left below 100, now crosses it
      const moved = await c.query("select count(*) from public.deal_score_history where reason = 'model_change' and score < 100");
      expect(await requests()).toBe(Number(moved.rows[0].count));
    });
  });
});

describe("closing won", () => {
  it("is refused while a request is pending or rejected, on move_deal_stage and on a direct update, and allowed once approved", async () => {
    await asUser(USER.rep, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const deal = await insertDeal(c, sales, "Negotiation", { discount_pct: 25, paper_process: "Order form" });
      const pending = await attempt(c, "select public.move_deal_stage($1, $2, $3)", [deal.id, sales.stage["Closed Won"], deal.version]);
      expect(pending.refusal).toMatchObject({
        code: "P0001",
        message: `This deal cannot be closed won: approval "${DISCOUNTS}" is still pending`,
        hint: "approval_required",
      });
      expect(JSON.parse(pending.refusal!.detail!)).toEqual([{ request_id: expect.any(String), deal_id: deal.id, policy: DISCOUNTS, status: "pending" }]);
      expect((await c.query("select status, version from public.deals where id = $1", [deal.id])).rows[0]).toEqual({ status: "open", version: deal.version });

      const request = JSON.parse(pending.refusal!.detail!)[0].request_id;
      await as(c, USER.manager, () => c.query("select public.decide_approval($1, 'reject', 'Not at 25 %')", [request]));
      await as(c, USER.rep, async () => {
        const rejected = await attempt(c, "update public.deals set stage_id = $2 where id = $1", [deal.id, sales.stage["Closed Won"]]);
        expect(rejected.refusal).toMatchObject({
          message: `This deal cannot be closed won: approval "${DISCOUNTS}" is rejected (an executive or admin may override it)`,
          hint: "approval_required",
        });
        // lowering the discount within the limit withdraws the rejected request: the deal may close
        await c.query("update public.deals set discount_pct = 20 where id = $1", [deal.id]);
        const won = await c.query("update public.deals set stage_id = $2 where id = $1 returning status", [deal.id, sales.stage["Closed Won"]]);
        expect(won.rows).toEqual([{ status: "won" }]);
      });
    });
  });

  it("a change that crosses a policy and closes won in one statement is refused", async () => {
    await asUser(USER.rep, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const deal = await insertDeal(c, sales, "Negotiation", { paper_process: "Order form" });
      const both = await attempt(c, "update public.deals set discount_pct = 40, stage_id = $2 where id = $1", [deal.id, sales.stage["Closed Won"]]);
      expect(both.refusal).toMatchObject({ hint: "approval_required" });
      expect(await requestsOf(c, deal.id)).toEqual([]);
    });
  });
});

describe("who decides", () => {
  async function pendingRequest(c: pg.Client, owner: string, fields: Record<string, unknown> = { discount_pct: 25 }) {
    return as(c, owner, async () => {
      const sales = await pipelineNamed(c, "Sales");
      const deal = await insertDeal(c, sales, "Lead", fields);
      return (await c.query("select id from public.approval_requests where deal_id = $1 order by created_at", [deal.id])).rows[0].id as string;
    });
  }
  const decide = (c: pg.Client, request: string, decision = "approve", comment: string | null = null) =>
    attempt(c, "select * from public.decide_approval($1, $2, $3)", [request, decision, comment]);

  it("nobody decides their own deal, not even a manager of their own team", async () => {
    await asUser(USER.manager, async (c) => {
      const request = await pendingRequest(c, USER.manager);
      const own = await as(c, USER.manager, () => decide(c, request));
      expect(own.refusal).toMatchObject({ code: "42501", message: "You cannot decide an approval of your own deal", hint: "own_deal" });
    });
  });

  it("a manager decides only for the deals of a team they manage", async () => {
    await asUser(USER.rep, async (c) => {
      const request = await pendingRequest(c, USER.rep);
      const other = await as(c, USER.managerWest, () => decide(c, request));
      expect(other.refusal).toMatchObject({ code: "42501", message: "Managers decide approvals only for deals of a team they manage", hint: "other_team" });
      const rep2 = await as(c, USER.rep2, () => decide(c, request));
      expect(rep2.refusal).toMatchObject({ code: "42501", hint: "not_approver" });
    });
  });

  it("the approver must match the step's role or names, and rejecting needs a comment", async () => {
    await asUser(USER.rep, async (c) => {
      const request = await pendingRequest(c, USER.rep, { amount: 260_000 });
      expect((await as(c, USER.executive, () => decide(c, request))).refusal).toMatchObject({
        code: "42501",
        message: "This step is for the manager of the deal owner's team: you are not one of its approvers",
        hint: "not_approver",
      });
      expect((await as(c, USER.manager, () => decide(c, request, "reject"))).refusal).toMatchObject({
        code: "23514",
        message: "Say why you reject it: a comment is required",
        hint: "comment_required",
      });
      expect((await as(c, USER.manager, () => decide(c, request, "maybe"))).refusal).toMatchObject({ code: "22023", hint: "invalid_decision" });
      const first = await as(c, USER.manager, () => decide(c, request, "approve", "Good account"));
      expect(first.rows![0]).toMatchObject({ status: "pending", current_step: 2 });
      expect((await as(c, USER.manager, () => decide(c, request))).refusal).toMatchObject({ hint: "not_approver" });
      const second = await as(c, USER.executive, () => decide(c, request, "approve"));
      expect(second.rows![0]).toMatchObject({ status: "approved", current_step: null });
      expect((await as(c, USER.executive, () => decide(c, request))).refusal).toMatchObject({
        code: "P0001",
        message: "This request is approved already",
        hint: "not_pending",
      });
    });
  });

  it("an executive or admin overrides with a reason, recorded as an exception; nobody else may", async () => {
    await asUser(USER.rep, async (c) => {
      const request = await pendingRequest(c, USER.rep);
      const override = (reason: string | null) => attempt(c, "select * from public.override_approval($1, $2)", [request, reason]);
      expect((await as(c, USER.manager, () => override("Because I say so"))).refusal).toMatchObject({
        code: "42501",
        message: "Only an executive or an admin may override an approval",
        hint: "not_allowed",
      });
      expect((await as(c, USER.executive, () => override("  "))).refusal).toMatchObject({
        code: "23514",
        message: "Give the reason for the exception (at least 10 characters)",
        hint: "reason_required",
      });
      const done = await as(c, USER.executive, () => override("Strategic account, CRO signs off"));
      expect(done.rows![0]).toMatchObject({ status: "overridden" });
      const exception = (await c.query("select reason, granted_by, deal_values ->> 'discount_pct' as discount from public.approval_exceptions where request_id = $1", [request])).rows;
      expect(exception).toEqual([{ reason: "Strategic account, CRO signs off", granted_by: USER.executive, discount: "25.00" }]);
      expect((await as(c, USER.admin, () => override("Second thoughts, again"))).refusal).toMatchObject({ hint: "not_overridable" });
    });
  });

  it("every decision is audited", async () => {
    await asUser(USER.rep, async (c) => {
      const request = await pendingRequest(c, USER.rep);
      await as(c, USER.manager, () => decide(c, request, "approve", "ok"));
      await c.query("reset role");
      const audited = await c.query(
        `select table_name, action, actor_id from public.audit_log where record_id = $1 or (table_name = 'approval_steps' and after ->> 'request_id' = $1::text)
         order by at, id`,
        [request],
      );
      expect(audited.rows).toEqual(expect.arrayContaining([
        { table_name: "approval_requests", action: "insert", actor_id: USER.rep },
        { table_name: "approval_steps", action: "update", actor_id: USER.manager },
        { table_name: "approval_requests", action: "update", actor_id: USER.manager },
      ]));
    });
  });
});
