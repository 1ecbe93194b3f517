import { describe, expect, it } from "vitest";
import { ANON_KEY, JWT_SECRET, SERVICE_ROLE_KEY } from "./config.ts";
import { JwtError, signJwt, verifyJwt } from "./jwt.ts";

describe("jwt", () => {
  it("produces the Supabase CLI's well-known local keys", () => {
    expect(verifyJwt(ANON_KEY, JWT_SECRET)).toEqual({ iss: "supabase-demo", role: "anon", exp: 1983812996 });
    expect(verifyJwt(SERVICE_ROLE_KEY, JWT_SECRET)).toMatchObject({ role: "service_role" });
    expect(ANON_KEY).toBe(
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0",
    );
  });

  it("rejects tampered, foreign and expired tokens with a reason", () => {
    const token = signJwt({ sub: "u1", exp: 2_000_000_000 }, JWT_SECRET);
    const [h, , s] = token.split(".");
    const tampered = `${h}.${Buffer.from(JSON.stringify({ sub: "admin", exp: 2_000_000_000 })).toString("base64url")}.${s}`;
    expect(() => verifyJwt(tampered, JWT_SECRET)).toThrow(JwtError);
    expect(() => verifyJwt(signJwt({ sub: "u1" }, "another-secret-of-at-least-32-characters"), JWT_SECRET)).toThrow(/signature/);
    expect(() => verifyJwt(signJwt({ sub: "u1", exp: 10 }, JWT_SECRET), JWT_SECRET)).toThrow(/expired/);
    expect(() => verifyJwt("not.a.jwt.at.all", JWT_SECRET)).toThrow(/malformed/);
    expect(() => verifyJwt("e30.e30.", JWT_SECRET)).toThrow(JwtError);
  });
});
