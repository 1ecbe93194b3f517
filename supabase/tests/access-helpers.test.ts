import { describe, expect, it } from "vitest";
import { ORG, TEAM, USER } from "../../tests/support/demo.ts";
import { adminSql, asUser, createAuthUser } from "../../tests/support/sql.ts";

/** What later business tables will see through `owner_id = any (array(select private.visible_owner_ids(...)))`. */
const visibleOwners = (userId: string, leadCsmSeesAll = false) =>
  asUser(userId, async (c) => {
    const { rows } = await c.query("select array(select private.visible_owner_ids($1) order by 1)::text[] as ids", [leadCsmSeesAll]);
    return rows[0].ids as string[];
  });

/** True when the caller's visible owners are exactly the organisation's people (one snapshot). */
const seesWholeOrg = (userId: string, leadCsmSeesAll = false) =>
  asUser(userId, async (c) => {
    const { rows } = await c.query(
      `select array(select private.visible_owner_ids($1) order by 1) = array(select id from public.profiles order by 1) as whole,
              not exists (select from private.visible_owner_ids($1) v join public.profiles p on p.id = v where p.org_id <> $2) as in_org`,
      [leadCsmSeesAll, ORG.acme],
    );
    return rows[0].whole && rows[0].in_org;
  });

describe("whose records each role reads (private.visible_owner_ids)", () => {
  it("a rep: only their own", async () => {
    expect(await visibleOwners(USER.rep)).toEqual([USER.rep]);
    expect(await visibleOwners(USER.globexRep)).toEqual([USER.globexRep]);
  });

  it("a manager: themselves and the people of the teams they manage, not another team's", async () => {
    // Other suites add people to these teams while this runs: check membership, not a fixed list.
    for (const [manager, team, members] of [
      [USER.manager, TEAM.east, [USER.manager, USER.rep, USER.rep2]],
      [USER.managerWest, TEAM.west, [USER.managerWest, USER.repWest]],
    ] as const) {
      const ids = await visibleOwners(manager);
      expect(ids).toEqual(expect.arrayContaining([...members]));
      const { rows } = await adminSql((c) => c.query("select distinct team_id from public.profiles where id = any($1)", [ids]));
      expect(rows).toEqual([{ team_id: team }]);
    }
  });

  it("executives and admins: everyone in their organisation", async () => {
    expect(await seesWholeOrg(USER.executive)).toBe(true);
    expect(await seesWholeOrg(USER.admin)).toBe(true);
  });

  it("a lead CSM: the whole organisation for customer-success records only; another CSM only their own", async () => {
    expect(await visibleOwners(USER.leadCsm)).toEqual([USER.leadCsm]);
    expect(await seesWholeOrg(USER.leadCsm, true)).toBe(true);
    const csm = await createAuthUser({ org_id: ORG.acme, role: "cs_manager" }, { full_name: "Cory CSM" });
    expect(await visibleOwners(csm, true)).toEqual([csm]);
  });

  it("someone named a team's manager without the manager role gains nothing", async () => {
    const rep = await createAuthUser({ org_id: ORG.acme, role: "rep" }, { full_name: "Nominal Lead" });
    await adminSql((c) => c.query("insert into public.teams (org_id, name, manager_id) values ($1, $2, $3)", [ORG.acme, `Nominal ${rep}`, rep]));
    expect(await visibleOwners(rep)).toEqual([rep]);
    expect(await asUser(rep, async (c) => (await c.query("select array(select private.managed_team_ids())::text[] as ids")).rows[0].ids)).toEqual([]);
  });

  it("a deactivated user: nobody", async () => {
    const leaver = await createAuthUser({ org_id: ORG.acme, role: "executive" }, { full_name: "Former Exec" });
    await adminSql((c) => c.query("update public.profiles set active = false where id = $1", [leaver]));
    expect(await visibleOwners(leaver, true)).toEqual([]);
  });
});

describe("private.managed_team_ids and private.has_role", () => {
  it("name the teams a manager runs and the caller's role", async () => {
    await asUser(USER.manager, async (c) => {
      const { rows } = await c.query(
        "select array(select private.managed_team_ids())::text[] as teams, private.has_role('manager') as manager, private.has_role('admin', 'executive') as boss",
      );
      expect(rows[0]).toEqual({ teams: [TEAM.east], manager: true, boss: false });
    });
  });
});
