import type pg from "pg";

/** A pool or a client inside a transaction: the SQL modules take either. */
export type Db = pg.Pool | pg.PoolClient;

export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    const result = await fn(client);
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === "23505";
