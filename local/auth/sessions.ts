/**
 * Sessions and their refresh tokens (auth.sessions, auth.refresh_tokens, auth.mfa_amr_claims).
 *
 * Rotation as Supabase Auth does it: each refresh revokes the presented token and issues a child
 * (`parent` = the old token) in the same session. A revoked token presented again within the reuse
 * window after its revocation is accepted (several tabs refreshing at once): the parent of the
 * session's live token gets that live token back, an older one a new child. After the window it
 * is reuse: the whole token family is revoked and the caller gets `refresh_token_already_used`.
 * (Supabase Auth also accepts the live token's parent after the window; the contract does not.) Signing out deletes sessions, so their tokens are not found anymore
 * and access tokens naming them get `session_not_found`.
 */
import type pg from "pg";
import { withTransaction, type Db } from "./db.ts";
import { refreshTokenAlreadyUsed, refreshTokenNotFound, userBanned } from "./errors.ts";
import { generateRefreshToken, type AmrEntry } from "./tokens.ts";

export const DEFAULT_REUSE_WINDOW_MS = 10_000;

export interface NewSession {
  sessionId: string;
  refreshToken: string;
  amr: AmrEntry[];
}

export async function createSession(
  db: Db,
  userId: string,
  opts: { method: string; userAgent?: string; ip?: string },
): Promise<NewSession> {
  const { rows } = await db.query<{ id: string; created_at: Date }>(
    `insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip)
     values (gen_random_uuid(), $1, now(), now(), 'aal1', $2, $3::inet)
     returning id, created_at`,
    [userId, opts.userAgent ?? null, opts.ip ?? null],
  );
  const session = rows[0]!;
  await db.query(
    `insert into auth.mfa_amr_claims (id, session_id, created_at, updated_at, authentication_method)
     values (gen_random_uuid(), $1, now(), now(), $2)`,
    [session.id, opts.method],
  );
  const refreshToken = await insertRefreshToken(db, { userId, sessionId: session.id, parent: null });
  return {
    sessionId: session.id,
    refreshToken,
    amr: [{ method: opts.method, timestamp: Math.floor(session.created_at.getTime() / 1000) }],
  };
}

async function insertRefreshToken(db: Db, t: { userId: string; sessionId: string; parent: string | null }): Promise<string> {
  const token = generateRefreshToken();
  await db.query(
    `insert into auth.refresh_tokens (token, user_id, revoked, parent, session_id, created_at, updated_at)
     values ($1, $2, false, $3, $4, now(), now())`,
    [token, t.userId, t.parent, t.sessionId],
  );
  return token;
}

export async function sessionExists(db: Db, sessionId: string): Promise<boolean> {
  const { rowCount } = await db.query("select 1 from auth.sessions where id = $1", [sessionId]);
  return (rowCount ?? 0) > 0;
}

/** The `amr` claim of a session: how and when it was signed in. */
export async function amrOf(db: Db, sessionId: string): Promise<AmrEntry[]> {
  const { rows } = await db.query<{ method: string; timestamp: string }>(
    `select authentication_method as method, floor(extract(epoch from updated_at))::bigint as timestamp
     from auth.mfa_amr_claims where session_id = $1 order by updated_at desc`,
    [sessionId],
  );
  return rows.map((row) => ({ method: row.method, timestamp: Number(row.timestamp) }));
}

export interface Rotation {
  userId: string;
  sessionId: string;
  refreshToken: string;
}

interface TokenRow {
  token: string;
  revoked: boolean;
  session_id: string | null;
  user_id: string;
  within_window: boolean;
}

/** The refresh_token grant. Throws refresh_token_not_found / _already_used / user_banned. */
export async function rotateRefreshToken(pool: pg.Pool, presented: string, reuseWindowMs: number): Promise<Rotation> {
  const outcome = await withTransaction(pool, async (client): Promise<Rotation | "reused"> => {
    const located = await client.query<{ session_id: string | null }>(
      "select session_id from auth.refresh_tokens where token = $1",
      [presented],
    );
    const sessionId = located.rows[0]?.session_id;
    if (!sessionId) throw refreshTokenNotFound();

    // One rotation per session at a time: concurrent refreshes queue here and see each other's result.
    const session = await client.query<{ user_id: string; is_banned: boolean }>(
      `select s.user_id, coalesce(u.banned_until > now(), false) as is_banned
       from auth.sessions s join auth.users u on u.id = s.user_id
       where s.id = $1 for update of s`,
      [sessionId],
    );
    const owner = session.rows[0];
    if (!owner) throw refreshTokenNotFound();
    if (owner.is_banned) throw userBanned();

    const { rows } = await client.query<TokenRow>(
      `select token, revoked, session_id, user_id,
              updated_at + make_interval(secs => $2::float8 / 1000) >= now() as within_window
       from auth.refresh_tokens where token = $1`,
      [presented, reuseWindowMs],
    );
    const token = rows[0];
    if (!token || token.session_id !== sessionId) throw refreshTokenNotFound();

    let issued: string;
    if (!token.revoked) {
      await client.query("update auth.refresh_tokens set revoked = true, updated_at = now() where token = $1", [presented]);
      issued = await insertRefreshToken(client, { userId: owner.user_id, sessionId, parent: presented });
    } else {
      const live = await client.query<{ token: string; parent: string | null }>(
        `select token, parent from auth.refresh_tokens
         where session_id = $1 and revoked = false order by id desc limit 1`,
        [sessionId],
      );
      const active = live.rows[0];
      if (!active || !token.within_window) {
        // Reuse outside the window: whoever holds this family is not to be trusted anymore.
        await client.query("update auth.refresh_tokens set revoked = true where session_id = $1 and revoked = false", [sessionId]);
        return "reused";
      }
      issued =
        active.parent === presented
          ? active.token
          : await insertRefreshToken(client, { userId: owner.user_id, sessionId, parent: presented });
    }
    await client.query(
      "update auth.sessions set refreshed_at = timezone('utc', now()), updated_at = now() where id = $1",
      [sessionId],
    );
    return { userId: owner.user_id, sessionId, refreshToken: issued };
  });
  if (outcome === "reused") throw refreshTokenAlreadyUsed();
  return outcome;
}

export type LogoutScope = "global" | "local" | "others";

/** Ends sessions of a user; without a session id (hand-made tokens) every session ends. */
export async function logout(db: Db, userId: string, sessionId: string | undefined, scope: LogoutScope): Promise<void> {
  if (!sessionId || scope === "global") {
    await db.query("delete from auth.sessions where user_id = $1", [userId]);
  } else if (scope === "local") {
    await db.query("delete from auth.sessions where id = $1", [sessionId]);
  } else {
    await db.query("delete from auth.sessions where user_id = $1 and id <> $2", [userId, sessionId]);
  }
}
