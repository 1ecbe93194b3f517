import { describe, expect, it } from "vitest";
import { signJwt, verifyJwt } from "../jwt.ts";
import { AuthError } from "./errors.ts";
import { accessTokenClaims, extractBearer, generateRefreshToken, sessionResponse, verifyBearer } from "./tokens.ts";

const SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";
const user = {
  id: "7bd64eff-f2b1-4ae1-92b2-d8845c9e8fa9",
  role: "authenticated",
  email: "ada@example.com",
  phone: null,
  raw_app_meta_data: { provider: "email", providers: ["email"] },
  raw_user_meta_data: { full_name: "Ada" },
  is_anonymous: false,
};

function refusal(fn: () => unknown): AuthError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  throw new Error("expected an AuthError");
}

describe("access tokens", () => {
  const claims = accessTokenClaims({
    user,
    sessionId: "0abbc161-ac33-4cd8-bcf7-9e20c3f87d3d",
    amr: [{ method: "password", timestamp: 1_700_000_000 }],
    issuer: "http://127.0.0.1:54321/auth/v1",
    issuedAt: 1_700_000_000,
    expirySeconds: 3600,
  });

  it("carries exactly Supabase's claims", () => {
    expect(claims).toEqual({
      iss: "http://127.0.0.1:54321/auth/v1",
      sub: user.id,
      aud: "authenticated",
      exp: 1_700_003_600,
      iat: 1_700_000_000,
      email: "ada@example.com",
      phone: "",
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: { full_name: "Ada" },
      role: "authenticated",
      aal: "aal1",
      amr: [{ method: "password", timestamp: 1_700_000_000 }],
      session_id: "0abbc161-ac33-4cd8-bcf7-9e20c3f87d3d",
      is_anonymous: false,
    });
  });

  it("wraps them in the session shape supabase-js accepts", () => {
    const session = sessionResponse({ claims, secret: SECRET, refreshToken: "rt", user: { id: user.id } });
    expect(session).toMatchObject({ token_type: "bearer", expires_in: 3600, expires_at: 1_700_003_600, refresh_token: "rt", user: { id: user.id } });
    expect(verifyJwt(session.access_token, SECRET, 1_700_000_001)).toEqual(claims);
  });

  it("uses the user's role, authenticated when none is stored", () => {
    const base = { sessionId: "s", amr: [], issuer: "i", issuedAt: 0, expirySeconds: 1 };
    expect(accessTokenClaims({ ...base, user: { ...user, role: null } }).role).toBe("authenticated");
    expect(accessTokenClaims({ ...base, user: { ...user, role: "support" } }).role).toBe("support");
  });
});

it("refresh tokens are unguessable and distinct", () => {
  const tokens = new Set(Array.from({ length: 100 }, generateRefreshToken));
  expect(tokens.size).toBe(100);
  for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
});

describe("extractBearer", () => {
  it("reads the token case-insensitively", () => {
    expect(extractBearer("Bearer abc.def.ghi")).toBe("abc.def.ghi");
    expect(extractBearer("bearer abc")).toBe("abc");
  });

  it.each([undefined, "", "Basic abc", "Bearer", "Bearer a b"])("answers 401 no_authorization for %j", (header) => {
    const error = refusal(() => extractBearer(header));
    expect([error.status, error.code, error.message]).toEqual([401, "no_authorization", "This endpoint requires a valid Bearer token"]);
  });
});

describe("verifyBearer", () => {
  it("returns the claims of a valid token", () => {
    expect(verifyBearer(signJwt({ sub: "x", role: "anon" }, SECRET), SECRET)).toEqual({ sub: "x", role: "anon" });
  });

  it.each([
    ["garbage", "token is malformed"],
    [signJwt({ sub: "x" }, "another-secret-another-secret-another-secret"), "signature is invalid"],
    [signJwt({ sub: "x", exp: 1 }, SECRET), "token is expired"],
  ])("answers 403 bad_jwt for %j", (token, reason) => {
    const error = refusal(() => verifyBearer(token, SECRET));
    expect([error.status, error.code]).toEqual([403, "bad_jwt"]);
    expect(error.message).toMatch(/^invalid JWT: unable to parse or verify signature, /);
    expect(error.message).toContain(reason);
  });
});
