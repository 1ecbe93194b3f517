import { afterAll, beforeAll } from "vitest";
import { REP_ACCOUNT, pipelineNamed } from "../../tests/support/crm.ts";
import { ORG, USER, seedId } from "../../tests/support/demo.ts";
import {
  type Actor,
  type Matrix,
  type Owner,
  type Targets,
  OWNERS,
  actorUser,
  createDeactivatedRep,
  everyoneActive,
  orgOf,
  ownedRows,
  ownerId,
  testMatrix,
} from "../../tests/support/permission-matrix.ts";
import { adminSql } from "../../tests/support/sql.ts";

/**
 * The scoring and governance tables of docs/permissions.md, cell by cell, as each role
 * (tests/support/permission-matrix.ts). Fixture deals, one per owner, carry a score, a request with
 * a step and an exception; configuration has a row in each organisation. The notifications the
 * approvals write are in the customer-success matrix (cs-permissions.test.ts): one table for all.
 */

let deactivated = "";
const actorId = (actor: Actor) => actorUser(actor, deactivated);

/** The fixture row of `kind` for `owner` (a deal, its request, step, exception) or for an organisation. */
const id = (kind: string, key: string) => seedId(`gov-matrix-${kind}`, key);

/** Targets on the fixture deals' rows: the actor's own deal, a teammate's, another team's, another organisation's. */
const deals = (kind: string) => ownedRows((owner) => id(kind, owner));
/** As `deals`, plus a request on another team's deal whose step names every actor as an approver. */
const requests = (kind: string) => (actor: Actor): Targets => ({ ...deals(kind)(actor), "named approver": id(kind, "named") });
const perOrg = (kind: string) => () => ({ "own org": id(kind, ORG.acme), "other org": id(kind, ORG.globex) });
const newRowIn = () => ({ "own org": ORG.acme, "other org": ORG.globex });
/** In an insert, the fixture `kind` of the organisation in $1. */
const ofOrg = (kind: string) => `(case when $1::uuid = '${ORG.globex}' then '${id(kind, ORG.globex)}' else '${id(kind, ORG.acme)}' end)::uuid`;

/** The active model and one of its factors per organisation (found in beforeAll; "" until then, so every cell is made). */
const active: Record<string, { model: string; factor: string }> = {};
const activeModels = () => ({ "own org": active[ORG.acme]?.model ?? "", "other org": active[ORG.globex]?.model ?? "" });
const activeFactors = () => ({ "own org": active[ORG.acme]?.factor ?? "", "other org": active[ORG.globex]?.factor ?? "" });
/** The seed's baselines (a fixture in Acme would change the scores other tests check) and a median for Globex, which has none. */
const baselines: Record<string, string> = {};
const medians = () => ({ "own org": baselines.acmeMedian ?? "", "other org": id("median", ORG.globex) });
const norms = () => ({ "own org": baselines[`${ORG.acme}-norm`] ?? "", "other org": baselines[`${ORG.globex}-norm`] ?? "" });

const SALES_READ = { rep: ["own"], manager: ["own", "teammate"], cs_manager: ["own"], executive: ["own", "other team"], admin: ["own", "other team"] };
const ADMIN_OWN_ORG = { admin: ["own org"] };
const NOBODY = {};

const MATRIX: Matrix = {
  scoring_models: {
    select: { sql: "select 1 from public.scoring_models where id = $1", targets: activeModels, allowed: everyoneActive(["own org"]) },
    insert: {
      sql: `insert into public.scoring_models (org_id, version, name, classification_bands) values ($1, 900, 'Matrix new model', '[{"label": "A", "min_score": 0}]')`,
      targets: newRowIn,
      allowed: ADMIN_OWN_ORG,
    },
    "update name, description": {
      sql: "update public.scoring_models set name = name || ' renamed', description = 'Changed' where id = $1",
      targets: activeModels,
      allowed: ADMIN_OWN_ORG,
    },
    "update is_active (activate a draft)": { sql: "update public.scoring_models set is_active = true where id = $1", targets: perOrg("draft"), allowed: ADMIN_OWN_ORG },
    "delete a draft": { sql: "delete from public.scoring_models where id = $1", targets: perOrg("draft"), allowed: ADMIN_OWN_ORG },
    "delete a used version": { sql: "delete from public.scoring_models where id = $1", targets: activeModels, allowed: NOBODY },
  },
  scoring_factors: {
    select: { sql: "select 1 from public.scoring_factors where id = $1", targets: activeFactors, allowed: everyoneActive(["own org"]) },
    insert: {
      sql: `insert into public.scoring_factors (org_id, model_id, factor, weight, curve)
            values ($1, ${ofOrg("draft")}, 'competition', 0, '{"type": "bands", "bands": [{"from": 0, "score": 100}]}')`,
      targets: newRowIn,
      allowed: ADMIN_OWN_ORG,
    },
    "update weight, curve of a draft": { sql: "update public.scoring_factors set weight = weight where id = $1", targets: perOrg("draft-factor"), allowed: ADMIN_OWN_ORG },
    "update weight, curve of a used version": { sql: "update public.scoring_factors set weight = weight where id = $1", targets: activeFactors, allowed: NOBODY },
    delete: { sql: "delete from public.scoring_factors where id = $1", targets: perOrg("draft-factor"), allowed: ADMIN_OWN_ORG },
  },
  scoring_segment_medians: {
    select: { sql: "select 1 from public.scoring_segment_medians where id = $1", targets: medians, allowed: everyoneActive(["own org"]) },
    insert: { sql: "insert into public.scoring_segment_medians (org_id, segment, median_amount, won_deals) values ($1, 'mid_market', 1, 1)", targets: newRowIn, allowed: NOBODY },
    update: { sql: "update public.scoring_segment_medians set median_amount = 1 where id = $1", targets: medians, allowed: NOBODY },
    delete: { sql: "delete from public.scoring_segment_medians where id = $1", targets: medians, allowed: NOBODY },
  },
  scoring_stage_norms: {
    select: { sql: "select 1 from public.scoring_stage_norms where id = $1", targets: norms, allowed: everyoneActive(["own org"]) },
    insert: {
      sql: `insert into public.scoring_stage_norms (org_id, stage_id, norm_days, sample_size)
            select $1, s.id, 1, 1 from public.pipeline_stages s where s.org_id = $1 and s.name = 'Closed Lost' limit 1`,
      targets: newRowIn,
      allowed: NOBODY,
    },
    update: { sql: "update public.scoring_stage_norms set norm_days = 1 where id = $1", targets: norms, allowed: NOBODY },
    delete: { sql: "delete from public.scoring_stage_norms where id = $1", targets: norms, allowed: NOBODY },
  },
  deal_scores: {
    select: { sql: "select 1 from public.deal_scores where deal_id = $1", targets: deals("deal"), allowed: SALES_READ },
    insert: {
      sql: `insert into public.deal_scores (deal_id, org_id, owner_id, status, score, classification, contributions, model_version)
            values (gen_random_uuid(), $1, gen_random_uuid(), 'open', 50, 'C', '{}', 1)`,
      targets: newRowIn,
      allowed: NOBODY,
    },
    update: { sql: "update public.deal_scores set score = 100 where deal_id = $1", targets: deals("deal"), allowed: NOBODY },
    delete: { sql: "delete from public.deal_scores where deal_id = $1", targets: deals("deal"), allowed: NOBODY },
  },
  deal_score_history: {
    select: { sql: "select 1 from public.deal_score_history where deal_id = $1", targets: deals("deal"), allowed: SALES_READ },
    insert: {
      sql: `insert into public.deal_score_history (org_id, deal_id, score, classification, model_version, reason) values ($1, gen_random_uuid(), 50, 'C', 1, 'manual')`,
      targets: newRowIn,
      allowed: NOBODY,
    },
    update: { sql: "update public.deal_score_history set score = 100 where deal_id = $1", targets: deals("deal"), allowed: NOBODY },
    delete: { sql: "delete from public.deal_score_history where deal_id = $1", targets: deals("deal"), allowed: NOBODY },
  },
  rescore_runs: {
    select: { sql: "select 1 from public.rescore_runs where id = $1", targets: perOrg("run"), allowed: { executive: ["own org"], admin: ["own org"] } },
    insert: { sql: "insert into public.rescore_runs (org_id, reason) values ($1, 'manual')", targets: newRowIn, allowed: NOBODY },
    update: { sql: "update public.rescore_runs set status = 'cancelled' where id = $1", targets: perOrg("run"), allowed: NOBODY },
    delete: { sql: "delete from public.rescore_runs where id = $1", targets: perOrg("run"), allowed: NOBODY },
  },
  approval_policies: {
    select: { sql: "select 1 from public.approval_policies where id = $1", targets: perOrg("policy"), allowed: everyoneActive(["own org"]) },
    insert: { sql: "insert into public.approval_policies (org_id, name, discount_above) values ($1, 'Matrix new policy', 50)", targets: newRowIn, allowed: ADMIN_OWN_ORG },
    "update name, conditions, is_active": {
      sql: "update public.approval_policies set name = name || ' renamed', discount_above = 60, score_below = 30, is_active = not is_active where id = $1",
      targets: perOrg("policy"),
      allowed: ADMIN_OWN_ORG,
    },
    "delete one that raised no request": { sql: "delete from public.approval_policies where id = $1", targets: perOrg("spare-policy"), allowed: ADMIN_OWN_ORG },
  },
  approval_policy_steps: {
    select: { sql: "select 1 from public.approval_policy_steps where id = $1", targets: perOrg("policy-step"), allowed: everyoneActive(["own org"]) },
    insert: {
      sql: `insert into public.approval_policy_steps (org_id, policy_id, position, approver_role) values ($1, ${ofOrg("policy")}, 5, 'executive')`,
      targets: newRowIn,
      allowed: ADMIN_OWN_ORG,
    },
    "update position, name, approver_role, approver_ids": {
      sql: "update public.approval_policy_steps set position = 3, name = 'Renamed', approver_role = 'admin', approver_ids = '{}' where id = $1",
      targets: perOrg("policy-step"),
      allowed: ADMIN_OWN_ORG,
    },
    delete: { sql: "delete from public.approval_policy_steps where id = $1", targets: perOrg("policy-step"), allowed: ADMIN_OWN_ORG },
  },
  approval_requests: {
    select: {
      sql: "select 1 from public.approval_requests where id = $1",
      targets: requests("request"),
      allowed: {
        rep: ["own", "named approver"],
        manager: ["own", "teammate", "named approver"],
        cs_manager: ["own", "named approver"],
        executive: ["own", "other team", "named approver"],
        admin: ["own", "other team", "named approver"],
      },
    },
    insert: {
      sql: `insert into public.approval_requests (org_id, deal_id, policy_id, deal_values) values ($1, gen_random_uuid(), gen_random_uuid(), '{}')`,
      targets: newRowIn,
      allowed: NOBODY,
    },
    update: { sql: "update public.approval_requests set status = 'approved' where id = $1", targets: requests("request"), allowed: NOBODY },
    delete: { sql: "delete from public.approval_requests where id = $1", targets: requests("request"), allowed: NOBODY },
  },
  approval_steps: {
    select: {
      sql: "select 1 from public.approval_steps where request_id = $1",
      targets: requests("request"),
      allowed: {
        rep: ["own", "named approver"],
        manager: ["own", "teammate", "named approver"],
        cs_manager: ["own", "named approver"],
        executive: ["own", "other team", "named approver"],
        admin: ["own", "other team", "named approver"],
      },
    },
    insert: { sql: "insert into public.approval_steps (org_id, request_id, position) values ($1, gen_random_uuid(), 1)", targets: newRowIn, allowed: NOBODY },
    "update status, decided_by, comment": {
      sql: "update public.approval_steps set status = 'approved', decided_by = null, comment = 'Me' where request_id = $1",
      targets: requests("request"),
      allowed: NOBODY,
    },
    delete: { sql: "delete from public.approval_steps where request_id = $1", targets: requests("request"), allowed: NOBODY },
  },
  approval_exceptions: {
    select: { sql: "select 1 from public.approval_exceptions where request_id = $1", targets: deals("request"), allowed: SALES_READ },
    insert: {
      sql: `insert into public.approval_exceptions (org_id, request_id, deal_id, policy_id, reason, deal_values)
            values ($1, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'Because I can, really', '{}')`,
      targets: newRowIn,
      allowed: NOBODY,
    },
    update: { sql: "update public.approval_exceptions set reason = 'Changed after the fact' where request_id = $1", targets: deals("request"), allowed: NOBODY },
    delete: { sql: "delete from public.approval_exceptions where request_id = $1", targets: deals("request"), allowed: NOBODY },
  },
};

beforeAll(async () => {
  deactivated = await createDeactivatedRep();
  await adminSql(async (c) => {
    await c.query("begin"); // a draft model commits with weights that add up
    const globexAccount = (await c.query("select id from public.accounts where org_id = $1 order by id limit 1", [ORG.globex])).rows[0].id;
    const definition = (await c.query("select private.default_scoring_definition() -> 'factors' as f")).rows[0].f as Record<string, { weight: number; curve: object }>;
    for (const org of [ORG.acme, ORG.globex] as string[]) {
      const sales = await pipelineNamed(c, "Sales", org as typeof ORG.acme);
      const model = (await c.query("select id from public.scoring_models where org_id = $1 and is_active", [org])).rows[0].id;
      const factor = (await c.query("select id from public.scoring_factors where model_id = $1 and factor = 'discount'", [model])).rows[0].id;
      active[org] = { model, factor };

      // a draft without competition (its weight moved to discount), so the matrix can insert it
      await c.query("insert into public.scoring_models (id, org_id, version, name, classification_bands) values ($1, $2, 800, 'Matrix draft', $3)", [
        id("draft", org),
        org,
        JSON.stringify([{ label: "All", min_score: 0 }]),
      ]);
      for (const [name, spec] of Object.entries(definition).filter(([name]) => name !== "competition")) {
        await c.query("insert into public.scoring_factors (id, org_id, model_id, factor, weight, curve) values ($1, $2, $3, $4, $5, $6)", [
          name === "discount" ? id("draft-factor", org) : seedId(`gov-matrix-draft-${name}`, org),
          org,
          id("draft", org),
          name,
          name === "discount" ? spec.weight + definition.competition!.weight : spec.weight,
          JSON.stringify(spec.curve),
        ]);
      }
      // baselines: the seed's own (every organisation has stage norms; Globex has won nothing, so no median)
      baselines[`${org}-norm`] = (await c.query("select id from public.scoring_stage_norms where org_id = $1 order by id limit 1", [org])).rows[0].id;
      if (org === ORG.acme) {
        baselines.acmeMedian = (await c.query("select id from public.scoring_segment_medians where org_id = $1 and segment is null", [org])).rows[0].id;
      } else {
        await c.query("insert into public.scoring_segment_medians (id, org_id, segment, median_amount, won_deals) values ($1, $2, 'smb', 12345, 5)", [id("median", org), org]);
      }
      await c.query("insert into public.rescore_runs (id, org_id, reason, status, finished_at) values ($1, $2, 'manual', 'done', now())", [id("run", org), org]);
      for (const [key, name] of [["policy", "Matrix policy"], ["spare-policy", "Matrix spare policy"], ["named-policy", "Matrix named policy"]] as const) {
        await c.query("insert into public.approval_policies (id, org_id, name, discount_above) values ($1, $2, $3, 99)", [id(key, org), org, name]);
        await c.query("insert into public.approval_policy_steps (id, org_id, policy_id, position, approver_role) values ($1, $2, $3, 1, 'manager')", [
          id(`${key}-step`, org),
          org,
          id(key, org),
        ]);
      }

      // one deal per owner, with a request, its step and an exception
      for (const owner of (Object.keys(OWNERS) as Owner[]).filter((o) => orgOf(o) === org)) {
        await c.query(
          "insert into public.deals (id, org_id, owner_id, account_id, pipeline_id, stage_id, name) values ($1, $2, $3, $4, $5, $6, 'Matrix deal')",
          [id("deal", owner), org, ownerId(owner, deactivated), org === ORG.acme ? REP_ACCOUNT : globexAccount, sales.id, sales.stage.Lead],
        );
        await c.query("insert into public.approval_requests (id, org_id, deal_id, policy_id, deal_values) values ($1, $2, $3, $4, '{}')", [
          id("request", owner),
          org,
          id("deal", owner),
          id("policy", org),
        ]);
        await c.query("insert into public.approval_steps (org_id, request_id, position, approver_role, status) values ($1, $2, 1, 'manager', 'pending')", [
          org,
          id("request", owner),
        ]);
        await c.query(
          `insert into public.approval_exceptions (org_id, request_id, deal_id, policy_id, reason, deal_values)
           values ($1, $2, $3, $4, 'Matrix fixture exception', '{}')`,
          [org, id("request", owner), id("deal", owner), id("policy", org)],
        );
      }
    }
    // another team's deal, whose request names every actor on its step
    await c.query("insert into public.approval_requests (id, org_id, deal_id, policy_id, deal_values) values ($1, $2, $3, $4, '{}')", [
      id("request", "named"),
      ORG.acme,
      id("deal", "repWest"),
      id("named-policy", ORG.acme),
    ]);
    await c.query("insert into public.approval_steps (org_id, request_id, position, approver_ids, status) values ($1, $2, 1, $3, 'pending')", [
      ORG.acme,
      id("request", "named"),
      [USER.rep, USER.manager, USER.leadCsm, USER.executive, USER.admin, deactivated],
    ]);
    await c.query("commit");
  });
});

afterAll(async () => {
  await adminSql(async (c) => {
    await c.query("delete from public.deals where id = any ($1)", [Object.keys(OWNERS).map((owner) => id("deal", owner))]);
    await c.query("delete from public.approval_policies where name like 'Matrix%'");
    await c.query("delete from public.scoring_models where name = 'Matrix draft'");
    await c.query("delete from public.scoring_segment_medians where id = $1", [id("median", ORG.globex)]);
    await c.query("delete from public.rescore_runs where id = any ($1)", [[id("run", ORG.acme), id("run", ORG.globex)]]);
  });
});

testMatrix(MATRIX, actorId);
