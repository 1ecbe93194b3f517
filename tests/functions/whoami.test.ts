import { describe, expect, inject, it } from "vitest";
import { signedInClient } from "../support/clients.ts";

const url = () => `${inject("stack").apiUrl}/functions/v1/whoami`;

describe("edge functions through the gateway", () => {
  it("refuses a call without a JWT, or with a forged one, before the function runs", async () => {
    const missing = await fetch(url(), { method: "POST" });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ message: "Missing authorization header" });

    const forged = await fetch(url(), { method: "POST", headers: { authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.e30.bad" } });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ message: "Invalid JWT" });
  });

  it("answers the browser's CORS preflight", async () => {
    const res = await fetch(url(), {
      method: "OPTIONS",
      headers: { origin: "http://127.0.0.1:5173", "access-control-request-method": "POST", "access-control-request-headers": "authorization, apikey, content-type" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-headers")).toMatch(/authorization/);
  });

  it("runs as the caller: RLS shows the caller's own profile, and the hosted environment is set", async () => {
    const client = await signedInClient("rep@acme.test");
    const { data, error } = await client.functions.invoke("whoami", { body: {} });
    expect(error).toBeNull();
    expect(data.user.email).toBe("rep@acme.test");
    expect(data.profile).toMatchObject({ full_name: "Rita Rep", role: "rep", organizations: { name: "Acme Demo" } });
    expect(data.environment).toEqual(["SUPABASE_URL", "SUPABASE_ANON_KEY", "SUPABASE_SERVICE_ROLE_KEY", "SUPABASE_DB_URL"]);
  });

  it("a valid anon key passes the gateway but the function still wants a signed-in user", async () => {
    const res = await fetch(url(), { method: "POST", headers: { authorization: `Bearer ${inject("stack").anonKey}` } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Sign in to call this function" });
  });

  it("an unknown function is a 404 with the hosted message", async () => {
    const res = await fetch(`${inject("stack").apiUrl}/functions/v1/nope`, { headers: { authorization: `Bearer ${inject("stack").anonKey}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ message: "Requested function was not found" });
  });
});
