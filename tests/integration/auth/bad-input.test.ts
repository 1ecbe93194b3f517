/**
 * Whatever a client sends, the auth service answers 4xx with `{code, message}` and the API version
 * header, never a 5xx, and stores nothing. Raw requests through the gateway, as a hostile client
 * would send them.
 */
import { describe, expect, inject, it } from "vitest";
import { anonClient, uniqueEmail } from "../../support/clients.ts";
import { signJwt } from "../../../local/jwt.ts";
import {
  authFetch,
  countUsersWithEmail,
  expectAuthError,
  expectErrorResponse,
  getUserRaw,
  PASSWORD,
  signUpUser,
  userRow,
} from "./support.ts";

const SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";
const HUGE = "x".repeat(100_000);
const post = (path: string, body: string, headers: Record<string, string> = {}) => authFetch(path, { method: "POST", body, headers });

describe("malformed and mistyped bodies", () => {
  const routes = ["/signup", "/token?grant_type=password", "/token?grant_type=refresh_token"];

  it.each(routes)("%s: malformed JSON, arrays, scalars and empty bodies are 400 bad_json", async (route) => {
    for (const body of ["{not json", "[]", '"text"', "42", "null", ""]) {
      await expectErrorResponse(await post(route, body), 400, "bad_json", /^Could not parse request body as JSON: /);
    }
  });

  it("wrong types are 400 bad_json and store nothing", async () => {
    const email = uniqueEmail("types");
    for (const body of [
      { email: 123, password: PASSWORD },
      { email, password: 123456 },
      { email, password: PASSWORD, data: "not an object" },
      { email, password: PASSWORD, data: [1, 2] },
      { email: [email], password: PASSWORD },
    ]) {
      await expectErrorResponse(await post("/signup", JSON.stringify(body)), 400, "bad_json");
    }
    await expectErrorResponse(await post("/token?grant_type=password", JSON.stringify({ email, password: false })), 400, "bad_json");
    await expectErrorResponse(await post("/token?grant_type=refresh_token", JSON.stringify({ refresh_token: { $gt: "" } })), 400, "bad_json");
    expect(await countUsersWithEmail(email)).toBe(0);
  });

  it("missing fields are 400 validation_failed with Supabase's messages", async () => {
    await expectErrorResponse(await post("/signup", "{}"), 400, "validation_failed", "Signup requires a valid password");
    await expectErrorResponse(
      await post("/signup", JSON.stringify({ password: PASSWORD })),
      400,
      "validation_failed",
      "Sign up only available with email provider",
    );
    await expectErrorResponse(await post("/token?grant_type=password", "{}"), 400, "validation_failed", "missing email or phone");
    await expectErrorResponse(await post("/token?grant_type=refresh_token", "{}"), 400, "validation_failed", "refresh_token required");
    // An email with no password is just wrong credentials.
    await expectErrorResponse(await post("/token?grant_type=password", JSON.stringify({ email: "rep@acme.test" })), 400, "invalid_credentials");
  });

  it("an unsupported or missing grant_type is 400 invalid_credentials", async () => {
    for (const query of ["?grant_type=pkce", "?grant_type=client_credentials", ""]) {
      await expectErrorResponse(await post(`/token${query}`, "{}"), 400, "invalid_credentials", "unsupported_grant_type");
    }
  });

  it("a signed-in user's malformed update is 400 and changes nothing", async () => {
    const { session, userId } = await signUpUser({ full_name: "Unchanged" });
    const auth = { authorization: `Bearer ${session.access_token}` };
    const before = await userRow(userId);
    for (const body of ["{oops", JSON.stringify({ data: "x" }), JSON.stringify({ password: 5 }), JSON.stringify({ email: true })]) {
      await expectErrorResponse(await authFetch("/user", { method: "PUT", body, headers: auth }), 400, "bad_json");
    }
    expect(await userRow(userId)).toEqual(before);
  });
});

describe("huge and unstorable values", () => {
  it("100k-character strings are refused with 4xx and store nothing", async () => {
    const email = uniqueEmail("huge");
    await expectErrorResponse(
      await post("/signup", JSON.stringify({ email: `${HUGE}@example.test`, password: PASSWORD })),
      400,
      "validation_failed",
      "An email address is too long",
    );
    await expectErrorResponse(
      await post("/signup", JSON.stringify({ email, password: HUGE })),
      400,
      "validation_failed",
      "Password cannot be longer than 72 characters",
    );
    await expectErrorResponse(await post("/signup", JSON.stringify({ email, password: PASSWORD, data: { bio: HUGE } })), 400, "validation_failed");
    await expectErrorResponse(await post("/token?grant_type=password", JSON.stringify({ email: HUGE, password: HUGE })), 400, "invalid_credentials");
    await expectErrorResponse(await post("/token?grant_type=refresh_token", JSON.stringify({ refresh_token: HUGE })), 400, "refresh_token_not_found");
    expect(await countUsersWithEmail(email)).toBe(0);
  });

  it("supabase-js surfaces the same refusals", async () => {
    const email = uniqueEmail("hugejs");
    const { error } = await anonClient().auth.signUp({ email, password: PASSWORD, options: { data: { bio: HUGE } } });
    expectAuthError(error, 400, "validation_failed", /cannot be larger than/);
    expect(await countUsersWithEmail(email)).toBe(0);
  });

  it("a signed-in user cannot grow their metadata past the token limit, nor store NUL characters", async () => {
    const { client, userId } = await signUpUser({ full_name: "Small" });
    const before = await userRow(userId);
    expectAuthError((await client.auth.updateUser({ data: { bio: HUGE } })).error, 400, "validation_failed");
    expectAuthError((await client.auth.updateUser({ data: { bio: "a\u0000b" } })).error, 400, "validation_failed");
    expectAuthError((await client.auth.updateUser({ password: "abc\u0000defgh" })).error, 400, "validation_failed");
    expectAuthError((await client.auth.updateUser({ email: `${HUGE}@x.test` })).error, 400, "validation_failed", "An email address is too long");
    expect(await userRow(userId)).toEqual(before);
  });

  it("NUL characters in sign-up fields are 400, not a database error", async () => {
    const email = uniqueEmail("nul");
    await expectErrorResponse(await post("/signup", JSON.stringify({ email, password: "pass\u0000word" })), 400, "validation_failed");
    await expectErrorResponse(await post("/signup", JSON.stringify({ email: `a\u0000${email}`, password: PASSWORD })), 400, "validation_failed");
    await expectErrorResponse(await post("/signup", JSON.stringify({ email, password: PASSWORD, data: { "k\u0000": 1 } })), 400, "validation_failed");
    await expectErrorResponse(await post("/token?grant_type=refresh_token", JSON.stringify({ refresh_token: "a\u0000b" })), 400, "refresh_token_not_found");
    await expectErrorResponse(await post("/token?grant_type=password", JSON.stringify({ email, password: "a\u0000b" })), 400, "invalid_credentials");
    expect(await countUsersWithEmail(email)).toBe(0);
  });

  it("bodies over 1 MB are 413 request_too_large", async () => {
    const body = JSON.stringify({ email: uniqueEmail("big"), password: PASSWORD, data: { blob: "y".repeat(1_100_000) } });
    await expectErrorResponse(await post("/signup", body), 413, "request_too_large");
  });
});

describe("routes and tokens", () => {
  it("unknown routes are 404 not_found, known ones with another method 405", async () => {
    await expectErrorResponse(await authFetch("/no/such/route"), 404, "not_found");
    await expectErrorResponse(await authFetch("/signupp", { method: "POST", body: "{}" }), 404, "not_found");
    const wrongMethod = await authFetch("/signup");
    expect(wrongMethod.headers.get("allow")).toBe("POST");
    await expectErrorResponse(wrongMethod, 405, "method_not_allowed");
  });

  it("GET /health answers without an API key", async () => {
    const res = await fetch(`${inject("stack").apiUrl}/auth/v1/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ version: expect.any(String), name: "GoTrue", description: expect.any(String) });
  });

  it("no Bearer token is 401 no_authorization; the anon key as bearer names no user", async () => {
    for (const authorization of ["Basic dXNlcjpwYXNz", "Bearer", "Token abc"]) {
      await expectErrorResponse(
        await authFetch("/user", { headers: { authorization } }),
        401,
        "no_authorization",
        "This endpoint requires a valid Bearer token",
      );
    }
    await expectErrorResponse(await authFetch("/user"), 403, "bad_jwt", "invalid claim: missing sub claim");
  });

  it("a bad signature, an expired token or garbage is 403 bad_jwt, also through supabase-js", async () => {
    const { session, userId } = await signUpUser();
    const [header, payload] = session.access_token.split(".");
    const tampered = `${header}.${payload}.${"A".repeat(43)}`;
    const expired = signJwt({ sub: userId, role: "authenticated", aud: "authenticated", exp: Math.floor(Date.now() / 1000) - 60 }, SECRET);
    for (const token of [tampered, expired, "not.a.jwt", "garbage"]) {
      await expectErrorResponse(await getUserRaw(token), 403, "bad_jwt", /^invalid JWT: unable to parse or verify signature, /);
    }
    const { error } = await anonClient().auth.getUser(tampered);
    expectAuthError(error, 403, "bad_jwt", /signature is invalid/);
  });

  it("a token whose sub is no UUID is 400 bad_jwt; one for a user that never existed is 403 user_not_found", async () => {
    const notUuid = signJwt({ sub: "42", role: "authenticated", exp: Math.floor(Date.now() / 1000) + 60 }, SECRET);
    await expectErrorResponse(await getUserRaw(notUuid), 400, "bad_jwt", "invalid claim: sub claim must be a UUID");
    const ghost = signJwt({ sub: "00000000-0000-4000-8000-00000000dead", role: "authenticated", exp: Math.floor(Date.now() / 1000) + 60 }, SECRET);
    await expectErrorResponse(await getUserRaw(ghost), 403, "user_not_found", "User from sub claim in JWT does not exist");
  });

  it("an unknown sign-out scope is 400 validation_failed and signs nobody out", async () => {
    const { session } = await signUpUser();
    const res = await authFetch("/logout?scope=everyone", { method: "POST", headers: { authorization: `Bearer ${session.access_token}` } });
    await expectErrorResponse(res, 400, "validation_failed", 'Unsupported logout scope "everyone"');
    expect((await getUserRaw(session.access_token)).status).toBe(200);
  });
});
