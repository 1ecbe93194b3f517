import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ORG, TEAM, USER } from "./demo.ts";
import { adminSql, asUserOn, createAuthUser } from "./sql.ts";

/**
 * The permission matrix of docs/permissions.md, checked cell by cell: every actor tries every
 * operation on every kind of target, as PostgREST would run it. A cell lists the targets on which
 * the operation succeeds; on every other target it must be refused (an error or no row touched).
 */
export const ACTORS = ["rep", "manager", "cs_manager", "executive", "admin", "deactivated"] as const;
export type Actor = (typeof ACTORS)[number];

/** The demo user who plays each actor; the deactivated one is made per test file by createDeactivatedRep. */
export const actorUser = (actor: Actor, deactivated: string): string =>
  ({ rep: USER.rep, manager: USER.manager, cs_manager: USER.leadCsm, executive: USER.executive, admin: USER.admin, deactivated })[actor];

/** Someone in the actor's team: a rep's fellow rep, a manager's rep; nobody for the roles outside teams. */
export const teammateOf = (actor: Actor): string | null =>
  (({ rep: USER.rep2, manager: USER.rep, deactivated: USER.rep }) as Partial<Record<Actor, string>>)[actor] ?? null;

/** A rep of team East whose profile an admin deactivated. */
export async function createDeactivatedRep(): Promise<string> {
  const id = await createAuthUser({ org_id: ORG.acme, role: "rep" }, { full_name: "Dee Activated" });
  await adminSql((c) => c.query("update public.profiles set active = false, team_id = $2 where id = $1", [id, TEAM.east]));
  return id;
}

/** The rows each actor aims at, by label; null where the actor has no such row (no team, no teammate). */
export type Targets = Record<string, string | null>;

export interface Operation<A extends string = Actor> {
  /** $1 is the target's id (for inserts: whatever the targets say, e.g. the organisation or the owner of the new row). */
  sql: string;
  targets: (actor: A) => Targets;
  allowed: Partial<Record<A, string[]>>;
}

/**
 * The owners of the fixture rows of an owner-scoped table (one row each): every actor, a
 * teammate, a rep of another team and one of another organisation. A target is then "the row
 * owned by the actor", "by a teammate", "by someone in another team", "in another organisation".
 */
export const OWNERS = {
  rep: USER.rep,
  rep2: USER.rep2,
  manager: USER.manager,
  leadCsm: USER.leadCsm,
  executive: USER.executive,
  admin: USER.admin,
  deactivated: "",
  repWest: USER.repWest,
  globexRep: USER.globexRep,
} as const;
export type Owner = keyof typeof OWNERS;
export const ownerLabel = (actor: Actor): Owner =>
  ({ rep: "rep", manager: "manager", cs_manager: "leadCsm", executive: "executive", admin: "admin", deactivated: "deactivated" } as const)[actor];
const teammateLabel = (actor: Actor): Owner | null => ({ rep: "rep2", manager: "rep", deactivated: "rep" } as Partial<Record<Actor, Owner>>)[actor] ?? null;
/** The owner's user id; the deactivated rep is the one the test file made (createDeactivatedRep). */
export const ownerId = (owner: Owner, deactivated: string) => (owner === "deactivated" ? deactivated : OWNERS[owner]);
export const orgOf = (owner: Owner) => (owner === "globexRep" ? ORG.globex : ORG.acme);
/** Targets on fixture rows, one per owner: `rowOf(owner)` is the id of the row that owner owns. */
export const ownedRows =
  (rowOf: (owner: Owner) => string) =>
  (actor: Actor): Targets => {
    const teammate = teammateLabel(actor);
    return { own: rowOf(ownerLabel(actor)), teammate: teammate && rowOf(teammate), "other team": rowOf("repWest"), "other org": rowOf("globexRep") };
  };

/** A matrix over ACTORS, or over another list of actors (customer success adds the lead CSM as a column of its own). */
export type Matrix<A extends string = Actor> = Record<string, Record<string, Operation<A>>>;

export const everyoneActive = (targets: string[]) => ({ rep: targets, manager: targets, cs_manager: targets, executive: targets, admin: targets });

/**
 * True when the statement touched the target; false when Postgres refused it: permission denied
 * (42501, including row level security on insert), one of our guards (P0001), or no row touched.
 */
async function succeeds(c: pg.Client, sql: string, id: string): Promise<boolean> {
  try {
    const result = await c.query(sql, sql.includes("$1") ? [id] : []);
    return (result.rowCount ?? 0) > 0;
  } catch (error) {
    if (["42501", "P0001"].includes((error as { code?: string }).code ?? "")) return false;
    throw error;
  }
}

/** The matrix as docs/permissions.md shows it: one table per database table, cells list allowed targets. */
function renderMatrix<A extends string>(table: string, operations: Record<string, Operation<A>>, actors: readonly A[]): string {
  const rows = Object.entries(operations).map(([name, op]) => `| ${name} | ${actors.map((a) => op.allowed[a]?.join(", ") || "—").join(" | ")} |`);
  return [`| ${table} | ${actors.join(" | ")} |`, `|${" --- |".repeat(actors.length + 1)}`, ...rows].join("\n");
}

/** One test per cell; `actorId` may depend on rows made in beforeAll, so ids are read inside each test. */
export function testMatrix<A extends string = Actor>(matrix: Matrix<A>, actorId: (actor: A) => string, actors: readonly A[] = ACTORS as readonly string[] as readonly A[]) {
  // One connection for the whole matrix: each cell is still its own rolled-back transaction.
  const client = new pg.Client(inject("stack").dbUrl);
  beforeAll(() => client.connect());
  afterAll(() => client.end());

  for (const [table, operations] of Object.entries(matrix)) {
    describe(`${table}: who may do what`, () => {
      for (const [name, op] of Object.entries(operations)) {
        for (const actor of actors) {
          const allowed = op.allowed[actor] ?? [];
          const labels = Object.entries(op.targets(actor)).filter(([, id]) => id !== null).map(([label]) => label);
          for (const label of labels) {
            const expected = allowed.includes(label);
            it(`${actor} ${name} on ${label}: ${expected ? "allowed" : "refused"}`, async () => {
              const id = op.targets(actor)[label]!;
              expect(await asUserOn(client, actorId(actor), (c) => succeeds(c, op.sql, id))).toBe(expected);
            });
          }
        }
      }
    });
  }

  describe("docs/permissions.md", () => {
    it(`states exactly the matrix these tests check for ${Object.keys(matrix).join(", ")}`, () => {
      const doc = readFileSync(path.join(import.meta.dirname, "..", "..", "docs", "permissions.md"), "utf8");
      for (const [table, operations] of Object.entries(matrix)) expect(doc).toContain(renderMatrix(table, operations, actors));
    });
  });
}
