import assert from "node:assert/strict";
import { createClient } from "npm:@supabase/supabase-js@2";
import { createHandler } from "./handler.ts";

const url = Deno.env.get("SUPABASE_URL")!;
const anonKey = Deno.env.get("SUPABASE_ANON_KEY")!;

async function tokenFor(email: string): Promise<string> {
  const client = createClient(url, anonKey, { auth: { persistSession: false } });
  const { data, error } = await client.auth.signInWithPassword({ email, password: "demo-password" });
  if (error) throw error;
  return data.session!.access_token;
}

const handler = createHandler((req) =>
  createClient(url, anonKey, {
    global: { headers: { Authorization: req.headers.get("Authorization") ?? "" } },
    auth: { persistSession: false },
  })
);

Deno.test("whoami answers the signed-in caller with their own profile", async () => {
  const res = await handler(new Request("http://local/whoami", { method: "POST", headers: { Authorization: `Bearer ${await tokenFor("manager@acme.test")}` } }));
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.user.email, "manager@acme.test");
  assert.equal(body.profile.role, "manager");
});

Deno.test("whoami refuses a caller who is not signed in", async () => {
  const res = await handler(new Request("http://local/whoami", { method: "POST", headers: { Authorization: `Bearer ${anonKey}` } }));
  assert.equal(res.status, 401);
  await res.body?.cancel();
});

Deno.test("whoami answers preflight with CORS headers and refuses other methods", async () => {
  const preflight = await handler(new Request("http://local/whoami", { method: "OPTIONS" }));
  assert.equal(preflight.headers.get("Access-Control-Allow-Origin"), "*");
  await preflight.body?.cancel();
  const put = await handler(new Request("http://local/whoami", { method: "PUT" }));
  assert.equal(put.status, 405);
  await put.body?.cancel();
});
