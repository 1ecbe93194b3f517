/**
 * The auth service's options, on a second instance of it against the stack's database: the refresh
 * token reuse window, confirmations instead of autoconfirm, rate limits, token lifetime, and what
 * happens when the database is unreachable.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createClient } from "@supabase/supabase-js";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import ws from "ws";
import { JWT_SECRET } from "../../../local/config.ts";
import { createAuthServer, type AuthServerOptions } from "../../../local/auth/server.ts";
import { uniqueEmail } from "../../support/clients.ts";
import { countUsersWithEmail, decodeJwt, expectAuthError, expectErrorResponse, PASSWORD } from "./support.ts";

const pools: pg.Pool[] = [];
const servers: http.Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await Promise.all(pools.map((p) => p.end()));
});

/** An auth service with `options`, reachable as `<url>/auth/v1` like behind the gateway. */
async function startAuth(options: Partial<AuthServerOptions> = {}, connectionString = inject("stack").dbUrl) {
  const pool = new pg.Pool({ connectionString, max: 4 });
  pool.on("error", () => undefined);
  pools.push(pool);
  const logged: string[] = [];
  const auth = createAuthServer({
    pool,
    jwtSecret: JWT_SECRET,
    issuer: "http://auth.test/auth/v1",
    log: (line) => logged.push(line),
    ...options,
  });
  const [listener] = auth.listeners("request") as http.RequestListener[];
  const server = http.createServer((req, res) => {
    req.url = req.url!.replace(/^\/auth\/v1/, "") || "/";
    listener!(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = () =>
    createClient(url, inject("stack").anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: ws as never },
    });
  return { url, client, logged };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("reuseWindowMs", () => {
  it("a rotated refresh token works within the window and is refresh_token_already_used after it", async () => {
    const auth = await startAuth({ reuseWindowMs: 400 });
    const client = auth.client();
    const { data } = await client.auth.signUp({ email: uniqueEmail("window"), password: PASSWORD });
    const original = data.session!.refresh_token;
    const rotated = await client.auth.refreshSession();
    expect(rotated.error).toBeNull();

    const within = await auth.client().auth.refreshSession({ refresh_token: original });
    expect(within.error).toBeNull();
    expect(within.data.session!.refresh_token).toBe(rotated.data.session!.refresh_token);

    await sleep(600);
    const after = await auth.client().auth.refreshSession({ refresh_token: original });
    expectAuthError(after.error, 400, "refresh_token_already_used", "Invalid Refresh Token: Already Used");
  });
});

describe("autoconfirm: false (email confirmations on)", () => {
  it("sign-up returns the user without a session; sign-in waits for the confirmation", async () => {
    const auth = await startAuth({ autoconfirm: false });
    const email = uniqueEmail("confirm");
    const { data, error } = await auth.client().auth.signUp({ email, password: PASSWORD, options: { data: { full_name: "Wait" } } });
    expect(error).toBeNull();
    expect(data.session).toBeNull();
    expect(data.user).toMatchObject({ email, user_metadata: { full_name: "Wait" }, confirmation_sent_at: expect.any(String) });
    expect(data.user!.email_confirmed_at).toBeUndefined();

    const signIn = await auth.client().auth.signInWithPassword({ email, password: PASSWORD });
    expectAuthError(signIn.error, 400, "email_not_confirmed", "Email not confirmed");
  });

  it("signing up again does not reveal that the address is taken", async () => {
    const auth = await startAuth({ autoconfirm: false });
    const email = uniqueEmail("again");
    const first = await auth.client().auth.signUp({ email, password: PASSWORD });
    const second = await auth.client().auth.signUp({ email, password: PASSWORD });
    expect(second.error).toBeNull();
    expect(second.data.user!.email).toBe(email);
    expect(second.data.user!.id).not.toBe(first.data.user!.id);
    expect(await countUsersWithEmail(email)).toBe(1);
  });
});

describe("rateLimits", () => {
  it("answers 429 over_request_rate_limit once a client's budget is spent", async () => {
    const auth = await startAuth({ rateLimits: { signInSignUps: { limit: 2, windowMs: 60_000 }, tokenRefresh: { limit: 1, windowMs: 60_000 } } });
    const email = uniqueEmail("limited");
    const signUp = await auth.client().auth.signUp({ email, password: PASSWORD });
    expect(signUp.error).toBeNull();
    expect((await auth.client().auth.signInWithPassword({ email, password: PASSWORD })).error).toBeNull();
    const third = await auth.client().auth.signInWithPassword({ email, password: PASSWORD });
    expectAuthError(third.error, 429, "over_request_rate_limit", "Request rate limit reached");

    const refreshToken = signUp.data.session!.refresh_token;
    expect((await auth.client().auth.refreshSession({ refresh_token: refreshToken })).error).toBeNull();
    const res = await fetch(`${auth.url}/auth/v1/token?grant_type=refresh_token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refresh_token: refreshToken }),
    });
    await expectErrorResponse(res, 429, "over_request_rate_limit");
  });
});

it("jwtExpirySeconds sets the access token lifetime", async () => {
  const auth = await startAuth({ jwtExpirySeconds: 600 });
  const { data } = await auth.client().auth.signUp({ email: uniqueEmail("short"), password: PASSWORD });
  expect(data.session!.expires_in).toBe(600);
  const claims = decodeJwt(data.session!.access_token);
  expect(claims.exp).toBe((claims.iat as number) + 600);
  expect(claims.iss).toBe("http://auth.test/auth/v1");
});

it("an unreachable database is a logged 500 unexpected_failure in JSON, and the service keeps answering", async () => {
  const auth = await startAuth({}, "postgres://postgres:postgres@127.0.0.1:1/postgres");
  const res = await fetch(`${auth.url}/auth/v1/token?grant_type=password`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "someone@example.test", password: PASSWORD }),
  });
  await expectErrorResponse(res, 500, "unexpected_failure", "Unexpected failure, please check server logs for more information");
  expect(auth.logged.join("\n")).toMatch(/POST \/token\?grant_type=password failed: .*ECONNREFUSED/s);
  const health = await fetch(`${auth.url}/auth/v1/health`);
  expect(health.status).toBe(200);
});
