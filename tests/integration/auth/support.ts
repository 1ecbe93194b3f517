/** Helpers for the auth contract tests (reference/supabase-auth.md), through the running stack. */
import type { Session } from "@supabase/supabase-js";
import { expect, inject } from "vitest";
import { anonClient, serviceClient, uniqueEmail, type Client } from "../../support/clients.ts";
import { adminSql } from "../../support/sql.ts";

export const PASSWORD = "correct-horse-battery";

export function decodeJwt(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** A raw request to `/auth/v1<path>` through the gateway, with the anon key unless told otherwise. */
export function authFetch(path: string, init: RequestInit & { apikey?: string } = {}): Promise<Response> {
  const { apiUrl, anonKey } = inject("stack");
  const { apikey = anonKey, ...rest } = init;
  const headers = new Headers(rest.headers);
  headers.set("apikey", apikey);
  if (rest.body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  return fetch(`${apiUrl}/auth/v1${path}`, { ...rest, headers });
}

/** Asserts an error answer as the contract has it: status, version header, `{code, message}`. */
export async function expectErrorResponse(res: Response, status: number, code: string, message?: string | RegExp) {
  const body = (await res.json()) as { code: unknown; message: unknown };
  expect({ status: res.status, code: body.code }).toEqual({ status, code });
  expect(res.headers.get("x-supabase-api-version")).toBe("2024-01-01");
  expect(typeof body.message).toBe("string");
  if (message instanceof RegExp) expect(body.message).toMatch(message);
  else if (message !== undefined) expect(body.message).toBe(message);
  return body;
}

/** Asserts what supabase-js surfaces as an AuthApiError. */
export function expectAuthError(error: unknown, status: number, code: string | undefined, message?: string | RegExp) {
  expect(error, "expected an error").toBeTruthy();
  const e = error as { status?: number; code?: string; message: string; name: string };
  expect({ status: e.status, code: e.code }).toEqual({ status, code });
  if (message instanceof RegExp) expect(e.message).toMatch(message);
  else if (message !== undefined) expect(e.message).toBe(message);
}

export interface SignedUp {
  client: Client;
  email: string;
  session: Session;
  userId: string;
}

/** A fresh user signed up through supabase-js (autoconfirm: it has a session at once). */
export async function signUpUser(data: Record<string, unknown> = {}, prefix = "auth"): Promise<SignedUp> {
  const client = anonClient();
  const email = uniqueEmail(prefix);
  const { data: result, error } = await client.auth.signUp({ email, password: PASSWORD, options: { data } });
  if (error || !result.session) throw new Error(`sign-up failed: ${error?.message}`);
  return { client, email, session: result.session, userId: result.user!.id };
}

/** Another session of the same user, in its own client. */
export async function signInAgain(email: string, password = PASSWORD): Promise<{ client: Client; session: Session }> {
  const client = anonClient();
  const { data, error } = await client.auth.signInWithPassword({ email, password });
  if (error || !data.session) throw new Error(`sign-in failed: ${error?.message}`);
  return { client, session: data.session };
}

export const admin = () => serviceClient().auth.admin;

export async function countUsersWithEmail(email: string): Promise<number> {
  return adminSql(async (sql) => {
    const { rows } = await sql.query<{ n: string }>("select count(*) as n from auth.users where lower(email) = lower($1)", [email]);
    return Number(rows[0]!.n);
  });
}

export async function userRow(id: string): Promise<Record<string, unknown> | undefined> {
  return adminSql(async (sql) => (await sql.query("select * from auth.users where id = $1", [id])).rows[0]);
}

/** Moves a refresh token's last change into the past, so the reuse window has passed without waiting. */
export async function ageRefreshToken(token: string, seconds: number) {
  await adminSql((sql) =>
    sql.query("update auth.refresh_tokens set updated_at = updated_at - make_interval(secs => $2) where token = $1", [token, seconds]),
  );
}

export const refreshRaw = (refreshToken: string) =>
  authFetch("/token?grant_type=refresh_token", { method: "POST", body: JSON.stringify({ refresh_token: refreshToken }) });

export const getUserRaw = (accessToken: string) => authFetch("/user", { headers: { authorization: `Bearer ${accessToken}` } });

/** Records what triggers on auth.users see for one email while `work` runs. */
export async function withTriggerLog(work: () => Promise<void>, email: string) {
  const schema = `auth_trigger_probe_${process.pid}`;
  await adminSql((sql) =>
    sql.query(`
      create schema if not exists ${schema};
      create table if not exists ${schema}.log (id bigserial, email text, op text, app jsonb, usr jsonb, confirmed boolean);
      create or replace function ${schema}.record() returns trigger language plpgsql as $$
      begin
        insert into ${schema}.log (email, op, app, usr, confirmed)
        values (new.email, tg_op, new.raw_app_meta_data, new.raw_user_meta_data, new.email_confirmed_at is not null);
        return new;
      end $$;
      drop trigger if exists ${schema} on auth.users;
      create trigger ${schema} after insert or update on auth.users for each row execute function ${schema}.record();`),
  );
  try {
    await work();
    return await adminSql(async (sql) => {
      const { rows } = await sql.query<{ op: string; app: unknown; usr: unknown; confirmed: boolean }>(
        `select op, app, usr, confirmed from ${schema}.log where email = $1 order by id`,
        [email.toLowerCase()],
      );
      return rows.map((r) => ({ op: r.op, user_metadata: r.usr, app_metadata: r.app, confirmed: r.confirmed }));
    });
  } finally {
    await adminSql((sql) => sql.query(`drop trigger if exists ${schema} on auth.users; drop schema if exists ${schema} cascade;`));
  }
}
