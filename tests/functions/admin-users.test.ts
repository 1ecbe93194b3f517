import { beforeAll, describe, expect, inject, it } from "vitest";
import { anonClient, serviceClient, signedInClient, uniqueEmail, type Client } from "../support/clients.ts";
import { ORG, TEAM, USER } from "../support/demo.ts";
import { adminSql } from "../support/sql.ts";

const TEMPORARY_PASSWORD = "Temporary-123";

/** Calls admin-users as the signed-in client (or with the anon key) and returns status and JSON body. */
async function call(client: Client | null, body: unknown, method = "POST") {
  const { apiUrl, anonKey } = inject("stack");
  const token = client ? (await client.auth.getSession()).data.session!.access_token : anonKey;
  const res = await fetch(`${apiUrl}/functions/v1/admin-users`, {
    method,
    headers: { authorization: `Bearer ${token}`, apikey: anonKey, "content-type": "application/json" },
    body: method === "POST" ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

const profile = async (id: string) => (await adminSql((c) => c.query("select * from public.profiles where id = $1", [id]))).rows[0];
const profileByEmail = async (email: string) => (await adminSql((c) => c.query("select * from public.profiles where email = $1", [email]))).rows[0];
const auditOf = async (id: string) =>
  (await adminSql((c) => c.query("select table_name, action, actor_id from public.audit_log where record_id = $1 order by id", [id]))).rows;

let admin: Client;
beforeAll(async () => {
  admin = await signedInClient("admin@acme.test");
});

async function createUser(fields: Record<string, unknown> = {}) {
  const email = uniqueEmail("made-by-admin");
  const res = await call(admin, { action: "create", email, password: TEMPORARY_PASSWORD, full_name: "Nina New", role: "rep", ...fields });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.user.id as string, email, user: res.body.user };
}

describe("admin-users: create", () => {
  it("places the user in the admin's organisation; they sign in with the temporary password and must change it", async () => {
    const { id, email, user } = await createUser({ team_id: TEAM.east, title: "Sales Development" });
    expect(user).toMatchObject({
      email,
      org_id: ORG.acme,
      full_name: "Nina New",
      role: "rep",
      team_id: TEAM.east,
      title: "Sales Development",
      is_lead_csm: false,
      active: true,
      must_change_password: true,
    });

    const newcomer = await signedInClient(email, TEMPORARY_PASSWORD);
    const own = await newcomer.from("profiles").select("must_change_password").eq("id", id).single();
    expect(own.data).toEqual({ must_change_password: true });
    expect((await newcomer.auth.updateUser({ password: "my-own-password" })).error).toBeNull();
    const after = await newcomer.from("profiles").select("must_change_password").eq("id", id).single();
    expect(after.data).toEqual({ must_change_password: false });

    expect(await auditOf(id)).toEqual(
      expect.arrayContaining([
        { table_name: "profiles", action: "insert", actor_id: null },
        { table_name: "profiles", action: "update", actor_id: USER.admin },
        { table_name: "auth.users", action: "create_user", actor_id: USER.admin },
      ]),
    );
  });

  it("answers 409 for an email that is already registered", async () => {
    const res = await call(admin, { action: "create", email: "rep@acme.test", password: TEMPORARY_PASSWORD, full_name: "Twin", role: "rep" });
    expect(res).toEqual({ status: 409, body: { error: "A user with this email already exists", fields: { email: "Already registered" } } });
  });

  it("answers 400 with a message per field for bad input, and creates nobody", async () => {
    const email = uniqueEmail("never");
    const bad = await call(admin, { action: "create", email: "not-an-email", password: "short", full_name: " ", role: "boss", nickname: "x" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(["", "email", "full_name", "password", "role"].map((f) => f || "body").sort());

    const foreignTeam = await call(admin, { action: "create", email, password: TEMPORARY_PASSWORD, full_name: "Nope", role: "rep", team_id: TEAM.globex });
    expect(foreignTeam).toEqual({ status: 400, body: { error: "Invalid input", fields: { team_id: "No such team in your organisation" } } });
    expect(await profileByEmail(email)).toBeUndefined();

    expect((await call(admin, { action: "promote", user_id: USER.rep })).body.fields).toHaveProperty("action");
    expect((await call(admin, { action: "update", user_id: USER.rep })).body).toEqual({ error: "Invalid input", fields: { body: "Nothing to change" } });
    expect((await call(admin, "not json")).status).toBe(400);
  });
});

describe("admin-users: who may call it", () => {
  it.each(["rep@acme.test", "manager@acme.test", "exec@acme.test", "cs@acme.test"])("%s gets 403 and changes nothing", async (login) => {
    const client = await signedInClient(login);
    const res = await call(client, { action: "update", user_id: USER.rep2, title: "Hacked" });
    expect(res).toEqual({ status: 403, body: { error: "Only an admin of the organisation can manage its users" } });
    expect((await profile(USER.rep2)).title).toBe("Account Executive");
  });

  it("an admin of another organisation can neither see nor touch our users", async () => {
    const email = uniqueEmail("rival-admin");
    const rival = anonClient();
    const signUp = await rival.auth.signUp({ email, password: "rival-password", options: { data: { organization_name: "Rival Inc" } } });
    expect(signUp.error).toBeNull();

    for (const body of [
      { action: "update", user_id: USER.rep2, title: "Poached" },
      { action: "deactivate", user_id: USER.rep2 },
    ]) {
      expect(await call(rival, body)).toEqual({ status: 404, body: { error: "No such user in your organisation" } });
    }
    const intoOurTeam = await call(rival, { action: "create", email: uniqueEmail("mole"), password: TEMPORARY_PASSWORD, full_name: "Mole", role: "rep", team_id: TEAM.east });
    expect(intoOurTeam.status).toBe(400);

    expect(await profile(USER.rep2)).toMatchObject({ title: "Account Executive", active: true });
    const banned = await adminSql((c) => c.query("select banned_until from auth.users where id = $1", [USER.rep2]));
    expect(banned.rows[0].banned_until).toBeNull();
  });

  it("refuses callers who are not signed in, and methods other than POST", async () => {
    expect(await call(null, { action: "deactivate", user_id: USER.rep })).toEqual({ status: 401, body: { error: "Sign in to call this function" } });
    expect((await call(admin, null, "GET")).status).toBe(405);
  });
});

describe("admin-users: update", () => {
  it("changes role, team and title, and keeps the role in the user's token in step", async () => {
    const { id } = await createUser({ team_id: TEAM.east });
    const res = await call(admin, { action: "update", user_id: id, role: "manager", team_id: TEAM.west, title: "Team Lead", full_name: "Nina Lead" });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id, role: "manager", team_id: TEAM.west, title: "Team Lead", full_name: "Nina Lead" });

    const { data } = await serviceClient().auth.admin.getUserById(id);
    expect(data.user?.app_metadata).toMatchObject({ org_id: ORG.acme, role: "manager" });
    expect(await auditOf(id)).toContainEqual({ table_name: "auth.users", action: "update_user", actor_id: USER.admin });
  });

  it("an admin cannot change their own role", async () => {
    const res = await call(admin, { action: "update", user_id: USER.admin, role: "rep" });
    expect(res).toEqual({ status: 400, body: { error: "Invalid input", fields: { role: "You cannot change your own role" } } });
    expect((await profile(USER.admin)).role).toBe("admin");
  });
});

describe("admin-users: deactivate and reactivate", () => {
  it("a deactivated user can neither sign in nor refresh, and their token reads nothing; reactivated, they sign in again", async () => {
    const { id, email } = await createUser();
    const leaver = await signedInClient(email, TEMPORARY_PASSWORD);

    const off = await call(admin, { action: "deactivate", user_id: id });
    expect(off.status).toBe(200);
    expect(off.body.user).toMatchObject({ id, active: false });

    const signIn = await anonClient().auth.signInWithPassword({ email, password: TEMPORARY_PASSWORD });
    expect(signIn.error?.code).toBe("user_banned");
    const refresh = await leaver.auth.refreshSession();
    expect(refresh.error?.code).toBe("user_banned");
    expect((await leaver.from("profiles").select("id")).data).toEqual([]);
    expect(await auditOf(id)).toEqual(
      expect.arrayContaining([
        { table_name: "auth.users", action: "ban_user", actor_id: USER.admin },
        { table_name: "profiles", action: "update", actor_id: USER.admin },
      ]),
    );

    const on = await call(admin, { action: "reactivate", user_id: id });
    expect(on.body.user).toMatchObject({ id, active: true });
    expect((await anonClient().auth.signInWithPassword({ email, password: TEMPORARY_PASSWORD })).error).toBeNull();
  });

  it("an admin cannot deactivate themselves", async () => {
    const res = await call(admin, { action: "deactivate", user_id: USER.admin });
    expect(res).toEqual({ status: 400, body: { error: "Invalid input", fields: { user_id: "You cannot deactivate or reactivate yourself" } } });
    expect((await profile(USER.admin)).active).toBe(true);
  });
});
