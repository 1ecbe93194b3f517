import { afterAll, beforeAll } from "vitest";
import { ORG, TEAM, USER, seedId } from "../../tests/support/demo.ts";
import {
  type Actor,
  type Matrix,
  type Operation,
  type Owner,
  type Targets,
  OWNERS,
  actorUser,
  createDeactivatedRep,
  everyoneActive,
  orgOf,
  ownedRows,
  ownerId,
  ownerLabel,
  teammateOf,
  testMatrix,
} from "../../tests/support/permission-matrix.ts";
import { adminSql } from "../../tests/support/sql.ts";

/**
 * The CRM tables of docs/permissions.md, cell by cell, as each role (tests/support/permission-matrix.ts).
 * Each owner-scoped table gets one row per owner below (made in beforeAll with fixed ids), so a
 * target is "the row owned by the actor", "by a teammate", "by someone in another team", "in
 * another organisation".
 */

let deactivated = "";
const actorId = (actor: Actor) => actorUser(actor, deactivated);

/** The fixture row of `table` owned by `owner`. */
const row = (table: string, owner: Owner | string) => seedId(`matrix-${table}`, owner);
/** Fixture configuration per organisation. */
const ref = (name: string, org: string) => seedId(`matrix-${name}`, org);

/** Targets of an owner-scoped table: the rows owned by the actor, a teammate, another team, another organisation. */
const records = (table: string) => ownedRows((owner) => row(table, owner));
/** Targets of an insert: the owner the new row would have (its organisation follows). */
const owners = (actor: Actor): Targets => ({ own: actorId(actor), teammate: teammateOf(actor), "other team": USER.repWest, "other org": USER.globexRep });
/** In an insert, `then` for a new row in Acme and `otherwise` in Globex, by the owner in $1. */
const byOrg = (acme: string, globex: string) => `(case when $1::uuid = '${USER.globexRep}' then '${globex}' else '${acme}' end)::uuid`;
const orgOfOwner = byOrg(ORG.acme, ORG.globex);
const newRowIn = () => ({ "own org": ORG.acme, "other org": ORG.globex });

/** Who may read, and who may change, the rows of an owner-scoped table. */
const SALES_READ = { rep: ["own"], manager: ["own", "teammate"], cs_manager: ["own"], executive: ["own", "other team"], admin: ["own", "other team"] };
const CS_READ = { ...SALES_READ, cs_manager: ["own", "other team"] };
const ORG_READ = {
  rep: ["own", "teammate", "other team"],
  manager: ["own", "teammate", "other team"],
  cs_manager: ["own", "other team"],
  executive: ["own", "other team"],
  admin: ["own", "other team"],
};
const WRITE = { rep: ["own"], manager: ["own", "teammate"], cs_manager: ["own"], admin: ["own", "other team"] };

function ownerScoped(table: string, read: Operation["allowed"], insertSql: string, updateSql: string): Record<string, Operation> {
  return {
    select: { sql: `select 1 from public.${table} where id = $1`, targets: records(table), allowed: read },
    insert: { sql: insertSql, targets: owners, allowed: WRITE },
    update: { sql: updateSql, targets: records(table), allowed: WRITE },
    delete: { sql: `delete from public.${table} where id = $1`, targets: records(table), allowed: WRITE },
  };
}

const configTargets = (name: string) => () => ({ "own org": ref(name, ORG.acme), "other org": ref(name, ORG.globex) });
const ADMIN_OWN_ORG = { admin: ["own org"] };

const MATRIX: Matrix = {
  accounts: ownerScoped(
    "accounts",
    ORG_READ,
    `insert into public.accounts (org_id, owner_id, name) values (${orgOfOwner}, $1, 'Matrix new account')`,
    "update public.accounts set industry = 'Changed' where id = $1",
  ),
  contacts: ownerScoped(
    "contacts",
    CS_READ,
    `insert into public.contacts (org_id, owner_id, last_name) values (${orgOfOwner}, $1, 'Matrix new contact')`,
    "update public.contacts set title = 'Changed' where id = $1",
  ),
  leads: ownerScoped(
    "leads",
    SALES_READ,
    `insert into public.leads (org_id, owner_id, company) values (${orgOfOwner}, $1, 'Matrix new lead')`,
    "update public.leads set industry = 'Changed' where id = $1",
  ),
  deals: ownerScoped(
    "deals",
    SALES_READ,
    `insert into public.deals (org_id, owner_id, account_id, pipeline_id, stage_id, name)
     values (${orgOfOwner}, $1, ${byOrg(ref("account", ORG.acme), ref("account", ORG.globex))},
             ${byOrg(ref("pipeline", ORG.acme), ref("pipeline", ORG.globex))}, ${byOrg(ref("stage", ORG.acme), ref("stage", ORG.globex))}, 'Matrix new deal')`,
    "update public.deals set next_step = 'Changed' where id = $1",
  ),
  activities: ownerScoped(
    "activities",
    SALES_READ,
    `insert into public.activities (org_id, owner_id, type, subject, account_id)
     values (${orgOfOwner}, $1, 'call', 'Matrix new call', ${byOrg(ref("account", ORG.acme), ref("account", ORG.globex))})`,
    "update public.activities set subject = 'Changed' where id = $1",
  ),
  deal_stage_history: {
    select: { sql: "select 1 from public.deal_stage_history where deal_id = $1", targets: records("deals"), allowed: SALES_READ },
    insert: {
      sql: `insert into public.deal_stage_history (org_id, deal_id, to_stage_id) values ($1, '${row("deals", "rep")}', '${ref("stage", ORG.acme)}')`,
      targets: newRowIn,
      allowed: {},
    },
    update: { sql: "update public.deal_stage_history set moved_at = now() where deal_id = $1", targets: records("deals"), allowed: {} },
    delete: { sql: "delete from public.deal_stage_history where deal_id = $1", targets: records("deals"), allowed: {} },
  },
  pipelines: {
    select: {
      sql: "select 1 from public.pipelines where id = $1",
      targets: () => ({ ...configTargets("config-pipeline")(), "limited to another team": ref("west-pipeline", ORG.acme) }),
      allowed: {
        ...everyoneActive(["own org"]),
        executive: ["own org", "limited to another team"],
        admin: ["own org", "limited to another team"],
      },
    },
    insert: { sql: "insert into public.pipelines (org_id, name) values ($1, 'Matrix new pipeline')", targets: newRowIn, allowed: ADMIN_OWN_ORG },
    "update name, is_default, team_ids, roles": {
      sql: "update public.pipelines set name = name || ' renamed', is_default = false, team_ids = '{}', roles = '{}' where id = $1",
      targets: configTargets("config-pipeline"),
      allowed: ADMIN_OWN_ORG,
    },
    delete: { sql: "delete from public.pipelines where id = $1", targets: configTargets("config-pipeline"), allowed: ADMIN_OWN_ORG },
  },
  pipeline_stages: {
    select: { sql: "select 1 from public.pipeline_stages where id = $1", targets: configTargets("config-stage"), allowed: everyoneActive(["own org"]) },
    insert: {
      sql: `insert into public.pipeline_stages (org_id, pipeline_id, name, position, win_probability)
            values ($1, (case when $1::uuid = '${ORG.globex}' then '${ref("config-pipeline", ORG.globex)}' else '${ref("config-pipeline", ORG.acme)}' end)::uuid,
                    'Matrix new stage', 7, 40)`,
      targets: newRowIn,
      allowed: ADMIN_OWN_ORG,
    },
    "update name, position, win_probability, colour, rotting_days, exit_criteria": {
      sql: "update public.pipeline_stages set name = name || ' renamed', position = 3, win_probability = 60, colour = '#123456', rotting_days = 9, exit_criteria = '{amount}' where id = $1",
      targets: configTargets("config-stage"),
      allowed: ADMIN_OWN_ORG,
    },
    delete: { sql: "delete from public.pipeline_stages where id = $1", targets: configTargets("config-stage"), allowed: ADMIN_OWN_ORG },
  },
  pipeline_stage_transitions: {
    select: {
      sql: "select 1 from public.pipeline_stage_transitions where id = $1",
      targets: configTargets("transition"),
      allowed: everyoneActive(["own org"]),
    },
    insert: {
      sql: `insert into public.pipeline_stage_transitions (org_id, pipeline_id, from_stage_id, to_stage_id)
            select $1, s.pipeline_id, s.id, t.id from public.pipeline_stages s join public.pipeline_stages t on t.pipeline_id = s.pipeline_id
            where s.id = (case when $1::uuid = '${ORG.globex}' then '${ref("config-stage-2", ORG.globex)}' else '${ref("config-stage-2", ORG.acme)}' end)::uuid
              and t.id = (case when $1::uuid = '${ORG.globex}' then '${ref("config-stage", ORG.globex)}' else '${ref("config-stage", ORG.acme)}' end)::uuid`,
      targets: newRowIn,
      allowed: ADMIN_OWN_ORG,
    },
    update: { sql: "update public.pipeline_stage_transitions set to_stage_id = to_stage_id where id = $1", targets: configTargets("transition"), allowed: {} },
    delete: { sql: "delete from public.pipeline_stage_transitions where id = $1", targets: configTargets("transition"), allowed: ADMIN_OWN_ORG },
  },
  saved_views: {
    select: { sql: "select 1 from public.saved_views where id = $1", targets: (actor) => views(actor), allowed: everyoneActive(["own", "shared by someone"]) },
    insert: { sql: "insert into public.saved_views (org_id, record_type, name) values ($1, 'deals', 'Matrix new view')", targets: newRowIn, allowed: everyoneActive(["own org"]) },
    "update name, filters, sort, columns, shared": {
      sql: `update public.saved_views set name = name || ' renamed', filters = '{"status": "open"}', sort = '[]', columns = '{name}', shared = not shared where id = $1`,
      targets: (actor) => views(actor),
      allowed: everyoneActive(["own"]),
    },
    delete: { sql: "delete from public.saved_views where id = $1", targets: (actor) => views(actor), allowed: everyoneActive(["own"]) },
  },
};

function views(actor: Actor): Targets {
  return {
    own: row("view", ownerLabel(actor)),
    "shared by someone": row("view", "repWest-shared"),
    "private of someone": row("view", "repWest"),
    "other org": row("view", "globexRep-shared"),
  };
}

beforeAll(async () => {
  deactivated = await createDeactivatedRep();
  await adminSql(async (c) => {
    for (const [org, owner] of [
      [ORG.acme, USER.admin],
      [ORG.globex, USER.globexRep],
    ] as const) {
      await c.query("insert into public.pipelines (id, org_id, name) values ($1, $2, 'Matrix'), ($3, $2, 'Matrix config')", [
        ref("pipeline", org),
        org,
        ref("config-pipeline", org),
      ]);
      await c.query(
        `insert into public.pipeline_stages (id, org_id, pipeline_id, name, position, win_probability) values
           ($1, $2, $3, 'Matrix stage', 0, 10), ($4, $2, $5, 'Matrix config stage', 0, 10), ($6, $2, $5, 'Matrix config stage 2', 1, 20)`,
        [ref("stage", org), org, ref("pipeline", org), ref("config-stage", org), ref("config-pipeline", org), ref("config-stage-2", org)],
      );
      await c.query("insert into public.pipeline_stage_transitions (id, org_id, pipeline_id, from_stage_id, to_stage_id) values ($1, $2, $3, $4, $5)", [
        ref("transition", org),
        org,
        ref("config-pipeline", org),
        ref("config-stage", org),
        ref("config-stage-2", org),
      ]);
      await c.query("insert into public.accounts (id, org_id, owner_id, name) values ($1, $2, $3, 'Matrix shared account')", [ref("account", org), org, owner]);
    }
    await c.query("insert into public.pipelines (id, org_id, name, team_ids) values ($1, $2, 'Matrix West only', $3)", [
      ref("west-pipeline", ORG.acme),
      ORG.acme,
      [TEAM.west],
    ]);

    for (const owner of Object.keys(OWNERS) as Owner[]) {
      const [org, id] = [orgOf(owner), ownerId(owner, deactivated)];
      await c.query("insert into public.accounts (id, org_id, owner_id, name) values ($1, $2, $3, 'Matrix account')", [row("accounts", owner), org, id]);
      await c.query("insert into public.contacts (id, org_id, owner_id, last_name) values ($1, $2, $3, 'Matrix contact')", [row("contacts", owner), org, id]);
      await c.query("insert into public.leads (id, org_id, owner_id, company) values ($1, $2, $3, 'Matrix lead')", [row("leads", owner), org, id]);
      await c.query(
        "insert into public.deals (id, org_id, owner_id, account_id, pipeline_id, stage_id, name) values ($1, $2, $3, $4, $5, $6, 'Matrix deal')",
        [row("deals", owner), org, id, ref("account", org), ref("pipeline", org), ref("stage", org)],
      );
      await c.query("insert into public.activities (id, org_id, owner_id, type, subject, account_id) values ($1, $2, $3, 'note', 'Matrix note', $4)", [
        row("activities", owner),
        org,
        id,
        ref("account", org),
      ]);
      await c.query("insert into public.saved_views (id, org_id, owner_id, record_type, name) values ($1, $2, $3, 'deals', 'Matrix view')", [
        row("view", owner),
        org,
        id,
      ]);
    }
    await c.query(
      "insert into public.saved_views (id, org_id, owner_id, record_type, name, shared) values ($1, $2, $3, 'deals', 'Matrix shared view', true), ($4, $5, $6, 'deals', 'Matrix shared view', true)",
      [row("view", "repWest-shared"), ORG.acme, USER.repWest, row("view", "globexRep-shared"), ORG.globex, USER.globexRep],
    );
  });
});

afterAll(async () => {
  await adminSql(async (c) => {
    for (const table of ["activities", "deals", "leads", "contacts", "accounts"]) {
      await c.query(`delete from public.${table} where id = any ($1)`, [Object.keys(OWNERS).map((owner) => row(table, owner))]);
    }
    await c.query("delete from public.accounts where id = any ($1)", [[ref("account", ORG.acme), ref("account", ORG.globex)]]);
    await c.query("delete from public.saved_views where name like 'Matrix%'");
    await c.query("delete from public.pipelines where name like 'Matrix%'");
  });
});

testMatrix(MATRIX, actorId);
