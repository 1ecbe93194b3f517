/**
 * The auth contract (reference/supabase-auth.md) as a user meets it through supabase-js: sign-up,
 * sign-in, refresh with rotation, reading and updating the user, signing out. Admin routes, bad
 * input and service options are in tests/integration/auth/.
 */
import { describe, expect, inject, it } from "vitest";
import { anonClient, uniqueEmail } from "../support/clients.ts";
import {
  admin,
  ageRefreshToken,
  countUsersWithEmail,
  decodeJwt,
  expectAuthError,
  expectErrorResponse,
  getUserRaw,
  PASSWORD,
  refreshRaw,
  signInAgain,
  signUpUser,
  userRow,
  withTriggerLog,
} from "./auth/support.ts";

describe("auth.signUp", () => {
  it("creates a confirmed user and signs them in at once (autoconfirm), with Supabase's session and user shapes", async () => {
    const client = anonClient();
    const email = uniqueEmail("Sign.Up");
    const { data, error } = await client.auth.signUp({ email, password: PASSWORD, options: { data: { full_name: "Ada Lovelace" } } });
    expect(error).toBeNull();
    const { session, user } = data;
    expect(session).toMatchObject({ token_type: "bearer", expires_in: 3600 });
    expect(session!.refresh_token).toEqual(expect.any(String));
    expect(session!.expires_at).toBeGreaterThan(Date.now() / 1000 + 3500);

    expect(user).toMatchObject({
      aud: "authenticated",
      role: "authenticated",
      email: email.toLowerCase(),
      phone: "",
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: { full_name: "Ada Lovelace" },
      is_anonymous: false,
    });
    for (const field of ["email_confirmed_at", "confirmed_at", "last_sign_in_at", "created_at", "updated_at"] as const) {
      expect(Date.parse(user![field]!), field).not.toBeNaN();
    }
    expect(user!.identities).toEqual([
      {
        identity_id: expect.any(String),
        id: user!.id,
        user_id: user!.id,
        identity_data: expect.objectContaining({ sub: user!.id, email: email.toLowerCase(), email_verified: false }),
        provider: "email",
        last_sign_in_at: expect.any(String),
        created_at: expect.any(String),
        updated_at: expect.any(String),
        email: email.toLowerCase(),
      },
    ]);
    expect(JSON.stringify(data)).not.toMatch(/encrypted_password|\$2a\$/);

    const row = await userRow(user!.id);
    expect(row).toMatchObject({ email: email.toLowerCase(), raw_user_meta_data: expect.objectContaining({ full_name: "Ada Lovelace" }) });
    expect(row!.encrypted_password).toMatch(/^\$2a\$/);
  });

  it("signs access tokens with exactly Supabase's claims", async () => {
    const { session, userId, email } = await signUpUser({ plan: "pro" });
    const claims = decodeJwt(session.access_token);
    expect(claims).toEqual({
      iss: `${inject("stack").apiUrl}/auth/v1`,
      sub: userId,
      aud: "authenticated",
      exp: (claims.iat as number) + 3600,
      iat: expect.any(Number),
      email,
      phone: "",
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: expect.objectContaining({ plan: "pro" }),
      role: "authenticated",
      aal: "aal1",
      amr: [{ method: "password", timestamp: expect.any(Number) }],
      session_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      is_anonymous: false,
    });
    expect(session.expires_at).toBe(claims.exp);
  });

  it("refuses an email that is already registered: 422 user_already_exists", async () => {
    const { email } = await signUpUser();
    const { data, error } = await anonClient().auth.signUp({ email: email.toUpperCase(), password: PASSWORD });
    expectAuthError(error, 422, "user_already_exists", "User already registered");
    expect(data.user).toBeNull();
    expect(await countUsersWithEmail(email)).toBe(1);
  });

  it("two sign-ups racing for one email: one user, the other gets 422 user_already_exists", async () => {
    const email = uniqueEmail("race");
    const results = await Promise.all([1, 2, 3].map(() => anonClient().auth.signUp({ email, password: PASSWORD })));
    const failures = results.filter((r) => r.error);
    expect(results.length - failures.length).toBe(1);
    for (const failure of failures) expectAuthError(failure.error, 422, "user_already_exists");
    expect(await countUsersWithEmail(email)).toBe(1);
  });

  it("refuses a password under 6 characters: 422 weak_password with reasons", async () => {
    const email = uniqueEmail("weak");
    const { error } = await anonClient().auth.signUp({ email, password: "12345" });
    expectAuthError(error, 422, "weak_password", "Password should be at least 6 characters.");
    expect(error!.name).toBe("AuthWeakPasswordError");
    expect((error as unknown as { reasons: string[] }).reasons).toEqual(["length"]);
    expect(await countUsersWithEmail(email)).toBe(0);
  });

  it("refuses a password over 72 characters: 400 validation_failed", async () => {
    const email = uniqueEmail("long");
    const { error } = await anonClient().auth.signUp({ email, password: "x".repeat(73) });
    expectAuthError(error, 400, "validation_failed", "Password cannot be longer than 72 characters");
    expect(await countUsersWithEmail(email)).toBe(0);
  });

  it("refuses an invalid email and a missing password: 400 validation_failed", async () => {
    const invalid = await anonClient().auth.signUp({ email: "not-an-email", password: PASSWORD });
    expectAuthError(invalid.error, 400, "validation_failed", "Unable to validate email address: invalid format");

    const email = uniqueEmail("nopass");
    const missing = await anonClient().auth.signUp({ email, password: undefined as unknown as string });
    expectAuthError(missing.error, 400, "validation_failed", "Signup requires a valid password");
    expect(await countUsersWithEmail(email)).toBe(0);
  });

  it("writes users with plain SQL: an INSERT with user_metadata, then the confirmation as an UPDATE, as Supabase Auth does", async () => {
    const email = uniqueEmail("trigger");
    const events = await withTriggerLog(async () => {
      const { error } = await anonClient().auth.signUp({ email, password: PASSWORD, options: { data: { full_name: "Tri Gger" } } });
      expect(error).toBeNull();
    }, email);
    expect(events[0]).toEqual({
      op: "INSERT",
      user_metadata: { full_name: "Tri Gger" },
      app_metadata: { provider: "email", providers: ["email"] },
      confirmed: false,
    });
    expect(events.slice(1)).toContainEqual(expect.objectContaining({ op: "UPDATE", confirmed: true }));
  });
});

describe("auth.signInWithPassword", () => {
  it("signs in with email (any case) and password and records the sign-in", async () => {
    const { email, userId } = await signUpUser();
    const before = (await userRow(userId))!.last_sign_in_at as Date;
    const client = anonClient();
    const { data, error } = await client.auth.signInWithPassword({ email: email.toUpperCase(), password: PASSWORD });
    expect(error).toBeNull();
    expect(data.session).toMatchObject({ token_type: "bearer", expires_in: 3600, user: { id: userId } });
    expect(decodeJwt(data.session!.access_token).session_id).not.toBe(undefined);
    const after = (await userRow(userId))!.last_sign_in_at as Date;
    expect(after.getTime()).toBeGreaterThanOrEqual(before.getTime());
  });

  it("answers 400 invalid_credentials for a wrong password and for an unknown email alike", async () => {
    const { email } = await signUpUser();
    const wrong = await anonClient().auth.signInWithPassword({ email, password: "wrong-password" });
    expectAuthError(wrong.error, 400, "invalid_credentials", "Invalid login credentials");
    const unknown = await anonClient().auth.signInWithPassword({ email: uniqueEmail("nobody"), password: PASSWORD });
    expectAuthError(unknown.error, 400, "invalid_credentials", "Invalid login credentials");
    expect(wrong.data.session).toBeNull();
  });

  it("signs in the seeded demo users", async () => {
    const { data, error } = await anonClient().auth.signInWithPassword({ email: "rep@acme.test", password: "demo-password" });
    expect(error).toBeNull();
    expect(data.user?.app_metadata).toMatchObject({ provider: "email", role: "rep" });
  });
});

describe("refreshing a session", () => {
  it("rotates the refresh token and issues a new access token for the same session", async () => {
    const { client, session } = await signUpUser();
    const { data, error } = await client.auth.refreshSession();
    expect(error).toBeNull();
    const next = data.session!;
    expect(next.refresh_token).not.toBe(session.refresh_token);
    expect(decodeJwt(next.access_token).session_id).toBe(decodeJwt(session.access_token).session_id);
    expect(decodeJwt(next.access_token).amr).toEqual(decodeJwt(session.access_token).amr);
    const { data: me } = await client.auth.getUser();
    expect(me.user?.id).toBe(session.user.id);
  });

  it("keeps the previous token usable for 10 s (tabs refreshing together get the live token back)", async () => {
    const { session } = await signUpUser();
    const first = await refreshRaw(session.refresh_token);
    expect(first.status).toBe(200);
    const rotated = (await first.json()) as { refresh_token: string; access_token: string };

    const again = await refreshRaw(session.refresh_token);
    expect(again.status).toBe(200);
    const replay = (await again.json()) as { refresh_token: string; access_token: string };
    expect(replay.refresh_token).toBe(rotated.refresh_token);
    expect((await getUserRaw(replay.access_token)).status).toBe(200);
  });

  it("answers concurrent refreshes with one token alike", async () => {
    const { session } = await signUpUser();
    const answers = await Promise.all([1, 2, 3].map(() => refreshRaw(session.refresh_token)));
    const tokens = await Promise.all(answers.map(async (res) => ((await res.json()) as { refresh_token: string }).refresh_token));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(tokens).size).toBe(1);
  });

  it("after the 10 s window, reuse is refresh_token_already_used and ends the whole token family", async () => {
    const { client, session } = await signUpUser();
    const { data } = await client.auth.refreshSession();
    const live = data.session!.refresh_token;
    await ageRefreshToken(session.refresh_token, 11);

    const reused = await anonClient().auth.refreshSession({ refresh_token: session.refresh_token });
    expectAuthError(reused.error, 400, "refresh_token_already_used", "Invalid Refresh Token: Already Used");
    await expectErrorResponse(await refreshRaw(live), 400, "refresh_token_already_used");
  });

  it("within the window, a token whose child was already rotated again still gets a fresh token", async () => {
    const { session } = await signUpUser();
    const second = ((await (await refreshRaw(session.refresh_token)).json()) as { refresh_token: string }).refresh_token;
    const third = ((await (await refreshRaw(second)).json()) as { refresh_token: string }).refresh_token;
    const late = await refreshRaw(session.refresh_token);
    expect(late.status).toBe(200);
    const fourth = ((await late.json()) as { refresh_token: string }).refresh_token;
    expect(new Set([second, third, fourth]).size).toBe(3);
  });

  it("answers 400 refresh_token_not_found for a token that never existed", async () => {
    const { error } = await anonClient().auth.refreshSession({ refresh_token: "no-such-token" });
    expectAuthError(error, 400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
  });
});

describe("auth.getUser", () => {
  it("returns the user of the access token", async () => {
    const { client, userId, email } = await signUpUser({ full_name: "Grace" });
    const { data, error } = await client.auth.getUser();
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ id: userId, email, user_metadata: { full_name: "Grace" }, aud: "authenticated" });
  });
});

describe("auth.updateUser", () => {
  it("merges data into user_metadata (null removes a key)", async () => {
    const { client, userId } = await signUpUser({ full_name: "Alan", team: "blue", title: "Eng" });
    const { data, error } = await client.auth.updateUser({ data: { team: "red", title: null, locale: "en-GB" } });
    expect(error).toBeNull();
    expect(data.user!.user_metadata).toEqual({ full_name: "Alan", team: "red", locale: "en-GB", email_verified: true });
    expect((await userRow(userId))!.raw_user_meta_data).toEqual(data.user!.user_metadata);
    // The next token carries the new metadata.
    const { data: refreshed } = await client.auth.refreshSession();
    expect(decodeJwt(refreshed.session!.access_token).user_metadata).toMatchObject({ team: "red", locale: "en-GB" });
  });

  it("refuses the current password as the new one: 422 same_password", async () => {
    const { client } = await signUpUser();
    const { error } = await client.auth.updateUser({ password: PASSWORD });
    expectAuthError(error, 422, "same_password", "New password should be different from the old password.");
  });

  it("applies the password rules: 422 weak_password", async () => {
    const { client } = await signUpUser();
    const { error } = await client.auth.updateUser({ password: "123" });
    expectAuthError(error, 422, "weak_password", "Password should be at least 6 characters.");
  });

  it("changes the password: the new one signs in, the old one no longer, other sessions end", async () => {
    const { client, email } = await signUpUser();
    const other = await signInAgain(email);
    const { error } = await client.auth.updateUser({ password: "a-brand-new-password" });
    expect(error).toBeNull();

    const withNew = await anonClient().auth.signInWithPassword({ email, password: "a-brand-new-password" });
    expect(withNew.error).toBeNull();
    const withOld = await anonClient().auth.signInWithPassword({ email, password: PASSWORD });
    expectAuthError(withOld.error, 400, "invalid_credentials");

    expect((await client.auth.getUser()).error).toBeNull();
    await expectErrorResponse(await getUserRaw(other.session.access_token), 403, "session_not_found");
    await expectErrorResponse(await refreshRaw(other.session.refresh_token), 400, "refresh_token_not_found");
  });

  it("changes the email at once (autoconfirm), and refuses one taken by someone else: 422 email_exists", async () => {
    const { client } = await signUpUser();
    const taken = await signUpUser();
    const clash = await client.auth.updateUser({ email: taken.email });
    expectAuthError(clash.error, 422, "email_exists", "A user with this email address has already been registered");

    const fresh = uniqueEmail("moved");
    const { data, error } = await client.auth.updateUser({ email: fresh });
    expect(error).toBeNull();
    expect(data.user!.email).toBe(fresh);
    expect(data.user!.identities![0]!.identity_data).toMatchObject({ email: fresh });
    expect((await anonClient().auth.signInWithPassword({ email: fresh, password: PASSWORD })).error).toBeNull();
  });
});

describe("auth.signOut", () => {
  it("local: ends this session only; its token gets 403 session_not_found and its refresh token is gone", async () => {
    const { client, email, session } = await signUpUser();
    const other = await signInAgain(email);
    const { error } = await client.auth.signOut({ scope: "local" });
    expect(error).toBeNull();

    await expectErrorResponse(
      await getUserRaw(session.access_token),
      403,
      "session_not_found",
      "Session from session_id claim in JWT does not exist",
    );
    // supabase-js turns session_not_found into "Auth session missing!"
    const { error: missing } = await anonClient().auth.getUser(session.access_token);
    expect(missing?.name).toBe("AuthSessionMissingError");
    const refresh = await anonClient().auth.refreshSession({ refresh_token: session.refresh_token });
    expectAuthError(refresh.error, 400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");

    expect((await other.client.auth.getUser()).error).toBeNull();
    expect((await other.client.auth.refreshSession()).error).toBeNull();
  });

  it("others: keeps this session and ends the rest", async () => {
    const { client, email, session } = await signUpUser();
    const other = await signInAgain(email);
    expect((await client.auth.signOut({ scope: "others" })).error).toBeNull();
    expect((await getUserRaw(session.access_token)).status).toBe(200);
    await expectErrorResponse(await getUserRaw(other.session.access_token), 403, "session_not_found");
    await expectErrorResponse(await refreshRaw(other.session.refresh_token), 400, "refresh_token_not_found");
  });

  it("global (the default): ends every session of the user", async () => {
    const { client, email, session } = await signUpUser();
    const other = await signInAgain(email);
    const res = await fetch(`${inject("stack").apiUrl}/auth/v1/logout`, {
      method: "POST",
      headers: { apikey: inject("stack").anonKey, authorization: `Bearer ${session.access_token}` },
    });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    for (const s of [session, other.session]) {
      await expectErrorResponse(await getUserRaw(s.access_token), 403, "session_not_found");
      await expectErrorResponse(await refreshRaw(s.refresh_token), 400, "refresh_token_not_found");
    }
    // Signing out again with the dead token is no error for supabase-js: the session is gone anyway.
    expect((await client.auth.signOut()).error).toBeNull();
  });
});

describe("banned and deleted users", () => {
  it("a banned user cannot sign in, refresh or use a token still held: user_banned; unbanning restores access", async () => {
    const { userId, email, session } = await signUpUser();
    const { error } = await admin().updateUserById(userId, { ban_duration: "876000h" });
    expect(error).toBeNull();
    expect(((await userRow(userId))!.banned_until as Date).getFullYear()).toBeGreaterThan(new Date().getFullYear() + 90);

    const signIn = await anonClient().auth.signInWithPassword({ email, password: PASSWORD });
    expectAuthError(signIn.error, 400, "user_banned", "User is banned");
    const refresh = await anonClient().auth.refreshSession({ refresh_token: session.refresh_token });
    expectAuthError(refresh.error, 400, "user_banned", "User is banned");
    await expectErrorResponse(await getUserRaw(session.access_token), 403, "user_banned", "User is banned");

    await admin().updateUserById(userId, { ban_duration: "none" });
    expect((await anonClient().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();
    expect((await refreshRaw(session.refresh_token)).status).toBe(200);
  });

  it("a deleted user's token gets 403 user_not_found and its refresh token is gone", async () => {
    const { userId, session } = await signUpUser();
    expect((await admin().deleteUser(userId)).error).toBeNull();
    const { error } = await anonClient().auth.getUser(session.access_token);
    expectAuthError(error, 403, "user_not_found", "User from sub claim in JWT does not exist");
    await expectErrorResponse(await refreshRaw(session.refresh_token), 400, "refresh_token_not_found");
  });
});
