import { describe, expect, it } from "vitest";
import { ORG, TEAM, USER } from "../../tests/support/demo.ts";
import { asUser } from "../../tests/support/sql.ts";

const latest = "select table_name, record_id, action, actor_id, org_id, before, after from public.audit_log where record_id = $1 order by id";

describe("the audit trigger", () => {
  it("records who changed a profile, with the row before and after", async () => {
    await asUser(USER.admin, async (c) => {
      await c.query("update public.profiles set title = 'Senior Account Executive' where id = $1", [USER.rep]);
      const { rows } = await c.query(`${latest} desc limit 1`, [USER.rep]);
      expect(rows[0]).toMatchObject({ table_name: "profiles", action: "update", actor_id: USER.admin, org_id: ORG.acme });
      expect(rows[0].before).toMatchObject({ id: USER.rep, title: "Account Executive" });
      expect(rows[0].after).toMatchObject({ id: USER.rep, title: "Senior Account Executive" });
    });
  });

  it("records a team's creation and deletion", async () => {
    await asUser(USER.admin, async (c) => {
      const { rows: created } = await c.query("insert into public.teams (name, manager_id) values ('North', $1) returning id", [USER.manager]);
      await c.query("delete from public.teams where id = $1", [created[0].id]);
      const { rows } = await c.query(latest, [created[0].id]);
      expect(rows.map((r) => [r.action, r.before?.name ?? null, r.after?.name ?? null, r.actor_id])).toEqual([
        ["insert", null, "North", USER.admin],
        ["delete", "North", null, USER.admin],
      ]);
    });
  });

  it("files an organisation's settings under that organisation", async () => {
    await asUser(USER.admin, async (c) => {
      await c.query("update public.organizations set fiscal_year_start_month = 10 where id = $1", [ORG.acme]);
      const { rows } = await c.query(`${latest} desc limit 1`, [ORG.acme]);
      expect(rows[0]).toMatchObject({ table_name: "organizations", action: "update", org_id: ORG.acme, actor_id: USER.admin });
      expect([rows[0].before.fiscal_year_start_month, rows[0].after.fiscal_year_start_month]).toEqual([1, 10]);
    });
  });

  it("writes nothing for an update that changes nothing", async () => {
    await asUser(USER.admin, async (c) => {
      const count = async () => (await c.query("select count(*)::int as n from public.audit_log where record_id = $1", [TEAM.west])).rows[0].n;
      const before = await count();
      await c.query("update public.teams set name = name where id = $1", [TEAM.west]);
      expect(await count()).toBe(before);
    });
  });
});
