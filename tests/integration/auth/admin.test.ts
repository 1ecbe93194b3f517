/** `supabase.auth.admin.*` against the running stack (reference/supabase-auth.md, admin rows). */
import { createClient } from "@supabase/supabase-js";
import { describe, expect, inject, it } from "vitest";
import ws from "ws";
import { anonClient, serviceClient, uniqueEmail } from "../../support/clients.ts";
import { adminSql } from "../../support/sql.ts";
import { signJwt } from "../../../local/jwt.ts";
import {
  admin,
  authFetch,
  countUsersWithEmail,
  expectAuthError,
  expectErrorResponse,
  getUserRaw,
  PASSWORD,
  refreshRaw,
  signInAgain,
  signUpUser,
  userRow,
  withTriggerLog,
} from "./support.ts";

const serviceKey = () => inject("stack").serviceRoleKey;
const asAdmin = (path: string, init: RequestInit = {}) =>
  authFetch(path, { ...init, apikey: serviceKey(), headers: { authorization: `Bearer ${serviceKey()}`, ...init.headers } });

describe("auth.admin.createUser", () => {
  it("creates a user with metadata; email_confirm lets them sign in at once", async () => {
    const email = uniqueEmail("Admin.Made");
    const { data, error } = await admin().createUser({
      email,
      password: PASSWORD,
      email_confirm: true,
      user_metadata: { full_name: "Made By Admin" },
      app_metadata: { tier: "gold" },
    });
    expect(error).toBeNull();
    expect(data.user).toMatchObject({
      email: email.toLowerCase(),
      aud: "authenticated",
      role: "authenticated",
      phone: "",
      app_metadata: { provider: "email", providers: ["email"], tier: "gold" },
      user_metadata: { full_name: "Made By Admin" },
      identities: [expect.objectContaining({ provider: "email", user_id: data.user!.id })],
      is_anonymous: false,
    });
    expect(data.user!.email_confirmed_at).toEqual(expect.any(String));
    expect(data.user!.last_sign_in_at).toBeUndefined();

    const signIn = await anonClient().auth.signInWithPassword({ email, password: PASSWORD });
    expect(signIn.error).toBeNull();
    expect(signIn.data.user?.app_metadata).toMatchObject({ tier: "gold" });
  });

  it("without email_confirm the user exists but cannot sign in yet: 400 email_not_confirmed", async () => {
    const email = uniqueEmail("unconfirmed");
    const { data } = await admin().createUser({ email, password: PASSWORD });
    expect(data.user!.email_confirmed_at).toBeUndefined();
    const { error } = await anonClient().auth.signInWithPassword({ email, password: PASSWORD });
    expectAuthError(error, 400, "email_not_confirmed", "Email not confirmed");

    await admin().updateUserById(data.user!.id, { email_confirm: true });
    expect((await anonClient().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();
  });

  it("takes a chosen id and an existing bcrypt hash (any $2 variant), as when importing users", async () => {
    const id = crypto.randomUUID();
    const email = uniqueEmail("imported");
    const hash = await adminSql(async (sql) => {
      const { rows } = await sql.query<{ h: string }>("select extensions.crypt($1, extensions.gen_salt('bf', 4)) as h", ["imported-password"]);
      return rows[0]!.h.replace(/^\$2a\$/, "$2b$");
    });
    const { data, error } = await admin().createUser({ id, email, password_hash: hash, email_confirm: true });
    expect(error).toBeNull();
    expect(data.user!.id).toBe(id);
    expect((await anonClient().auth.signInWithPassword({ email, password: "imported-password" })).error).toBeNull();
    expectAuthError((await admin().createUser({ id, email: uniqueEmail("sameid"), password: PASSWORD })).error, 422, "user_already_exists");
    expectAuthError(
      (await admin().createUser({ email: uniqueEmail("badhash"), password_hash: "plain-text" })).error,
      400,
      "validation_failed",
      "password_hash must be a bcrypt hash",
    );
  });

  it("two admins racing to create one email: one user, the other gets 422 email_exists", async () => {
    const email = uniqueEmail("adminrace");
    const results = await Promise.all([1, 2, 3].map(() => admin().createUser({ email, password: PASSWORD })));
    const failures = results.filter((r) => r.error);
    expect(results.length - failures.length).toBe(1);
    for (const failure of failures) expectAuthError(failure.error, 422, "email_exists");
    expect(await countUsersWithEmail(email)).toBe(1);
  });

  it("refuses an email already registered: 422 email_exists", async () => {
    const { email } = await signUpUser();
    const { error } = await admin().createUser({ email: email.toUpperCase(), password: PASSWORD, email_confirm: true });
    expectAuthError(error, 422, "email_exists", "A user with this email address has already been registered");
    expect(await countUsersWithEmail(email)).toBe(1);
  });

  it("refuses a missing or invalid email and an invalid ban duration: 400 validation_failed", async () => {
    expectAuthError((await admin().createUser({ password: PASSWORD })).error, 400, "validation_failed", "Cannot create a user without either an email or phone");
    expectAuthError(
      (await admin().createUser({ email: "nope", password: PASSWORD })).error,
      400,
      "validation_failed",
      "Unable to validate email address: invalid format",
    );
    const email = uniqueEmail("badban");
    expectAuthError(
      (await admin().createUser({ email, password: PASSWORD, ban_duration: "1 year" })).error,
      400,
      "validation_failed",
      /^invalid format for ban duration: time: /,
    );
    expect(await countUsersWithEmail(email)).toBe(0);
  });

  it("runs the same statements as Supabase Auth: triggers see user_metadata on INSERT, custom app_metadata only on the UPDATE after", async () => {
    const email = uniqueEmail("admintrigger");
    const events = await withTriggerLog(async () => {
      const { error } = await admin().createUser({
        email,
        password: PASSWORD,
        email_confirm: true,
        user_metadata: { full_name: "Trig" },
        app_metadata: { org_hint: "x" },
      });
      expect(error).toBeNull();
    }, email);
    expect(events[0]).toEqual({
      op: "INSERT",
      user_metadata: { full_name: "Trig" },
      app_metadata: { provider: "email", providers: ["email"] },
      confirmed: false,
    });
    expect(events).toContainEqual(expect.objectContaining({ op: "UPDATE", app_metadata: { provider: "email", providers: ["email"], org_hint: "x" } }));
  });
});

describe("auth.admin.listUsers", () => {
  it("pages with X-Total-Count and Link (next, last) headers that supabase-js reads", async () => {
    const { data, error } = await admin().listUsers({ page: 1, perPage: 1 });
    expect(error).toBeNull();
    expect(data.users).toHaveLength(1);
    const page = data as unknown as { total: number; nextPage: number | null; lastPage: number; aud: string };
    expect(page.aud).toBe("authenticated");
    expect(page.total).toBeGreaterThanOrEqual(6); // the seeded demo users at least
    expect(page.nextPage).toBe(2);
    expect(page.lastPage).toEqual(expect.any(Number)); // auth-js reads only its first digit

    const defaults = await admin().listUsers();
    expect(defaults.error).toBeNull();
    expect(defaults.data.users.length).toBeGreaterThanOrEqual(6);
    expect(defaults.data.users.length).toBeLessThanOrEqual(50);
  });

  it("writes the headers exactly, newest users first", async () => {
    const tag = `lst${process.pid}x${Date.now()}`;
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const { data } = await admin().createUser({ email: `${tag}-${n}@example.test`, password: PASSWORD, email_confirm: true });
      ids.push(data.user!.id);
    }
    const first = await asAdmin(`/admin/users?filter=${tag}&page=1&per_page=2`);
    expect(first.status).toBe(200);
    expect(first.headers.get("x-total-count")).toBe("3");
    expect(first.headers.get("link")).toBe(
      `</admin/users?filter=${tag}&page=2&per_page=2>; rel="next", </admin/users?filter=${tag}&page=2&per_page=2>; rel="last"`,
    );
    const body = (await first.json()) as { users: { id: string }[]; aud: string };
    expect(body.aud).toBe("authenticated");
    expect(body.users.map((u) => u.id)).toEqual([ids[2], ids[1]]);

    const last = await asAdmin(`/admin/users?filter=${tag}&page=2&per_page=2`);
    expect(last.headers.get("link")).toBe(`</admin/users?filter=${tag}&page=2&per_page=2>; rel="last"`);
    expect(((await last.json()) as { users: { id: string }[] }).users.map((u) => u.id)).toEqual([ids[0]]);

    const empty = await asAdmin(`/admin/users?page=&per_page=&filter=${tag}`);
    expect(((await empty.json()) as { users: unknown[] }).users).toHaveLength(3);
  });

  it("refuses bad pagination parameters: 400 validation_failed", async () => {
    await expectErrorResponse(await asAdmin("/admin/users?page=abc"), 400, "validation_failed", /^Bad Pagination Parameters/);
    await expectErrorResponse(await asAdmin("/admin/users?per_page=0"), 400, "validation_failed", /^Bad Pagination Parameters/);
  });
});

describe("auth.admin.getUserById", () => {
  it("returns the user, 404 user_not_found for an unknown id, 404 validation_failed for a non-UUID", async () => {
    const { userId, email } = await signUpUser();
    const { data, error } = await admin().getUserById(userId);
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ id: userId, email });

    const unknown = await admin().getUserById("00000000-0000-4000-8000-000000000abc");
    expectAuthError(unknown.error, 404, "user_not_found", "User not found");
    await expectErrorResponse(await asAdmin("/admin/users/not-a-uuid"), 404, "validation_failed", "user_id must be an UUID");
  });
});

describe("auth.admin.updateUserById", () => {
  it("merges user_metadata and app_metadata and changes the email", async () => {
    const { userId } = await signUpUser({ full_name: "Old", keep: 1 });
    const email = uniqueEmail("renamed");
    const { data, error } = await admin().updateUserById(userId, {
      email,
      user_metadata: { full_name: "New", keep: null },
      app_metadata: { role: "manager" },
    });
    expect(error).toBeNull();
    expect(data.user).toMatchObject({
      email,
      user_metadata: { full_name: "New", email_verified: true },
      app_metadata: { provider: "email", providers: ["email"], role: "manager" },
    });
    expect(data.user!.user_metadata).not.toHaveProperty("keep");
    expect((await anonClient().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();
  });

  it("sets a new password and ends the user's sessions", async () => {
    const { userId, email, session } = await signUpUser();
    const { error } = await admin().updateUserById(userId, { password: "set-by-the-admin" });
    expect(error).toBeNull();
    await expectErrorResponse(await getUserRaw(session.access_token), 403, "session_not_found");
    expect((await signInAgain(email, "set-by-the-admin")).session).toBeTruthy();
    expectAuthError((await anonClient().auth.signInWithPassword({ email, password: PASSWORD })).error, 400, "invalid_credentials");
  });

  it("refuses an email taken by another user: 422 email_exists", async () => {
    const { userId } = await signUpUser();
    const other = await signUpUser();
    const { error } = await admin().updateUserById(userId, { email: other.email });
    expectAuthError(error, 422, "email_exists");
  });

  it("refuses an unknown ban duration format: 400 validation_failed, and changes nothing", async () => {
    const { userId } = await signUpUser();
    const { error } = await admin().updateUserById(userId, { ban_duration: "7d", user_metadata: { x: 1 } });
    expectAuthError(error, 400, "validation_failed", 'invalid format for ban duration: time: unknown unit "d" in duration "7d"');
    const row = await userRow(userId);
    expect(row!.banned_until).toBeNull();
    expect(row!.raw_user_meta_data).not.toHaveProperty("x");
  });
});

describe("auth.admin.deleteUser", () => {
  it("hard-deletes the user with identities, sessions and refresh tokens: 200 {}", async () => {
    const { userId, session } = await signUpUser();
    const res = await asAdmin(`/admin/users/${userId}`, { method: "DELETE", body: JSON.stringify({ should_soft_delete: false }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(await userRow(userId)).toBeUndefined();
    const leftovers = await adminSql(async (sql) =>
      (
        await sql.query(
          `select (select count(*) from auth.identities where user_id = $1) + (select count(*) from auth.sessions where user_id = $1) as n`,
          [userId],
        )
      ).rows[0].n,
    );
    expect(Number(leftovers)).toBe(0);
    expectAuthError((await admin().getUserById(userId)).error, 404, "user_not_found");
    await expectErrorResponse(await refreshRaw(session.refresh_token), 400, "refresh_token_not_found");
  });

  it("soft delete keeps the row, marks it deleted and ends sign-in and sessions", async () => {
    const { userId, email, session } = await signUpUser();
    const { error } = await admin().deleteUser(userId, true);
    expect(error).toBeNull();
    const row = await userRow(userId);
    expect(row).toMatchObject({ email: null, deleted_at: expect.any(Date) });
    expectAuthError((await anonClient().auth.signInWithPassword({ email, password: PASSWORD })).error, 400, "invalid_credentials");
    await expectErrorResponse(await getUserRaw(session.access_token), 403, "session_not_found");
  });

  it("through supabase-js: returns no error, and deleting again is 404 user_not_found", async () => {
    const { userId } = await signUpUser();
    const { data, error } = await admin().deleteUser(userId);
    expect(error).toBeNull();
    expect(data.user).toEqual({});
    expectAuthError((await admin().deleteUser(userId)).error, 404, "user_not_found", "User not found");
  });
});

describe("who may call /admin", () => {
  it("refuses the anon key and a user's JWT: 403 not_admin", async () => {
    const viaAnon = await anonClient().auth.admin.listUsers();
    expectAuthError(viaAnon.error, 403, "not_admin", "User not allowed");

    const { session } = await signUpUser();
    const asUser = createClient(inject("stack").apiUrl, inject("stack").anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: ws as never },
      global: { headers: { Authorization: `Bearer ${session.access_token}` } },
    });
    const viaUser = await asUser.auth.admin.createUser({ email: uniqueEmail("sneaky"), password: PASSWORD });
    expectAuthError(viaUser.error, 403, "not_admin", "User not allowed");
  });

  it("refuses requests without a Bearer token (401 no_authorization) and with a bad JWT (403 bad_jwt)", async () => {
    const noBearer = await authFetch("/admin/users", { apikey: serviceKey(), headers: { authorization: "Basic abc" } });
    await expectErrorResponse(noBearer, 401, "no_authorization", "This endpoint requires a valid Bearer token");

    const forged = signJwt({ role: "service_role", iss: "supabase-demo" }, "not-the-secret-not-the-secret-not-the-secret");
    const bad = await authFetch("/admin/users", { apikey: serviceKey(), headers: { authorization: `Bearer ${forged}` } });
    await expectErrorResponse(bad, 403, "bad_jwt", /^invalid JWT: unable to parse or verify signature, /);

    const ok = await serviceClient().auth.admin.listUsers({ perPage: 1 });
    expect(ok.error).toBeNull();
  });
});
