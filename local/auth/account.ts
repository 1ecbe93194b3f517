/**
 * The routes a user calls for themself: sign-up, the password and refresh_token grants, reading and
 * updating their user, signing out.
 */
import { randomUUID } from "node:crypto";
import { isUniqueViolation, withTransaction, type Db } from "./db.ts";
import type { RequestContext } from "./context.ts";
import {
  AuthError,
  badRequest,
  emailExists,
  invalidCredentials,
  refreshTokenNotFound,
  unprocessable,
  userAlreadyExists,
  userBanned,
  validationFailed,
} from "./errors.ts";
import { requireUser } from "./guards.ts";
import { json, noContent, type Reply } from "./http.ts";
import { amrOf, createSession, logout, rotateRefreshToken, type LogoutScope } from "./sessions.ts";
import { accessTokenClaims, sessionResponse, type AmrEntry } from "./tokens.ts";
import {
  confirmEmail,
  findUserByEmail,
  findUserById,
  identitiesOf,
  identityData,
  insertEmailIdentity,
  insertUser,
  loadUserJson,
  markConfirmationSent,
  passwordMatches,
  setEmail,
  setPassword,
  setUserMetadata,
  touchLastSignIn,
  userJson,
} from "./users.ts";
import {
  checkMetadata,
  checkPasswordStrength,
  MAX_EMAIL_LENGTH,
  MAX_PASSWORD_LENGTH,
  mergeMetadata,
  parseBody,
  passwordGrantBody,
  refreshGrantBody,
  signupBody,
  userUpdateBody,
  validateEmail,
} from "./validation.ts";

const EMAIL_APP_METADATA = { provider: "email", providers: ["email"] };

function tooManyRequests(): AuthError {
  return new AuthError(429, "over_request_rate_limit", "Request rate limit reached");
}

function limit(ctx: RequestContext, which: "signInSignUps" | "tokenRefresh") {
  const limiter = ctx.settings.limits[which];
  if (limiter && !limiter.take(ctx.ip ?? "unknown")) throw tooManyRequests();
}

/** The session answer: a token for `userId` in `sessionId`, with the user as stored now. */
async function sessionReply(ctx: RequestContext, db: Db, userId: string, sessionId: string, refreshToken: string, amr: AmrEntry[]) {
  const user = await findUserById(db, userId);
  if (!user) throw new Error(`user ${userId} disappeared while its session was issued`);
  const identities = await identitiesOf(db, [userId]);
  const claims = accessTokenClaims({
    user,
    sessionId,
    amr,
    issuer: ctx.settings.issuer,
    issuedAt: Math.floor(Date.now() / 1000),
    expirySeconds: ctx.settings.jwtExpirySeconds,
  });
  return sessionResponse({
    claims,
    secret: ctx.settings.jwtSecret,
    refreshToken,
    user: userJson(user, identities.get(userId) ?? []),
  });
}

async function signIn(ctx: RequestContext, db: Db, userId: string) {
  const session = await createSession(db, userId, {
    method: "password",
    userAgent: ctx.req.headers["user-agent"],
    ip: ctx.ip,
  });
  await touchLastSignIn(db, userId);
  return sessionReply(ctx, db, userId, session.sessionId, session.refreshToken, session.amr);
}

/** With confirmations on, a repeated sign-up must not reveal that the address is taken. */
function obfuscatedUser(email: string, data: Record<string, unknown>) {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    aud: "authenticated",
    role: "",
    email,
    phone: "",
    confirmation_sent_at: now,
    app_metadata: EMAIL_APP_METADATA,
    user_metadata: data,
    identities: [],
    created_at: now,
    updated_at: now,
    is_anonymous: false,
  };
}

export async function signup(ctx: RequestContext): Promise<Reply> {
  limit(ctx, "signInSignUps");
  const params = parseBody(signupBody, await ctx.body());
  const password = params.password ?? "";
  const rawEmail = params.email ?? "";
  const phone = params.phone ?? "";

  if (password === "") throw validationFailed("Signup requires a valid password");
  checkPasswordStrength(password);
  if (rawEmail !== "" && phone !== "") {
    throw validationFailed("Only an email address or phone number should be provided on signup.");
  }
  if (rawEmail === "") {
    if (phone !== "") throw badRequest("phone_provider_disabled", "Phone signups are disabled");
    throw validationFailed("Sign up only available with email provider");
  }
  const email = validateEmail(rawEmail);
  const data = params.data ?? {};
  checkMetadata({ ...data, email_verified: true }, EMAIL_APP_METADATA);

  const { pool, autoconfirm } = ctx.settings;
  const existing = await findUserByEmail(pool, email);
  if (existing) {
    // Supabase would confirm an unconfirmed account here without checking its password; not we.
    if (autoconfirm) throw userAlreadyExists();
    if (!existing.email_confirmed_at) await markConfirmationSent(pool, existing.id, randomUUID());
    return json(obfuscatedUser(email, data));
  }

  try {
    return json(
      await withTransaction(pool, async (client) => {
        const id = randomUUID();
        await insertUser(client, {
          id,
          email,
          password: { plain: password },
          role: "authenticated",
          aud: "authenticated",
          userMetadata: data,
          appMetadata: EMAIL_APP_METADATA,
        });
        const identity = identityData(id, email);
        for (const [key, value] of Object.entries(data)) if (!(key in identity)) identity[key] = value;
        await insertEmailIdentity(client, id, identity);
        if (!autoconfirm) {
          await markConfirmationSent(client, id, randomUUID());
          return (await loadUserJson(client, id))!;
        }
        await confirmEmail(client, id);
        return signIn(ctx, client, id);
      }),
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw userAlreadyExists();
    throw error;
  }
}

export async function token(ctx: RequestContext): Promise<Reply> {
  const grant = ctx.url.searchParams.get("grant_type");
  if (grant === "password") return passwordGrant(ctx);
  if (grant === "refresh_token") return refreshGrant(ctx);
  throw badRequest("invalid_credentials", "unsupported_grant_type");
}

async function passwordGrant(ctx: RequestContext): Promise<Reply> {
  limit(ctx, "signInSignUps");
  const params = parseBody(passwordGrantBody, await ctx.body());
  const email = params.email ?? "";
  const phone = params.phone ?? "";
  const password = params.password ?? "";
  if (email !== "" && phone !== "") {
    throw validationFailed("Only an email address or phone number should be provided on login.");
  }
  if (email === "") {
    if (phone !== "") throw unprocessable("phone_provider_disabled", "Phone logins are disabled");
    throw validationFailed("missing email or phone");
  }
  const { pool } = ctx.settings;
  const user = email.length <= MAX_EMAIL_LENGTH ? await findUserByEmail(pool, email) : undefined;
  if (!user || !user.has_password) throw invalidCredentials();
  if (user.is_banned) throw userBanned();
  const comparable = Buffer.byteLength(password) <= MAX_PASSWORD_LENGTH && !password.includes("\u0000");
  if (!comparable || !(await passwordMatches(pool, user.id, password))) throw invalidCredentials();
  if (!user.email_confirmed_at) throw badRequest("email_not_confirmed", "Email not confirmed");

  return json(await withTransaction(pool, (client) => signIn(ctx, client, user.id)));
}

async function refreshGrant(ctx: RequestContext): Promise<Reply> {
  limit(ctx, "tokenRefresh");
  const params = parseBody(refreshGrantBody, await ctx.body());
  const presented = params.refresh_token ?? "";
  if (presented === "") throw validationFailed("refresh_token required");
  if (presented.length > 255 || presented.includes("\u0000")) throw refreshTokenNotFound();

  const { pool, reuseWindowMs } = ctx.settings;
  const rotation = await rotateRefreshToken(pool, presented, reuseWindowMs);
  const amr = await amrOf(pool, rotation.sessionId);
  return json(await sessionReply(ctx, pool, rotation.userId, rotation.sessionId, rotation.refreshToken, amr));
}

export async function getUser(ctx: RequestContext): Promise<Reply> {
  const { user } = await requireUser(ctx.req, ctx.settings.pool, ctx.settings.jwtSecret);
  const identities = await identitiesOf(ctx.settings.pool, [user.id]);
  return json(userJson(user, identities.get(user.id) ?? []));
}

export async function updateUser(ctx: RequestContext): Promise<Reply> {
  const { pool, jwtSecret, autoconfirm } = ctx.settings;
  const caller = await requireUser(ctx.req, pool, jwtSecret);
  const params = parseBody(userUpdateBody, await ctx.body());

  const email = params.email ? validateEmail(params.email) : undefined;
  if (params.phone) throw unprocessable("phone_provider_disabled", "Phone logins are disabled");
  const password = params.password ?? undefined;
  if (password !== undefined) checkPasswordStrength(password);

  try {
    const user = await withTransaction(pool, async (client) => {
      const user = await findUserById(client, caller.user.id, { forUpdate: true });
      if (!user) throw new AuthError(403, "user_not_found", "User from sub claim in JWT does not exist");

      if (params.data) {
        const merged = mergeMetadata(user.raw_user_meta_data ?? {}, params.data);
        checkMetadata(merged, user.raw_app_meta_data ?? {});
        await setUserMetadata(client, user.id, merged);
      }
      if (password !== undefined) {
        if (user.has_password && (await passwordMatches(client, user.id, password))) {
          throw unprocessable("same_password", "New password should be different from the old password.");
        }
        await setPassword(client, user.id, password);
        // A new password ends every other session, as in Supabase.
        await logout(client, user.id, caller.sessionId, "others");
      }
      if (email !== undefined && email !== user.email) {
        const owner = await findUserByEmail(client, email);
        if (owner && owner.id !== user.id) throw emailExists();
        if (autoconfirm) {
          await setEmail(client, user.id, email);
          if (!user.email_confirmed_at) await confirmEmail(client, user.id);
        } else {
          await client.query(
            "update auth.users set email_change = $2, email_change_sent_at = now(), updated_at = now() where id = $1",
            [user.id, email],
          );
        }
      }
      return (await loadUserJson(client, user.id))!;
    });
    return json(user);
  } catch (error) {
    if (isUniqueViolation(error)) throw emailExists();
    throw error;
  }
}

const SCOPES: readonly string[] = ["global", "local", "others"];

export async function signOut(ctx: RequestContext): Promise<Reply> {
  const { pool, jwtSecret } = ctx.settings;
  const caller = await requireUser(ctx.req, pool, jwtSecret);
  const scope = ctx.url.searchParams.get("scope") || "global";
  if (!SCOPES.includes(scope)) throw validationFailed(`Unsupported logout scope ${JSON.stringify(scope)}`);
  await logout(pool, caller.user.id, caller.sessionId, scope as LogoutScope);
  return noContent();
}
