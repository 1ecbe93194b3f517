import { describe, expect, it } from "vitest";
import { ORG, TEAM, USER } from "../../tests/support/demo.ts";
import { adminSql, asUser, createAuthUser } from "../../tests/support/sql.ts";

const refused = /permission denied/;

describe("nobody raises their own rights", () => {
  it.each([
    ["role", "role = 'admin'"],
    ["team", `team_id = '${TEAM.west}'`],
    ["lead-CSM flag", "is_lead_csm = true"],
    ["active flag", "active = false"],
    ["organisation", `org_id = '${ORG.globex}'`],
  ])("a rep cannot set their own %s", async (_what, assignment) => {
    await expect(asUser(USER.rep, (c) => c.query(`update public.profiles set ${assignment} where id = $1`, [USER.rep]))).rejects.toThrow(refused);
  });

  it("a CSM cannot change their own lead-CSM flag, nor a manager their own team", async () => {
    await expect(asUser(USER.leadCsm, (c) => c.query("update public.profiles set is_lead_csm = false where id = $1", [USER.leadCsm]))).rejects.toThrow(
      refused,
    );
    await expect(asUser(USER.manager, (c) => c.query("update public.profiles set team_id = $2 where id = $1", [USER.manager, TEAM.west]))).rejects.toThrow(
      refused,
    );
  });

  it("a manager cannot change their people's role nor move them to another organisation", async () => {
    await asUser(USER.manager, async (c) => {
      const { rowCount } = await c.query("update public.profiles set role = 'admin' where id = $1", [USER.rep]);
      expect(rowCount).toBe(0);
    });
    await expect(asUser(USER.manager, (c) => c.query("update public.profiles set org_id = $2 where id = $1", [USER.rep, ORG.globex]))).rejects.toThrow(
      refused,
    );
  });

  it("an admin cannot change their own role or deactivate themselves", async () => {
    await expect(asUser(USER.admin, (c) => c.query("update public.profiles set role = 'rep' where id = $1", [USER.admin]))).rejects.toThrow(
      /admins cannot change their own role or deactivate themselves/,
    );
    await expect(asUser(USER.admin, (c) => c.query("update public.profiles set active = false where id = $1", [USER.admin]))).rejects.toThrow(
      /admins cannot change their own role or deactivate themselves/,
    );
  });
});

describe("nothing crosses organisations", () => {
  it("an admin cannot move a user, or a team, to another organisation", async () => {
    await expect(asUser(USER.admin, (c) => c.query("update public.profiles set org_id = $2 where id = $1", [USER.rep, ORG.globex]))).rejects.toThrow(
      refused,
    );
    await expect(asUser(USER.admin, (c) => c.query("update public.teams set org_id = $2 where id = $1", [TEAM.east, ORG.globex]))).rejects.toThrow(
      refused,
    );
  });

  it("not even the service role moves a row to another organisation", async () => {
    await expect(adminSql((c) => c.query("update public.profiles set org_id = $2 where id = $1", [USER.rep, ORG.globex]))).rejects.toThrow(
      /a profiles row never moves to another organisation/,
    );
    await expect(adminSql((c) => c.query("update public.teams set org_id = $2 where id = $1", [TEAM.east, ORG.globex]))).rejects.toThrow(
      /a teams row never moves to another organisation/,
    );
  });

  it("an admin cannot put a user in another organisation's team, nor make an outsider a team's manager", async () => {
    await expect(asUser(USER.admin, (c) => c.query("update public.profiles set team_id = $2 where id = $1", [USER.rep, TEAM.globex]))).rejects.toThrow(
      /violates foreign key constraint/,
    );
    await expect(asUser(USER.admin, (c) => c.query("update public.teams set manager_id = $2 where id = $1", [TEAM.east, USER.globexRep]))).rejects.toThrow(
      /violates foreign key constraint/,
    );
    await expect(
      asUser(USER.admin, (c) => c.query("insert into public.teams (name, manager_id) values ('Raid', $1)", [USER.globexRep])),
    ).rejects.toThrow(/violates foreign key constraint/);
  });

  it("a team an admin creates lands in their organisation without naming it", async () => {
    await asUser(USER.admin, async (c) => {
      const { rows } = await c.query("insert into public.teams (name) values ('North') returning org_id");
      expect(rows).toEqual([{ org_id: ORG.acme }]);
    });
  });
});

describe("active follows the ban in auth", () => {
  it("an admin deactivates a colleague only once auth bans them, and reactivates only once the ban is lifted", async () => {
    const id = await createAuthUser({ org_id: ORG.acme, role: "rep" }, { full_name: "Lee Leaver" });
    const setActive = (active: boolean) =>
      asUser(USER.admin, (c) => c.query("update public.profiles set active = $2 where id = $1 returning active", [id, active]));
    const ban = (until: string | null) => adminSql((c) => c.query("update auth.users set banned_until = $2 where id = $1", [id, until]));

    await expect(setActive(false)).rejects.toThrow(/through the admin-users function/);
    await ban("2999-01-01");
    expect((await setActive(false)).rows).toEqual([{ active: false }]);

    await adminSql((c) => c.query("update public.profiles set active = false where id = $1", [id]));
    await expect(setActive(true)).rejects.toThrow(/through the admin-users function/);
    await ban(null);
    expect((await setActive(true)).rows).toEqual([{ active: true }]);
  });
});

describe("the audit log cannot be rewritten", () => {
  it("not through the service role either: it may only append", async () => {
    await expect(asUser(USER.admin, (c) => c.query("update public.audit_log set after = null"), "service_role")).rejects.toThrow(refused);
    await expect(asUser(USER.admin, (c) => c.query("delete from public.audit_log"), "service_role")).rejects.toThrow(refused);
  });

  it("anonymous callers read neither teams nor the audit log", async () => {
    await expect(asUser(USER.rep, (c) => c.query("select * from public.teams"), "anon")).rejects.toThrow(refused);
    await expect(asUser(USER.rep, (c) => c.query("select * from public.audit_log"), "anon")).rejects.toThrow(refused);
  });
});
