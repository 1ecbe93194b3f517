/**
 * Scoring models (PRODUCT.md GOV-1; supabase/migrations/*_gov_scoring_models.sql, *_gov_rescore.sql):
 * every organisation has the documented default model, a save is a new version that rescores the
 * open deals with progress in rescore_runs, a used version is frozen, and a model that does not add
 * up (weights, bands, curves) is refused with a message that says what to fix, changing nothing.
 */
import type pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { attempt } from "../../tests/support/crm.ts";
import { ORG, USER } from "../../tests/support/demo.ts";
import { type Definition, FACTORS, defaultDefinition } from "../../tests/support/governance.ts";
import { adminSql, asUser, createAuthUser } from "../../tests/support/sql.ts";

let defaults: Definition;
beforeAll(async () => {
  defaults = await defaultDefinition();
});

const save = (c: pg.Client, definition: unknown, activate = true) =>
  attempt(c, "select public.save_scoring_model($1, $2) as result", [JSON.stringify(definition), activate]);

const modelCount = async (c: pg.Client) => Number((await c.query("select count(*) from public.scoring_models")).rows[0].count);

describe("the default model", () => {
  it("every organisation has it, active, as version 1 with weights adding up to 100", async () => {
    const { rows } = await adminSql((c) =>
      c.query(`select m.org_id, m.version, m.name, m.is_active, private.scoring_model_definition(m.id) as definition,
                      (select sum(f.weight) from public.scoring_factors f where f.model_id = m.id) as total
               from public.scoring_models m where m.org_id = any ($1) and m.version = 1 order by m.org_id`, [[ORG.acme, ORG.globex]]),
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({ version: 1, name: "Default", is_active: true, total: "100.00" });
      expect(row.definition.factors).toEqual(JSON.parse(JSON.stringify(defaults.factors)));
    }
    expect(Object.keys(defaults.factors).sort()).toEqual([...FACTORS].sort());
  });

  it("a new organisation gets it the moment it is created", async () => {
    const founder = await createAuthUser({}, { full_name: "Nora New", organization_name: "Brand New Co" });
    const { rows } = await adminSql((c) =>
      c.query("select m.version, m.is_active from public.scoring_models m join public.profiles p on p.org_id = m.org_id where p.id = $1", [founder]),
    );
    expect(rows).toEqual([{ version: 1, is_active: true }]);
  });
});

describe("saving a model", () => {
  it("makes a new active version, rescores the open deals with it and records the run", async () => {
    await asUser(USER.admin, async (c) => {
      const definition = { ...defaults, name: "Margin first", factors: { ...defaults.factors, discount: { ...defaults.factors.discount!, weight: 10 }, margin: { ...defaults.factors.margin!, weight: 25 } } };
      const { rows, refusal } = await save(c, definition);
      expect(refusal).toBeUndefined();
      const { model, rescore } = rows![0].result;
      expect(model).toMatchObject({ version: 2, name: "Margin first", is_active: true });
      expect(model.activated_at).not.toBeNull();

      const open = Number((await c.query("select count(*) from public.deals where status = 'open'")).rows[0].count);
      expect(rescore).toMatchObject({ status: "done", reason: "model_change", scope: "open", model_version: 2, total: open, done: open });
      expect(rescore.changed).toBeGreaterThan(0);

      const versions = await c.query(
        `select d.status = 'open' as open, s.model_version, count(*)::int as n from public.deal_scores s join public.deals d on d.id = s.deal_id
         group by 1, 2 order by 1, 2`,
      );
      expect(versions.rows).toEqual([
        { open: false, model_version: 1, n: expect.any(Number) },
        { open: true, model_version: 2, n: open },
      ]);
      expect((await c.query("select count(*)::int as n from public.scoring_models where is_active")).rows[0].n).toBe(1);
      const history = await c.query("select count(*)::int as n from public.deal_score_history where reason = 'model_change'");
      expect(history.rows[0].n).toBe(rescore.changed);
    });
  });

  it("saves a draft without touching the deals, and activating it later rescores", async () => {
    await asUser(USER.admin, async (c) => {
      const before = (await c.query("select sum(score)::int as total from public.deal_scores")).rows[0].total;
      const draft = (await save(c, { ...defaults, name: "Draft" }, false)).rows![0].result;
      expect(draft).toMatchObject({ model: { version: 2, is_active: false, activated_at: null }, rescore: null });
      expect((await c.query("select sum(score)::int as total from public.deal_scores")).rows[0].total).toBe(before);

      // a draft is still editable
      await c.query("update public.scoring_factors set weight = 25 where model_id = $1 and factor = 'discount'", [draft.model.id]);
      await c.query("update public.scoring_factors set weight = 10 where model_id = $1 and factor = 'margin'", [draft.model.id]);
      const activated = (await c.query("select public.activate_scoring_model($1) as r", [draft.model.id])).rows[0].r;
      expect(activated.model).toMatchObject({ version: 2, is_active: true });
      expect(activated.rescore).toMatchObject({ status: "done", model_version: 2 });

      // and going back to version 1 is one call
      const v1 = (await c.query("select id from public.scoring_models where version = 1 and org_id = $1", [ORG.acme])).rows[0].id;
      const back = (await c.query("select public.activate_scoring_model($1) as r", [v1])).rows[0].r;
      expect(back.model).toMatchObject({ version: 1, is_active: true });
      expect(back.rescore.status).toBe("done");
      expect((await c.query("select sum(score)::int as total from public.deal_scores")).rows[0].total).toBe(before);
    });
  });

  it("a version that has been used is frozen: change it by saving a new one", async () => {
    await asUser(USER.admin, async (c) => {
      const v1 = (await c.query("select id from public.scoring_models where version = 1 and org_id = $1", [ORG.acme])).rows[0].id;
      const frozen = {
        code: "42501",
        message: "Version 1 of the scoring model has been used to score deals: save a new version instead",
        hint: "model_in_use",
      };
      expect((await attempt(c, "update public.scoring_factors set weight = 25 where model_id = $1 and factor = 'discount'", [v1])).refusal).toMatchObject(frozen);
      expect((await attempt(c, "delete from public.scoring_factors where model_id = $1 and factor = 'term'", [v1])).refusal).toMatchObject(frozen);
      expect((await attempt(c, `update public.scoring_models set classification_bands = '[{"label": "X", "min_score": 0}]' where id = $1`, [v1])).refusal)
        .toMatchObject(frozen);
      expect((await attempt(c, "delete from public.scoring_models where id = $1", [v1])).refusal).toMatchObject({ code: "42501", hint: "model_in_use" });
      expect((await attempt(c, "update public.scoring_models set is_active = false where id = $1", [v1])).refusal).toMatchObject({
        message: "An organisation always has an active scoring model: activate another version instead",
      });
      // its name and description are only words
      expect((await c.query("update public.scoring_models set name = 'Default (2026)' where id = $1", [v1])).rowCount).toBe(1);
    });
  });

  it("is for admins only", async () => {
    for (const user of [USER.rep, USER.manager, USER.executive]) {
      await asUser(user, async (c) => {
        expect((await save(c, defaults)).refusal).toMatchObject({ code: "42501", message: "permission denied: only an admin edits the scoring model" });
        expect((await attempt(c, "select public.start_rescore()")).refusal).toMatchObject({ code: "42501" });
      });
    }
  });
});

describe("bad models are refused with a clear message and change nothing", () => {
  const withFactor = (factor: string, change: object) => ({
    ...defaults,
    factors: { ...defaults.factors, [factor]: { ...(defaults.factors as Record<string, object>)[factor], ...change } },
  });
  const CASES: [string, () => unknown, { code: string; message: string; hint: string }][] = [
    [
      "weights that add up to 95",
      () => withFactor("discount", { weight: 15 }),
      { code: "23514", message: "The weights must add up to 100; they add up to 95", hint: "weights_sum" },
    ],
    [
      "weights that add up to 105.5",
      () => withFactor("discount", { weight: 25.5 }),
      { code: "23514", message: "The weights must add up to 100; they add up to 105.5", hint: "weights_sum" },
    ],
    [
      "a negative weight",
      () => withFactor("discount", { weight: -5 }),
      { code: "23514", message: "Discount: a weight is between 0 and 100 (got -5)", hint: "invalid_weight" },
    ],
    [
      "a negative band threshold",
      () => withFactor("payment_terms", { curve: { type: "bands", bands: [{ from: 0, score: 100 }, { from: -5, score: 50 }] } }),
      { code: "23514", message: "Payment terms: band thresholds must be 0 or more (got -5)", hint: "invalid_curve" },
    ],
    [
      "bands out of order",
      () => withFactor("term", { curve: { type: "bands", bands: [{ from: 0, score: 30 }, { from: 24, score: 90 }, { from: 12, score: 70 }] } }),
      { code: "23514", message: "Term: band thresholds must increase from band to band (12 after 24)", hint: "invalid_curve" },
    ],
    [
      "bands that do not start at 0",
      () => withFactor("term", { curve: { type: "bands", bands: [{ from: 6, score: 30 }] } }),
      { code: "23514", message: "Term: the first band must start from 0 (it starts from 6)", hint: "invalid_curve" },
    ],
    [
      "a curve point with a negative x",
      () => withFactor("margin", { curve: { type: "curve", points: [{ x: -10, score: 0 }, { x: 60, score: 100 }] } }),
      { code: "23514", message: "Margin: x must be 0 or more (got -10)", hint: "invalid_curve" },
    ],
    [
      "a curve of one point",
      () => withFactor("margin", { curve: { type: "curve", points: [{ x: 10, score: 0 }] } }),
      { code: "23514", message: "Margin: a curve needs 2 to 20 points", hint: "invalid_curve" },
    ],
    [
      "a score above 100",
      () => withFactor("competition", { curve: { type: "bands", bands: [{ from: 0, score: 120 }] } }),
      { code: "23514", message: "Competition: scores must be between 0 and 100 (got 120)", hint: "invalid_curve" },
    ],
    [
      "a shape of unknown type",
      () => withFactor("competition", { curve: { type: "spline", points: [] } }),
      { code: "23514", message: 'Competition: the shape must be {"type": "curve", "points": [...]} or {"type": "bands", "bands": [...]}', hint: "invalid_curve" },
    ],
    [
      "classification bands out of order",
      () => ({ ...defaults, classification_bands: [{ label: "A", min_score: 60 }, { label: "B", min_score: 80 }, { label: "C", min_score: 0 }] }),
      { code: "23514", message: "Classification: classification bands go from the highest minimum score down (80 after 60)", hint: "invalid_classification_bands" },
    ],
    [
      "a negative classification band",
      () => ({ ...defaults, classification_bands: [{ label: "A", min_score: 50 }, { label: "B", min_score: -10 }] }),
      { code: "23514", message: "Classification: minimum scores are whole numbers from 0 to 100 (got -10)", hint: "invalid_classification_bands" },
    ],
    [
      "classification bands that leave low scores unclassified",
      () => ({ ...defaults, classification_bands: [{ label: "A", min_score: 80 }, { label: "B", min_score: 40 }] }),
      {
        code: "23514",
        message: "Classification: the last classification band must start at 0 so that every score has a class (it starts at 40)",
        hint: "invalid_classification_bands",
      },
    ],
    [
      "a classification label used twice",
      () => ({ ...defaults, classification_bands: [{ label: "A", min_score: 50 }, { label: "A", min_score: 0 }] }),
      { code: "23514", message: 'Classification: classification label "A" is used twice', hint: "invalid_classification_bands" },
    ],
    [
      "an unknown factor",
      () => ({ ...defaults, factors: { ...defaults.factors, vibes: { weight: 0, curve: defaults.factors.term!.curve } } }),
      { code: "22023", message: "Unknown scoring factor: vibes", hint: "invalid_definition" },
    ],
  ];
  for (const [name, definition, refusal] of CASES) {
    it(name, async () => {
      await asUser(USER.admin, async (c) => {
        const before = await modelCount(c);
        expect((await save(c, definition())).refusal).toMatchObject(refusal);
        expect(await modelCount(c)).toBe(before);
      });
    });
  }

  it("weights that do not add up are refused at commit even when written table by table", async () => {
    const error = await adminSql(async (c) => {
      await c.query("begin");
      await c.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: USER.admin, role: "authenticated" })]);
      await c.query("set local role authenticated");
      const { rows } = await c.query(
        `insert into public.scoring_models (version, name, classification_bands) values (99, 'By hand', '[{"label": "All", "min_score": 0}]') returning id`,
      );
      await c.query(`insert into public.scoring_factors (model_id, factor, weight, curve) values ($1, 'discount', 60, $2)`, [
        rows[0].id,
        JSON.stringify(defaults.factors.discount!.curve),
      ]);
      return c.query("commit").then(
        () => null,
        (e: Error & { code: string; hint: string }) => e,
      );
    });
    expect(error).toMatchObject({ code: "23514", message: "The weights must add up to 100; they add up to 60", hint: "weights_sum" });
    expect(await adminSql(async (c) => (await c.query("select count(*)::int as n from public.scoring_models where version = 99")).rows[0].n)).toBe(0);
  });
});

describe("rescoring in batches (organisations with more deals than a save rescores itself)", () => {
  it("works a run off batch by batch with its progress in rescore_runs, and a new run replaces one under way", async () => {
    await asUser(USER.admin, async (c) => {
      const open = Number((await c.query("select count(*) from public.deals where status = 'open'")).rows[0].count);
      await c.query("reset role");
      const queued = (await c.query("select * from private.queue_rescore($1, 'manual')", [ORG.acme])).rows[0];
      await c.query("set local role authenticated");
      expect(queued).toMatchObject({ status: "queued", total: open, done: 0 });

      const first = (await c.query("select * from public.rescore_deals_step($1, 100)", [queued.id])).rows[0];
      expect(first).toMatchObject({ status: "running", done: 100 });
      expect(first.started_at).not.toBeNull();
      const second = (await c.query("select * from public.rescore_deals_step($1, 100)", [queued.id])).rows[0];
      expect(second).toMatchObject({ status: "running", done: 200 });
      expect(second.last_deal_id > first.last_deal_id).toBe(true);

      let run = second;
      while (run.status === "running") run = (await c.query("select * from public.rescore_deals_step($1, 100)", [queued.id])).rows[0];
      expect(run).toMatchObject({ status: "done", done: open, total: open });

      // the admin's "Rescore now" replaces a run under way
      await c.query("reset role");
      const pending = (await c.query("select * from private.queue_rescore($1, 'manual')", [ORG.acme])).rows[0];
      await c.query("set local role authenticated");
      const now = (await c.query("select * from public.start_rescore()")).rows[0];
      expect(now).toMatchObject({ status: "done", reason: "manual", requested_by: USER.admin });
      expect((await c.query("select status, error from public.rescore_runs where id = $1", [pending.id])).rows[0]).toEqual({
        status: "cancelled",
        error: "Replaced by a newer rescore",
      });
    });
  });

  it("two callers work the two halves of a large run at once, and together score every deal once", async () => {
    const step = (c: pg.Client, runId: string) => c.query("select * from public.rescore_deals_step($1, 50)", [runId]).then((r) => r.rows[0]);
    const run = await adminSql(async (c) => (await c.query("select * from private.queue_rescore($1, 'manual')", [ORG.acme])).rows[0]);
    await adminSql(async (a) => {
      await adminSql(async (b) => {
        expect(await step(a, run.id)).toMatchObject({ status: "running", done: 50 });
        const parts = (await a.query("select part, from_id, to_id from private.rescore_run_parts where run_id = $1 order by part", [run.id])).rows;
        expect(parts).toHaveLength(2);
        expect(parts[0].to_id).toBe(parts[1].from_id);

        // A is in the middle of a batch of the first half; B does not wait for it but takes the second.
        await a.query("begin");
        const first = await step(a, run.id);
        await b.query("begin");
        const bPid = (await b.query("select pg_backend_pid() as pid")).rows[0].pid;
        const second = step(b, run.id);
        // B has scored its batch and waits for A's progress update to commit before adding its own.
        await expect.poll(async () => (await a.query("select wait_event_type from pg_stat_activity where pid = $1", [bPid])).rows[0]?.wait_event_type, { timeout: 10_000 }).toBe("Lock");
        await a.query("commit");
        expect(await second).toMatchObject({ status: "running", done: first.done + 50 });
        await b.query("commit");
        const progress = (await a.query("select part, last_deal_id from private.rescore_run_parts where run_id = $1 order by part", [run.id])).rows;
        expect(progress[1].last_deal_id > parts[1].from_id).toBe(true);

        const ends = await Promise.all([a, b].map(async (c) => {
          let state = await step(c, run.id);
          while (state.status === "running") state = await step(c, run.id);
          return state;
        }));
        expect(ends.map((end) => end.status)).toEqual(["done", "done"]);
      });
    });
    const final = await adminSql(async (c) => (await c.query("select status, done, total from public.rescore_runs where id = $1", [run.id])).rows[0]);
    expect(final).toEqual({ status: "done", done: run.total, total: run.total });
  });

  it("only an admin of the run's organisation steps it, and the nightly start is for the scheduler", async () => {
    const run = await adminSql(async (c) => {
      await c.query("begin");
      const { rows } = await c.query("select * from private.queue_rescore($1, 'manual')", [ORG.acme]);
      await c.query("commit");
      return rows[0];
    });
    try {
      for (const user of [USER.rep, USER.executive, USER.globexRep]) {
        await asUser(user, async (c) => {
          expect((await attempt(c, "select public.rescore_deals_step($1)", [run.id])).refusal).toMatchObject({ code: "PT404", hint: "not_found" });
        });
      }
      await asUser(USER.admin, async (c) => {
        expect((await attempt(c, "select public.start_daily_rescores()")).refusal).toMatchObject({ code: "42501" });
      });
      await asUser(USER.admin, async (c) => {
        const daily = (await c.query("select org_id, reason, status from public.start_daily_rescores() order by org_id")).rows;
        expect(daily).toEqual([
          { org_id: ORG.acme, reason: "daily", status: "queued" },
          { org_id: ORG.globex, reason: "daily", status: "queued" },
        ]);
      }, "service_role");
    } finally {
      await adminSql((c) => c.query("update public.rescore_runs set status = 'cancelled' where id = $1 and status in ('queued', 'running')", [run.id]));
    }
  });
});
