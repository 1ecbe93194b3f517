import { readFileSync } from "node:fs";
import path from "node:path";
import type pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { ORG, TEAM, USER } from "../../tests/support/demo.ts";
import { adminSql, asUser, createAuthUser } from "../../tests/support/sql.ts";

/**
 * The permission matrix of docs/permissions.md, checked cell by cell: every actor tries every
 * operation on every kind of target, as PostgREST would run it. A cell lists the targets on which
 * the operation succeeds; on every other target it must be refused (an error or no row touched).
 */
const ACTORS = ["rep", "manager", "cs_manager", "executive", "admin", "deactivated"] as const;
type Actor = (typeof ACTORS)[number];

/** A rep of team East whose profile an admin deactivated (created in beforeAll). */
let deactivated = "";
const actorId = (actor: Actor) =>
  ({ rep: USER.rep, manager: USER.manager, cs_manager: USER.leadCsm, executive: USER.executive, admin: USER.admin, deactivated })[actor];

/** The rows each actor aims at; null where the actor has no such row (no team, no teammate). */
type Targets = Record<string, string | null>;
function people(actor: Actor): Targets {
  const teammate: Partial<Record<Actor, string>> = { rep: USER.rep2, manager: USER.rep, deactivated: USER.rep };
  return { own: actorId(actor), teammate: teammate[actor] ?? null, "other team": USER.repWest, "other org": USER.globexRep };
}
function teams(actor: Actor): Targets {
  const inEast = actor === "rep" || actor === "manager" || actor === "deactivated";
  return { "own team": inEast ? TEAM.east : null, "other team": TEAM.west, "other org": TEAM.globex };
}
const organizations = () => ({ own: ORG.acme, "other org": ORG.globex });
const newRowIn = () => ({ "own org": ORG.acme, "other org": ORG.globex });
/** An audit row of each organisation (found in beforeAll). */
const auditRows: Targets = { "own org": "", "other org": "" };

interface Operation {
  /** $1 is the target's id (for inserts: the organisation the new row would belong to). */
  sql: string;
  targets: (actor: Actor) => Targets;
  allowed: Partial<Record<Actor, string[]>>;
}

const everyoneActive = (targets: string[]) => ({ rep: targets, manager: targets, cs_manager: targets, executive: targets, admin: targets });

const MATRIX: Record<string, Record<string, Operation>> = {
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

/** True when the statement touched the target; false when Postgres refused it or RLS hid the row. */
async function succeeds(c: pg.Client, sql: string, id: string): Promise<boolean> {
  try {
    const result = await c.query(sql, sql.includes("$1") ? [id] : []);
    return (result.rowCount ?? 0) > 0;
  } catch (error) {
    if ((error as { code?: string }).code === "42501") return false;
    throw error;
  }
}

/** The matrix as docs/permissions.md shows it: one table per database table, cells list allowed targets. */
function renderMatrix(table: string): string {
  const rows = Object.entries(MATRIX[table]!).map(
    ([name, op]) => `| ${name} | ${ACTORS.map((a) => op.allowed[a]?.join(", ") || "—").join(" | ")} |`,
  );
  return [`| ${table} | ${ACTORS.join(" | ")} |`, `|${" --- |".repeat(ACTORS.length + 1)}`, ...rows].join("\n");
}

beforeAll(async () => {
  deactivated = await createAuthUser({ org_id: ORG.acme, role: "rep" }, { full_name: "Dee Activated" });
  await adminSql(async (c) => {
    await c.query("update public.profiles set active = false, team_id = $2 where id = $1", [deactivated, TEAM.east]);
    const { rows } = await c.query(
      `select (select id from public.audit_log where org_id = $1 limit 1)::text as own, (select id from public.audit_log where org_id = $2 limit 1)::text as other`,
      [ORG.acme, ORG.globex],
    );
    auditRows["own org"] = rows[0].own;
    auditRows["other org"] = rows[0].other;
  });
});

for (const [table, operations] of Object.entries(MATRIX)) {
  describe(`${table}: who may do what`, () => {
    for (const [name, op] of Object.entries(operations)) {
      for (const actor of ACTORS) {
        const allowed = op.allowed[actor] ?? [];
        const labels = Object.entries(op.targets(actor)).filter(([, id]) => id !== null).map(([label]) => label);
        for (const label of labels) {
          const expected = allowed.includes(label);
          it(`${actor} ${name} on ${label}: ${expected ? "allowed" : "refused"}`, async () => {
            const id = op.targets(actor)[label]!; // again: some ids exist only after beforeAll
            expect(await asUser(actorId(actor), (c) => succeeds(c, op.sql, id))).toBe(expected);
          });
        }
      }
    }
  });
}

describe("docs/permissions.md", () => {
  it("states exactly the matrix these tests check", () => {
    const doc = readFileSync(path.join(import.meta.dirname, "..", "..", "docs", "permissions.md"), "utf8");
    for (const table of Object.keys(MATRIX)) expect(doc).toContain(renderMatrix(table));
  });
});
