import postgres from "npm:postgres@3";
import type { RowSource } from "./handler.ts";

export const PAGE_SIZE = 1000;

/**
 * Rows from Postgres as the caller: one reserved connection per export, a read-only
 * repeatable-read transaction with role `authenticated` and the caller's claims (what PostgREST
 * sets), and a cursor read PAGE_SIZE rows at a time. Ending the iteration early (the browser went
 * away) rolls back and releases the connection.
 */
export function postgresRows(databaseUrl: string): RowSource {
  const sql = postgres(databaseUrl, { max: 4, idle_timeout: 30, connect_timeout: 10, onnotice: () => {} });
  return {
    async *stream(claims, text, params) {
      const connection = await sql.reserve();
      let open = false;
      try {
        await connection`begin isolation level repeatable read read only`;
        open = true;
        await connection`select set_config('role', 'authenticated', true),
                                set_config('request.jwt.claims', ${JSON.stringify(claims)}, true),
                                set_config('statement_timeout', '300s', true),
                                set_config('TimeZone', 'UTC', true)`;
        const cursor = connection.unsafe(text, params as never[]).values().cursor(PAGE_SIZE);
        for await (const page of cursor) yield page as unknown as (string | null)[][];
        await connection`commit`;
        open = false;
      } finally {
        if (open) await connection`rollback`.catch(() => {});
        connection.release();
      }
    },
  };
}
