import { authenticateWithAuth, createHandler } from "./handler.ts";
import { postgresRows } from "./rows.ts";

Deno.serve(
  createHandler({
    authenticate: authenticateWithAuth(Deno.env.get("SUPABASE_URL")!, Deno.env.get("SUPABASE_ANON_KEY")!),
    rows: postgresRows(Deno.env.get("SUPABASE_DB_URL")!),
  }),
);
