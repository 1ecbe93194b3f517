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
 * `authenticated`) inside a transaction that is always rolled back.
 */
export async function asUser<T>(userId: string, work: (client: pg.Client) => Promise<T>, role = "authenticated"): Promise<T> {
  return adminSql(async (client) => {
    await client.query("begin");
    try {
      await client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify({ sub: userId, role })]);
      await client.query(`set local role ${role === "anon" ? "anon" : "authenticated"}`);
      return await work(client);
    } finally {
      await client.query("rollback");
    }
  });
}
