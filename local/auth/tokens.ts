/**
 * Access tokens as Supabase Auth signs them (HS256 with the project's JWT secret, which PostgREST
 * verifies too), the session response around them, and reading the Bearer token of a request.
 */
import { randomBytes } from "node:crypto";
import { JwtError, signJwt, verifyJwt, type JwtClaims } from "../jwt.ts";
import { AuthError, forbidden } from "./errors.ts";

export const DEFAULT_JWT_EXPIRY_SECONDS = 3600;

export interface AmrEntry {
  method: string;
  timestamp: number;
}

/** The user fields that go into a token. */
export interface TokenUser {
  id: string;
  role: string | null;
  email: string | null;
  phone: string | null;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  is_anonymous: boolean;
}

export interface AccessTokenClaims extends JwtClaims {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
  iat: number;
  email: string;
  phone: string;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  role: string;
  aal: string;
  amr: AmrEntry[];
  session_id: string;
  is_anonymous: boolean;
}

export function accessTokenClaims(opts: {
  user: TokenUser;
  sessionId: string;
  amr: AmrEntry[];
  issuer: string;
  issuedAt: number;
  expirySeconds: number;
}): AccessTokenClaims {
  const { user } = opts;
  return {
    iss: opts.issuer,
    sub: user.id,
    aud: "authenticated",
    exp: opts.issuedAt + opts.expirySeconds,
    iat: opts.issuedAt,
    email: user.email ?? "",
    phone: user.phone ?? "",
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role || "authenticated",
    aal: "aal1",
    amr: opts.amr,
    session_id: opts.sessionId,
    is_anonymous: user.is_anonymous,
  };
}

export interface SessionResponse {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: unknown;
}

export function sessionResponse(opts: {
  claims: AccessTokenClaims;
  secret: string;
  refreshToken: string;
  user: unknown;
}): SessionResponse {
  return {
    access_token: signJwt(opts.claims, opts.secret),
    token_type: "bearer",
    expires_in: opts.claims.exp - opts.claims.iat,
    expires_at: opts.claims.exp,
    refresh_token: opts.refreshToken,
    user: opts.user,
  };
}

/** Opaque and unguessable; Supabase's are 12 characters, these carry more entropy. */
export function generateRefreshToken(): string {
  return randomBytes(24).toString("base64url");
}

const BEARER = /^bearer (\S+)$/i;

/** The token of `Authorization: Bearer <token>`, or 401 no_authorization. */
export function extractBearer(header: string | undefined): string {
  const match = BEARER.exec(header ?? "");
  if (!match) throw new AuthError(401, "no_authorization", "This endpoint requires a valid Bearer token");
  return match[1]!;
}

// Go's jwt library words its failures like this; Supabase prefixes them.
const JWT_REASONS: Record<string, string> = {
  "token is malformed": "token is malformed: could not parse the token",
  "signature is invalid": "token signature is invalid: signature is invalid",
  "token has expired": "token has invalid claims: token is expired",
};

export function verifyBearer(token: string, secret: string): JwtClaims {
  try {
    return verifyJwt(token, secret);
  } catch (error) {
    if (!(error instanceof JwtError)) throw error;
    const reason = JWT_REASONS[error.message] ?? error.message;
    throw forbidden("bad_jwt", `invalid JWT: unable to parse or verify signature, ${reason}`);
  }
}
