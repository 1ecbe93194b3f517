import type pg from "pg";
import { describe, expect, it } from "vitest";
import { ORG, USER } from "../../tests/support/demo.ts";
import { adminSql, asUser } from "../../tests/support/sql.ts";

/**
 * public.save_playbook (CS-4, *_cs_save_playbook.sql): a playbook and its ordered actions saved in
 * one call, as the caller. Every call runs as a user in a transaction that is rolled back.
 */

type Action = { id?: string | null; kind: string; subject: string; body?: string | null; due_in_days?: number | null };
type Input = { id?: string | null; name: string; trigger: string; params: unknown; actions: unknown; description?: string | null; active?: boolean };

const save = (c: pg.Client, input: Input) =>
  c
    .query("select public.save_playbook($1, $2, $3, $4, $5, $6, $7) as id", [
      input.name,
      input.trigger,
      JSON.stringify(input.params),
      JSON.stringify(input.actions),
      input.id ?? null,
      input.description ?? null,
      input.active ?? true,
    ])
    .then((r) => r.rows[0].id as string);

async function failure(c: pg.Client, input: Input) {
  await c.query("savepoint attempt");
  const error = await save(c, input).then(() => null, (e: { code: string; message: string; detail?: string }) => e);
  await c.query("rollback to savepoint attempt");
  return error;
}

/** Every playbook of the organisation with its actions, as the caller reads them. */
const snapshot = (c: pg.Client) =>
  c
    .query(
      `select coalesce(jsonb_agg(to_jsonb(p) || jsonb_build_object('actions',
         (select coalesce(jsonb_agg(to_jsonb(a) order by a.position, a.id), '[]') from public.playbook_actions a where a.playbook_id = p.id))
         order by p.name), '[]') as all from public.playbooks p`,
    )
    .then((r) => r.rows[0].all as unknown[]);

const actionsOf = (c: pg.Client, id: string) =>
  c
    .query("select id, position, kind, subject, body, due_in_days from public.playbook_actions where playbook_id = $1 order by position", [id])
    .then((r) => r.rows as (Action & { id: string; position: number })[]);

const valid: Input = {
  name: "Quiet after onboarding",
  trigger: "no_login_after_onboarding",
  params: { days: 10 },
  actions: [
    { kind: "email", subject: "We miss you at {{customer}}", body: "Anything we can help with?" },
    { kind: "task", subject: "Call {{customer}}", due_in_days: 3 },
  ],
};

describe("save_playbook", () => {
  it("creates a playbook with its actions in the order given", async () => {
    await asUser(USER.admin, async (c) => {
      const id = await save(c, { ...valid, name: "  Quiet after onboarding ", description: "  ", params: { days: 10, points: 99 } });
      const playbook = (await c.query("select name, description, trigger, params, active, org_id from public.playbooks where id = $1", [id])).rows[0];
      expect(playbook).toEqual({ name: "Quiet after onboarding", description: null, trigger: "no_login_after_onboarding", params: { days: 10 }, active: true, org_id: ORG.acme });
      expect((await actionsOf(c, id)).map(({ id: _id, ...a }) => a)).toEqual([
        { position: 0, kind: "email", subject: "We miss you at {{customer}}", body: "Anything we can help with?", due_in_days: 2 },
        { position: 1, kind: "task", subject: "Call {{customer}}", body: null, due_in_days: 3 },
      ]);
    });
  });

  it("edits a playbook in one call: keeps, reorders and updates listed actions, adds new ones, deletes the rest", async () => {
    await asUser(USER.admin, async (c) => {
      const id = await save(c, { ...valid, actions: [...(valid.actions as Action[]), { kind: "in_app", subject: "Heads up" }] });
      const [email, task, message] = await actionsOf(c, id);
      const others = (await snapshot(c)).filter((p) => (p as { id: string }).id !== id);

      await save(c, {
        id,
        name: "Score slide",
        trigger: "score_drop",
        params: { points: 20, days: 14 },
        active: false,
        actions: [
          { id: task!.id, kind: "task", subject: "Call {{customer}} today", due_in_days: 0 },
          { kind: "email", subject: "How are things at {{customer}}?" },
          { id: email!.id, kind: "email", subject: email!.subject, body: email!.body },
        ],
      });

      const playbook = (await c.query("select name, trigger, params, active from public.playbooks where id = $1", [id])).rows[0];
      expect(playbook).toEqual({ name: "Score slide", trigger: "score_drop", params: { points: 20, days: 14 }, active: false });
      const after = await actionsOf(c, id);
      expect(after.map((a) => [a.position, a.kind, a.subject, a.due_in_days])).toEqual([
        [0, "task", "Call {{customer}} today", 0],
        [1, "email", "How are things at {{customer}}?", 2],
        [2, "email", "We miss you at {{customer}}", 2],
      ]);
      expect(after[0]!.id).toBe(task!.id);
      expect(after[2]!.id).toBe(email!.id);
      expect(after.map((a) => a.id)).not.toContain(message!.id);
      expect((await snapshot(c)).filter((p) => (p as { id: string }).id !== id)).toEqual(others);
    });
  });

  it("refuses bad input with a message naming each problem, and changes nothing", async () => {
    const cases: [string, Partial<Input>, RegExp][] = [
      ["an empty name", { name: "   " }, /name: enter between 1 and 100 characters/],
      ["a long description", { description: "x".repeat(1001) }, /description: use at most 1,000 characters/],
      ["an unknown trigger", { trigger: "weekly" }, /trigger: choose no_login_after_onboarding, score_drop or critical_status, not 'weekly'/],
      ["days out of range", { params: { days: 400 } }, /params\.days: no login for a whole number of days between 1 and 365/],
      ["a drop without points", { trigger: "score_drop", params: { days: 7 } }, /params\.points: a drop of a whole number of points between 1 and 100/],
      ["fractional days", { trigger: "score_drop", params: { points: 15, days: 1.5 } }, /params\.days: within a whole number of days between 1 and 90/],
      ["no actions", { actions: [] }, /actions: add between 1 and 20 actions, not 0/],
      ["too many actions", { actions: Array.from({ length: 21 }, () => ({ kind: "task", subject: "Call" })) }, /actions: add between 1 and 20 actions, not 21/],
      ["actions that are not a list", { actions: { kind: "task" } }, /actions: must be a JSON array of actions/],
      ["an unknown action kind", { actions: [{ kind: "sms", subject: "Hi" }] }, /action 1: kind must be email, task or in_app/],
      ["an empty subject", { actions: [{ kind: "task", subject: "Call" }, { kind: "task", subject: " " }] }, /action 2: subject: enter between 1 and 200 characters/],
      ["a long body", { actions: [{ kind: "email", subject: "Hi", body: "x".repeat(10_001) }] }, /action 1: body: text of at most 10,000 characters/],
      ["a late task", { actions: [{ kind: "task", subject: "Call", due_in_days: 91 }] }, /action 1: due_in_days: a whole number of days between 0 and 90/],
      ["an id that is not a uuid", { actions: [{ id: "a1", kind: "task", subject: "Call" }] }, /action 1: id must be one of the playbook's action ids/],
    ];
    await asUser(USER.admin, async (c) => {
      const before = await snapshot(c);
      for (const [what, change, message] of cases) {
        const error = await failure(c, { ...valid, ...change });
        expect(error, what).toMatchObject({ code: "22023", message: expect.stringMatching(message) });
        expect(error!.message, what).toMatch(/^invalid playbook: /);
      }
      // Every problem at once, also as a JSON list in the detail.
      const all = await failure(c, { ...valid, name: "", actions: [{ kind: "fax", subject: "" }] });
      expect(JSON.parse(all!.detail!)).toEqual([
        "name: enter between 1 and 100 characters",
        "action 1: kind must be email, task or in_app",
        "action 1: subject: enter between 1 and 200 characters",
      ]);
      expect(await snapshot(c)).toEqual(before);
    });
  });

  it("changes nothing when an action is not the playbook's or the new name is taken", async () => {
    await asUser(USER.admin, async (c) => {
      const [first, second] = (await c.query("select id, name from public.playbooks order by name limit 2")).rows as { id: string; name: string }[];
      const foreign = (await actionsOf(c, second!.id))[0]!;
      const own = await actionsOf(c, first!.id);
      const before = await snapshot(c);

      const stolen = await failure(c, {
        ...valid,
        id: first!.id,
        actions: [{ id: own[0]!.id, kind: "task", subject: "Renamed" }, { id: foreign.id, kind: foreign.kind, subject: foreign.subject }],
      });
      expect(stolen).toMatchObject({ code: "22023", message: "invalid playbook: action 2: id is not one of this playbook's actions (leave it out for a new action)" });
      const twice = await failure(c, { ...valid, id: first!.id, actions: [{ id: own[0]!.id, kind: "task", subject: "A" }, { id: own[0]!.id, kind: "task", subject: "B" }] });
      expect(twice).toMatchObject({ code: "22023", message: expect.stringContaining("action 2: the same action is listed twice") });
      const taken = await failure(c, { ...valid, id: first!.id, name: second!.name, actions: [{ kind: "in_app", subject: "New" }] });
      expect(taken).toMatchObject({ code: "23505", message: expect.stringContaining("playbooks_name_key") });
      const unknown = await failure(c, { ...valid, id: "00000000-0000-4000-8000-00000000dead", actions: [{ kind: "task", subject: "Call" }] });
      expect(unknown).toMatchObject({ code: "P0002" });

      expect(await snapshot(c)).toEqual(before);
    });
  });

  it("lets only admins save, and never another organisation's playbook", async () => {
    for (const user of [USER.leadCsm, USER.csm, USER.executive, USER.manager, USER.rep]) {
      await asUser(user, async (c) => {
        const before = await snapshot(c);
        expect(before.length).toBeGreaterThan(0);
        const [target] = before as { id: string }[];
        for (const id of [null, target!.id]) {
          expect(await failure(c, { ...valid, id }), user).toMatchObject({ code: "42501", message: "permission denied: only admins may change playbooks" });
        }
        expect(await snapshot(c)).toEqual(before);
      });
    }
    const globex = await adminSql((c) => c.query("select id, name from public.playbooks where org_id = $1 order by name limit 1", [ORG.globex]).then((r) => r.rows[0] as { id: string; name: string }));
    await asUser(USER.admin, async (c) => {
      expect(await failure(c, { ...valid, id: globex.id })).toMatchObject({ code: "P0002" });
    });
    await asUser(USER.globexRep, async (c) => {
      expect(await failure(c, { ...valid, id: globex.id })).toMatchObject({ code: "42501" });
    });
    await asUser(USER.admin, async (c) => {
      expect(await c.query("select public.save_playbook('x', 'critical_status', '{}', '[]')").catch((e: { code: string }) => e.code)).toBe("42501");
    }, "anon");
  });
});
