import { serviceRoleClient } from "../_shared/supabase.ts";
import { authenticateWith, supabaseJobDb } from "./db.ts";
import { providerFromEnv } from "./email.ts";
import { createHandler } from "./handler.ts";

Deno.serve(
  createHandler({
    db: supabaseJobDb(serviceRoleClient()),
    authenticate: authenticateWith({
      supabaseUrl: Deno.env.get("SUPABASE_URL")!,
      anonKey: Deno.env.get("SUPABASE_ANON_KEY")!,
      serviceRoleKey: Deno.env.get("SUPABASE_SERVICE_ROLE_KEY")!,
    }),
    emailProvider: () => providerFromEnv(Deno.env),
  }),
);
