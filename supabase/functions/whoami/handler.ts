import type { SupabaseClient } from "npm:@supabase/supabase-js@2";
import { json, preflight } from "../_shared/cors.ts";

/**
 * Answers who the caller is, as the database sees them through row level security. It proves the
 * edge-function plumbing: JWT verification, CORS, the hosted environment and the caller's JWT.
 */
export function createHandler(clientFor: (req: Request) => SupabaseClient) {
  return async (req: Request): Promise<Response> => {
    const early = preflight(req);
    if (early) return early;
    if (req.method !== "GET" && req.method !== "POST") return json({ error: "Method not allowed" }, 405);

    const supabase = clientFor(req);
    const { data: auth, error: authError } = await supabase.auth.getUser();
    if (authError || !auth.user) return json({ error: "Sign in to call this function" }, 401);

    const { data: profile, error } = await supabase
      .from("profiles")
      .select("id, full_name, role, org_id, organizations(name)")
      .eq("id", auth.user.id)
      .maybeSingle();
    if (error) return json({ error: error.message }, 500);

    return json({
      user: { id: auth.user.id, email: auth.user.email },
      profile,
      environment: ["SUPABASE_URL", "SUPABASE_ANON_KEY", "SUPABASE_SERVICE_ROLE_KEY", "SUPABASE_DB_URL"].filter((name) => Deno.env.get(name)),
    });
  };
}
