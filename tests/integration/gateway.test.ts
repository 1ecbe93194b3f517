import { describe, expect, inject, it } from "vitest";
import { signedInClient } from "../support/clients.ts";

const api = () => inject("stack").apiUrl;

describe("the API gateway", () => {
  it("refuses requests without an API key, or with an unknown one, as hosted Supabase does", async () => {
    const none = await fetch(`${api()}/rest/v1/profiles`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ message: "No API key found in request" });

    const wrong = await fetch(`${api()}/rest/v1/profiles`, { headers: { apikey: "not-a-key" } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ message: "Invalid API key" });
  });

  it("answers CORS preflights itself with the headers supabase-js needs", async () => {
    const res = await fetch(`${api()}/rest/v1/profiles`, {
      method: "OPTIONS",
      headers: { origin: "http://127.0.0.1:5173", "access-control-request-method": "PATCH" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    for (const header of ["authorization", "apikey", "x-client-info", "prefer", "range", "x-supabase-api-version"]) {
      expect(res.headers.get("access-control-allow-headers")).toContain(header);
    }
    expect(res.headers.get("access-control-expose-headers")).toContain("content-range");
  });

  it("routes by prefix and says so when nothing matches", async () => {
    const res = await fetch(`${api()}/storage/v1/buckets`, { headers: { apikey: inject("stack").anonKey } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: "no Route matched with those values" });
    const health = await fetch(`${api()}/auth/v1/health`);
    expect(health.status).toBe(200);
  });

  it("carries a user's JWT to PostgREST, where policies see auth.uid()", async () => {
    const client = await signedInClient("rep@acme.test");
    const { data: me } = await client.auth.getUser();
    const { data, error } = await client.from("profiles").select("id, full_name, organizations(name)").eq("id", me.user!.id).single();
    expect(error).toBeNull();
    expect(data).toMatchObject({ full_name: "Rita Rep", organizations: { name: "Acme Demo" } });
    const { data: orgs } = await client.from("organizations").select("name");
    expect(orgs).toEqual([{ name: "Acme Demo" }]);
  });

  it("passes PostgREST's errors through as JSON 4xx for bad input, and changes nothing", async () => {
    const client = await signedInClient("rep@acme.test");
    const { error: badColumn, status } = await client.from("profiles").select("no_such_column");
    expect(status).toBe(400);
    expect(badColumn?.message).toMatch(/no_such_column/);

    const headers = { apikey: inject("stack").anonKey, "content-type": "application/json" };
    const malformed = await fetch(`${api()}/rest/v1/organizations`, { method: "POST", headers, body: "{not json" });
    expect(malformed.status).toBeGreaterThanOrEqual(400);
    expect(malformed.status).toBeLessThan(500);
    expect(await malformed.json()).toHaveProperty("message");

    const { error: tooLong } = await client.from("profiles").update({ full_name: "x".repeat(10_000) }).eq("id", (await client.auth.getUser()).data.user!.id);
    expect(tooLong?.code).toBe("23514");
    const { data } = await client.from("profiles").select("full_name").eq("full_name", "Rita Rep");
    expect(data).toHaveLength(1);
  });
});
