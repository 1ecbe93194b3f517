import { z } from "npm:zod@4";
import { corsHeaders, json, preflight } from "../_shared/cors.ts";
import { BadRequest, buildExportQuery, csvLine, requestSchema } from "./query.ts";

/**
 * CSV export of a list with its current filters, search and order: every row the caller may read,
 * not only the page (PRODUCT.md CRM-9). The caller's JWT is checked with Auth, then the query runs
 * in Postgres as `authenticated` with the caller's claims (request.jwt.claims), exactly as
 * PostgREST runs it, so row level security decides the rows. A read-only, repeatable-read
 * transaction and a cursor stream 1,000 rows at a time to the response: memory stays flat
 * whatever the size, and the file is one consistent snapshot.
 */

/** A page of rows from a cursor, each row its columns as text. */
export type RowSource = {
  /** Runs `text` as the caller; yields pages of rows until the result is exhausted. */
  stream(claims: Record<string, unknown>, text: string, params: unknown[]): AsyncIterable<(string | null)[][]>;
};

/** Answers the caller's verified JWT claims, or null when the token is not a signed-in user's. */
export type Authenticate = (token: string) => Promise<Record<string, unknown> | null>;

function decodeClaims(token: string): Record<string, unknown> | null {
  try {
    const payload = token.split(".")[1] ?? "";
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(payload.length / 4) * 4, "="));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
    return claims && typeof claims === "object" ? claims : null;
  } catch {
    return null;
  }
}

/** Auth's /user answers only for a valid, unexpired, signed-in user's token: then its claims are trustworthy. */
export function authenticateWithAuth(supabaseUrl: string, anonKey: string): Authenticate {
  return async (token) => {
    const res = await fetch(`${supabaseUrl}/auth/v1/user`, { headers: { Authorization: `Bearer ${token}`, apikey: anonKey } });
    await res.body?.cancel();
    if (!res.ok) return null;
    const claims = decodeClaims(token);
    return claims && claims.role === "authenticated" && typeof claims.sub === "string" ? claims : null;
  };
}

function invalid(error: z.ZodError) {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[issue.path.join(".") || "body"] ??= issue.message;
  return json({ error: "Invalid input", fields }, 400);
}

const encoder = new TextEncoder();

export function createHandler({ authenticate, rows }: { authenticate: Authenticate; rows: RowSource }) {
  return async (req: Request): Promise<Response> => {
    const early = preflight(req);
    if (early) return early;
    if (req.method !== "POST") return json({ error: "Method not allowed: POST the list's query" }, 405);

    const token = req.headers.get("Authorization")?.replace(/^Bearer\s+/i, "") ?? "";
    const claims = token ? await authenticate(token) : null;
    if (!claims) return json({ error: "Sign in to export" }, 401);

    const body = await req.json().catch(() => undefined);
    const parsed = requestSchema.safeParse(body);
    if (!parsed.success) return invalid(parsed.error);

    let query;
    try {
      query = buildExportQuery(parsed.data);
    } catch (error) {
      if (error instanceof BadRequest) return json({ error: error.message, fields: error.fields }, 400);
      throw error;
    }

    const guards = query.columns.map((c) => c.guard);
    const pages = rows.stream(claims, query.text, query.params)[Symbol.asyncIterator]();
    // The first page is read before answering, so a refusal is still an HTTP error, not a broken file.
    let first: IteratorResult<(string | null)[][]>;
    try {
      first = await pages.next();
    } catch (error) {
      const code = (error as { code?: string }).code;
      const message = error instanceof Error ? error.message : String(error);
      return json({ error: message }, code === "42501" ? 403 : code?.startsWith("22") ? 400 : 500);
    }

    const header = `\uFEFF${csvLine(query.columns.map((c) => c.label), query.columns.map(() => false))}`;
    async function* lines() {
      try {
        yield encoder.encode(header);
        let page = first;
        while (!page.done) {
          let chunk = "";
          for (const row of page.value) chunk += csvLine(row, guards);
          yield encoder.encode(chunk);
          page = await pages.next();
        }
      } finally {
        // A cancelled download ends the cursor's transaction and frees its connection.
        await pages.return?.();
      }
    }
    const stream = ReadableStream.from(lines());
    const filename = parsed.data.filename ?? `${parsed.data.object}-${new Date().toISOString().slice(0, 10)}.csv`;
    return new Response(stream, {
      headers: {
        ...corsHeaders,
        "Access-Control-Expose-Headers": "Content-Disposition",
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
      },
    });
  };
}
