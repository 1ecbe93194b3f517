/**
 * Who is calling: a signed-in user (routes under /user, /logout) or an admin (/admin/*), checked in
 * the order and with the answers of Supabase Auth's requireAuthentication / requireAdmin.
 */
import type http from "node:http";
import type { JwtClaims } from "../jwt.ts";
import type { Db } from "./db.ts";
import { badRequest, forbidden } from "./errors.ts";
import { sessionExists } from "./sessions.ts";
import { extractBearer, verifyBearer } from "./tokens.ts";
import { findUserById, type UserRow } from "./users.ts";
import { isUuid } from "./validation.ts";

const NIL_UUID = "00000000-0000-0000-0000-000000000000";
export const ADMIN_ROLES = ["service_role", "supabase_admin"];

export interface Caller {
  claims: JwtClaims;
  user: UserRow;
  /** Absent for tokens that name no session (hand-made ones). */
  sessionId?: string;
}

export async function requireUser(req: http.IncomingMessage, db: Db, secret: string): Promise<Caller> {
  const claims = verifyBearer(extractBearer(req.headers.authorization), secret);
  const sub = claims.sub;
  if (sub === undefined || sub === null || sub === "") throw forbidden("bad_jwt", "invalid claim: missing sub claim");
  if (!isUuid(sub)) throw badRequest("bad_jwt", "invalid claim: sub claim must be a UUID");

  const user = await findUserById(db, sub);
  if (!user) throw forbidden("user_not_found", "User from sub claim in JWT does not exist");

  let sessionId: string | undefined;
  const sid = claims.session_id;
  if (sid !== undefined && sid !== null && sid !== "" && sid !== NIL_UUID) {
    if (!isUuid(sid)) throw forbidden("bad_jwt", "invalid claim: session_id claim must be a UUID");
    if (!(await sessionExists(db, sid))) {
      throw forbidden("session_not_found", "Session from session_id claim in JWT does not exist");
    }
    sessionId = sid;
  }
  if (user.is_banned) throw forbidden("user_banned", "User is banned");
  return { claims, user, sessionId };
}

export function requireAdmin(req: http.IncomingMessage, secret: string): JwtClaims {
  const claims = verifyBearer(extractBearer(req.headers.authorization), secret);
  if (typeof claims.role !== "string" || !ADMIN_ROLES.includes(claims.role)) {
    throw forbidden("not_admin", "User not allowed");
  }
  return claims;
}
