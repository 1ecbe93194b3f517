import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ORG } from "../../tests/support/demo.ts";
import { adminSql, createAuthUser } from "../../tests/support/sql.ts";

const profileOf = (id: string) =>
  adminSql(async (c) => (await c.query("select org_id, role, email, must_change_password from public.profiles where id = $1", [id])).rows[0]);

describe("profiles of users an admin creates", () => {
  it("are placed by app_metadata written after the insert, in the same transaction, as Supabase Auth's createUser does", async () => {
    const id = randomUUID();
    await adminSql(async (c) => {
      await c.query("begin");
      await c.query("insert into auth.users (id, aud, role, email, raw_app_meta_data) values ($1, 'authenticated', 'authenticated', $2, $3)", [
        id,
        `${id}@example.test`,
        { provider: "email" },
      ]);
      await c.query("update auth.users set raw_app_meta_data = raw_app_meta_data || $2 where id = $1", [id, { org_id: ORG.acme, role: "manager" }]);
      await c.query("commit");
    });
    expect(await profileOf(id)).toEqual({ org_id: ORG.acme, role: "manager", email: `${id}@example.test`, must_change_password: true });
    const orphans = await adminSql((c) => c.query("select 1 from public.organizations where name like $1", [`${id}%`]));
    expect(orphans.rowCount).toBe(0);
  });

  it("must change the password until it changes in auth; someone who signs up chose theirs", async () => {
    const placed = await createAuthUser({ org_id: ORG.acme, role: "rep" });
    await adminSql((c) => c.query("update auth.users set last_sign_in_at = now() where id = $1", [placed]));
    expect((await profileOf(placed)).must_change_password).toBe(true);
    await adminSql((c) => c.query("update auth.users set encrypted_password = 'new-hash' where id = $1", [placed]));
    expect((await profileOf(placed)).must_change_password).toBe(false);

    const founder = await createAuthUser({}, { organization_name: "Founders Ltd" });
    expect((await profileOf(founder)).must_change_password).toBe(false);
  });

  it("mirror the email of the auth user", async () => {
    const id = await createAuthUser({ org_id: ORG.acme, role: "rep" });
    await adminSql((c) => c.query("update auth.users set email = $2 where id = $1", [id, `renamed-${id}@example.test`]));
    expect((await profileOf(id)).email).toBe(`renamed-${id}@example.test`);
  });
});
