import { beforeAll } from "vitest";
import { ORG, TEAM, USER } from "../../tests/support/demo.ts";
import {
  type Actor,
  type Matrix,
  type Targets,
  actorUser,
  createDeactivatedRep,
  everyoneActive,
  teammateOf,
  testMatrix,
} from "../../tests/support/permission-matrix.ts";
import { adminSql } from "../../tests/support/sql.ts";

/**
 * The identity tables of docs/permissions.md (the CRM tables are in crm-permissions.test.ts),
 * cell by cell, as each role (tests/support/permission-matrix.ts).
 */

/** A rep of team East whose profile an admin deactivated (created in beforeAll). */
let deactivated = "";
const actorId = (actor: Actor) => actorUser(actor, deactivated);

function people(actor: Actor): Targets {
  return { own: actorId(actor), teammate: teammateOf(actor), "other team": USER.repWest, "other org": USER.globexRep };
}
function teams(actor: Actor): Targets {
  const inEast = actor === "rep" || actor === "manager" || actor === "deactivated";
  return { "own team": inEast ? TEAM.east : null, "other team": TEAM.west, "other org": TEAM.globex };
}
const organizations = () => ({ own: ORG.acme, "other org": ORG.globex });
const newRowIn = () => ({ "own org": ORG.acme, "other org": ORG.globex });
/** An audit row of each organisation (found in beforeAll). */
const auditRows: Targets = { "own org": "", "other org": "" };

const MATRIX: Matrix = {
  profiles: {
    select: {
      sql: "select 1 from public.profiles where id = $1",
      targets: people,
      allowed: {
        rep: ["own", "teammate", "other team"],
        manager: ["own", "teammate", "other team"],
        cs_manager: ["own", "other team"],
        executive: ["own", "other team"],
        admin: ["own", "other team"],
      },
    },
    insert: {
      sql: "insert into public.profiles (id, org_id, full_name) values (gen_random_uuid(), $1, 'Someone')",
      targets: newRowIn,
      allowed: {},
    },
    "update full_name, title": {
      sql: "update public.profiles set full_name = 'Changed', title = 'Changed' where id = $1",
      targets: people,
      allowed: { rep: ["own"], manager: ["own"], cs_manager: ["own"], executive: ["own"], admin: ["own", "other team"] },
    },
    "update role": {
      sql: "update public.profiles set role = case when role = 'rep' then 'manager' else 'rep' end::public.app_role where id = $1",
      targets: people,
      allowed: { admin: ["other team"] },
    },
    "update team_id, is_lead_csm": {
      sql: `update public.profiles set team_id = case when team_id is distinct from '${TEAM.east}' then '${TEAM.east}' else '${TEAM.west}' end::uuid,
              is_lead_csm = not is_lead_csm where id = $1`,
      targets: people,
      allowed: { admin: ["own", "other team"] },
    },
    delete: { sql: "delete from public.profiles where id = $1", targets: people, allowed: {} },
  },
  teams: {
    select: {
      sql: "select 1 from public.teams where id = $1",
      targets: teams,
      allowed: {
        rep: ["own team", "other team"],
        manager: ["own team", "other team"],
        cs_manager: ["other team"],
        executive: ["other team"],
        admin: ["other team"],
      },
    },
    insert: {
      sql: "insert into public.teams (org_id, name) values ($1, 'Matrix team')",
      targets: newRowIn,
      allowed: { admin: ["own org"] },
    },
    "update name, manager_id": {
      sql: "update public.teams set name = name || ' renamed', manager_id = null where id = $1",
      targets: teams,
      allowed: { admin: ["other team"] },
    },
    delete: { sql: "delete from public.teams where id = $1", targets: teams, allowed: { admin: ["other team"] } },
  },
  organizations: {
    select: { sql: "select 1 from public.organizations where id = $1", targets: organizations, allowed: everyoneActive(["own"]) },
    insert: {
      sql: "insert into public.organizations (name) values ('New organisation')",
      targets: () => ({ "a new organisation": "" }),
      allowed: {},
    },
    "update name, currency, fiscal_year_start_month": {
      sql: "update public.organizations set name = 'Renamed', currency = 'GBP', fiscal_year_start_month = 7 where id = $1",
      targets: organizations,
      allowed: { admin: ["own"] },
    },
    delete: { sql: "delete from public.organizations where id = $1", targets: organizations, allowed: {} },
  },
  audit_log: {
    select: {
      sql: "select 1 from public.audit_log where id = $1",
      targets: () => auditRows,
      allowed: { executive: ["own org"], admin: ["own org"] },
    },
    insert: {
      sql: "insert into public.audit_log (org_id, table_name, record_id, action) values ($1, 'profiles', gen_random_uuid(), 'update')",
      targets: newRowIn,
      allowed: {},
    },
    update: { sql: "update public.audit_log set after = null where id = $1", targets: () => auditRows, allowed: {} },
    delete: { sql: "delete from public.audit_log where id = $1", targets: () => auditRows, allowed: {} },
  },
};

beforeAll(async () => {
  deactivated = await createDeactivatedRep();
  await adminSql(async (c) => {
    const { rows } = await c.query(
      `select (select id from public.audit_log where org_id = $1 limit 1)::text as own, (select id from public.audit_log where org_id = $2 limit 1)::text as other`,
      [ORG.acme, ORG.globex],
    );
    auditRows["own org"] = rows[0].own;
    auditRows["other org"] = rows[0].other;
  });
});

testMatrix(MATRIX, actorId);
