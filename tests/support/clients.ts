import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { inject } from "vitest";
import ws from "ws";
import type { Database } from "../../src/types/database.ts";

export type Client = SupabaseClient<Database>;

// Node 20 has no global WebSocket: supabase-js's realtime needs `ws` as its transport.
const options = { auth: { persistSession: false, autoRefreshToken: false }, realtime: { transport: ws as never } };

export function anonClient(): Client {
  const { apiUrl, anonKey } = inject("stack");
  return createClient<Database>(apiUrl, anonKey, options);
}

export function serviceClient(): Client {
  const { apiUrl, serviceRoleKey } = inject("stack");
  return createClient<Database>(apiUrl, serviceRoleKey, options);
}

export async function signedInClient(email: string, password = "demo-password"): Promise<Client> {
  const client = anonClient();
  const { error } = await client.auth.signInWithPassword({ email, password });
  if (error) throw new Error(`sign-in as ${email} failed: ${error.message}`);
  return client;
}

let counter = 0;
/** An email no other test uses, so tests can run side by side against one database. */
export function uniqueEmail(prefix = "user"): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now()}-${counter}@example.test`;
}
