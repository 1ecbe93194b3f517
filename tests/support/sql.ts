import { randomUUID } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

/** A superuser connection to the test database, for arranging data and reading what really happened. */
export async function adminSql<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(inject("stack").dbUrl);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Runs `work` as the given user the way PostgREST does (JWT claims in `request.jwt.claims`, role
 * `authenticated`, or `anon` / `service_role` when asked) inside a transaction that is always rolled back.
 */
export async function asUser<T>(userId: string, work: (client: pg.Client) => Promise<T>, role = "authenticated"): Promise<T> {
  return adminSql((client) => asUserOn(client, userId, work, role));
}

/** asUser on a superuser connection the caller holds, for suites that run hundreds of such transactions. */
export async function asUserOn<T>(client: pg.Client, userId: string, work: (client: pg.Client) => Promise<T>, role = "authenticated"): Promise<T> {
  // One snapshot for the whole transaction: suites run side by side on one stack, and a test that
  // compares "before" with "after" must not see another suite's commits in between.
  await client.query("begin isolation level repeatable read");
  try {
    await client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: userId, role })]);
    await client.query(`set local role ${role === "anon" || role === "service_role" ? role : "authenticated"}`);
    return await work(client);
  } finally {
    await client.query("rollback");
  }
}

/**
 * Inserts an auth user the way Supabase Auth does (the profile trigger reads app_metadata at
 * commit) and returns its id; its profile exists when this resolves.
 */
export async function createAuthUser(appMeta: object, userMeta: object = {}): Promise<string> {
  const id = randomUUID();
  await adminSql((c) =>
    c.query(
      `insert into auth.users (id, aud, role, email, raw_app_meta_data, raw_user_meta_data)
       values ($1, 'authenticated', 'authenticated', $2, $3, $4)`,
      [id, `${id}@example.test`, appMeta, userMeta],
    ),
  );
  return id;
}
