import { describe, expect, it } from "vitest";
import { adminSql, asUser, createAuthUser } from "../../tests/support/sql.ts";

const ACME = "00000000-0000-4000-a000-000000000001";
const GLOBEX = "00000000-0000-4000-a000-000000000002";
const ACME_REP = "00000000-0000-4000-b000-000000000004";
const ACME_ADMIN = "00000000-0000-4000-b000-000000000001";
const GLOBEX_REP = "00000000-0000-4000-b000-000000000006";

describe("profiles are created with every auth user", () => {
  it("a user an admin provisioned joins that organisation with the given role", async () => {
    const id = await createAuthUser({ org_id: ACME, role: "manager" }, { full_name: "Mia Manager" });
    const { rows } = await adminSql((c) => c.query("select org_id, role, full_name, active from public.profiles where id = $1", [id]));
    expect(rows).toEqual([{ org_id: ACME, role: "manager", full_name: "Mia Manager", active: true }]);
  });

  it("someone who signs up on their own starts a new organisation and administers it", async () => {
    const id = await createAuthUser({}, { full_name: "Sam Solo", organization_name: "Solo Ltd" });
    const { rows } = await adminSql((c) =>
      c.query("select p.role, o.name from public.profiles p join public.organizations o on o.id = p.org_id where p.id = $1", [id]),
    );
    expect(rows).toEqual([{ role: "admin", name: "Solo Ltd" }]);
  });

  it("user_metadata cannot choose an organisation or a role", async () => {
    const id = await createAuthUser({}, { full_name: "Eve", org_id: ACME, role: "admin" });
    const { rows } = await adminSql((c) => c.query("select org_id from public.profiles where id = $1", [id]));
    expect(rows[0].org_id).not.toBe(ACME);
  });
});

describe("row level security on organizations and profiles", () => {
  it("members see their own organisation and its people, nothing of another organisation", async () => {
    await asUser(ACME_REP, async (c) => {
      const orgs = await c.query("select id from public.organizations");
      expect(orgs.rows.map((r) => r.id)).toEqual([ACME]);
      const people = await c.query("select distinct org_id from public.profiles");
      expect(people.rows.map((r) => r.org_id)).toEqual([ACME]);
      const globex = await c.query("select * from public.profiles where id = $1", [GLOBEX_REP]);
      expect(globex.rowCount).toBe(0);
    });
    await asUser(GLOBEX_REP, async (c) => {
      const orgs = await c.query("select id from public.organizations");
      expect(orgs.rows.map((r) => r.id)).toEqual([GLOBEX]);
    });
  });

  it("users change their own name but not their role, organisation or anyone else's profile", async () => {
    await asUser(ACME_REP, async (c) => {
      const own = await c.query("update public.profiles set full_name = 'Rita R.' where id = $1 returning full_name", [ACME_REP]);
      expect(own.rows).toEqual([{ full_name: "Rita R." }]);
      const other = await c.query("update public.profiles set full_name = 'Hacked' where id = $1", [ACME_ADMIN]);
      expect(other.rowCount).toBe(0);
      const foreign = await c.query("update public.profiles set full_name = 'Hacked' where id = $1", [GLOBEX_REP]);
      expect(foreign.rowCount).toBe(0);
    });
    await expect(asUser(ACME_REP, (c) => c.query("update public.profiles set role = 'admin' where id = $1", [ACME_REP]))).rejects.toThrow(
      /permission denied/,
    );
    await expect(asUser(ACME_REP, (c) => c.query("update public.profiles set org_id = $2 where id = $1", [ACME_REP, GLOBEX]))).rejects.toThrow(
      /permission denied/,
    );
  });

  it("nobody creates or deletes profiles and organisations through the API roles", async () => {
    await expect(asUser(ACME_ADMIN, (c) => c.query("insert into public.organizations (name) values ('Mine')"))).rejects.toThrow(/permission denied/);
    await expect(asUser(ACME_ADMIN, (c) => c.query("delete from public.profiles where id = $1", [ACME_REP]))).rejects.toThrow(/permission denied/);
  });

  it("anonymous callers read nothing", async () => {
    await expect(asUser(ACME_REP, (c) => c.query("select * from public.profiles"), "anon")).rejects.toThrow(/permission denied/);
    await expect(asUser(ACME_REP, (c) => c.query("select * from public.organizations"), "anon")).rejects.toThrow(/permission denied/);
  });

  it("a deactivated user sees nothing", async () => {
    const id = await createAuthUser({ org_id: ACME, role: "rep" }, { full_name: "Leaver" });
    await adminSql((c) => c.query("update public.profiles set active = false where id = $1", [id]));
    await asUser(id, async (c) => {
      expect((await c.query("select * from public.profiles")).rowCount).toBe(0);
      expect((await c.query("select * from public.organizations")).rowCount).toBe(0);
    });
  });
});
