import { createClient, type SupabaseClient } from "npm:@supabase/supabase-js@2";

/** A client that acts as the caller: their JWT goes to PostgREST, so row level security applies. */
export function clientForCaller(req: Request): SupabaseClient {
  return createClient(Deno.env.get("SUPABASE_URL")!, Deno.env.get("SUPABASE_ANON_KEY")!, {
    global: { headers: { Authorization: req.headers.get("Authorization") ?? "" } },
    auth: { persistSession: false, autoRefreshToken: false },
  });
}

/** The service role: for Auth's admin API only. It bypasses row level security, so scope every query it makes. */
export function serviceRoleClient(): SupabaseClient {
  return createClient(Deno.env.get("SUPABASE_URL")!, Deno.env.get("SUPABASE_SERVICE_ROLE_KEY")!, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
}
