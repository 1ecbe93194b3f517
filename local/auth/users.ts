/**
 * auth.users and auth.identities, written with plain SQL so that triggers on auth.users (profile
 * creation) fire as they do under Supabase Auth: the same INSERT first, then the same UPDATEs
 * (confirmation, app_metadata, last sign-in). Passwords are bcrypt hashes made by pgcrypto.
 */
import type { Db } from "./db.ts";
import type { TokenUser } from "./tokens.ts";

const NIL_UUID = "00000000-0000-0000-0000-000000000000";

export interface UserRow extends TokenUser {
  aud: string | null;
  email_confirmed_at: Date | null;
  phone_confirmed_at: Date | null;
  confirmed_at: Date | null;
  invited_at: Date | null;
  confirmation_sent_at: Date | null;
  recovery_sent_at: Date | null;
  email_change: string | null;
  email_change_sent_at: Date | null;
  phone_change: string | null;
  phone_change_sent_at: Date | null;
  reauthentication_sent_at: Date | null;
  last_sign_in_at: Date | null;
  created_at: Date;
  updated_at: Date;
  banned_until: Date | null;
  deleted_at: Date | null;
  is_banned: boolean;
  has_password: boolean;
}

export interface IdentityRow {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: Record<string, unknown>;
  provider: string;
  last_sign_in_at: Date | null;
  created_at: Date;
  updated_at: Date;
  email: string | null;
}

// Never encrypted_password itself: only whether there is one.
const USER_COLUMNS = `
  u.id, u.aud, u.role, u.email, u.phone, u.email_confirmed_at, u.phone_confirmed_at, u.confirmed_at,
  u.invited_at, u.confirmation_sent_at, u.recovery_sent_at, u.email_change, u.email_change_sent_at,
  u.phone_change, u.phone_change_sent_at, u.reauthentication_sent_at, u.last_sign_in_at,
  u.raw_app_meta_data, u.raw_user_meta_data, u.created_at, u.updated_at, u.banned_until, u.deleted_at,
  u.is_anonymous, coalesce(u.banned_until > now(), false) as is_banned,
  coalesce(u.encrypted_password, '') <> '' as has_password`;

export async function findUserById(db: Db, id: string, { forUpdate = false } = {}): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users u where u.id = $1 ${forUpdate ? "for update" : ""}`,
    [id],
  );
  return rows[0];
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users u where lower(u.email) = lower($1) and u.is_sso_user = false`,
    [email],
  );
  return rows[0];
}

/**
 * Compares with the stored bcrypt hash in SQL. pgcrypto speaks `$2a$`; `$2b$`/`$2y$` hashes (other
 * bcrypt libraries, seeds) are the same algorithm and are compared under the `$2a$` prefix.
 */
export async function passwordMatches(db: Db, userId: string, password: string): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>(
    `select case
       when encrypted_password ~ '^\\$2[aby]\\$'
         then overlay(encrypted_password placing '$2a$' from 1 for 4)
              = extensions.crypt($2, overlay(encrypted_password placing '$2a$' from 1 for 4))
       else false
     end as ok
     from auth.users where id = $1`,
    [userId, password],
  );
  return rows[0]?.ok ?? false;
}

export type PasswordInput = { plain: string } | { hash: string };

export async function insertUser(
  db: Db,
  user: {
    id: string;
    email: string;
    password: PasswordInput;
    role: string;
    aud: string;
    userMetadata: Record<string, unknown>;
    appMetadata: Record<string, unknown>;
  },
): Promise<void> {
  const passwordSql = "plain" in user.password ? "extensions.crypt($4, extensions.gen_salt('bf'))" : "$4";
  const passwordValue = "plain" in user.password ? user.password.plain : user.password.hash;
  await db.query(
    `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, raw_app_meta_data,
                             raw_user_meta_data, is_anonymous, created_at, updated_at)
     values ($1, $2, $3, $5, $6, ${passwordSql}, $7, $8, false, now(), now())`,
    [NIL_UUID, user.id, user.aud, passwordValue, user.role, user.email, user.appMetadata, user.userMetadata],
  );
}

export async function insertEmailIdentity(db: Db, userId: string, identityData: Record<string, unknown>): Promise<void> {
  await db.query(
    `insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
     values (gen_random_uuid(), $1::text, $1::uuid, $2, 'email', now(), now(), now())`,
    [userId, identityData],
  );
}

/** Supabase's confirmation: sets email_confirmed_at and `email_verified: true` in user_metadata. */
export async function confirmEmail(db: Db, userId: string): Promise<void> {
  await db.query(
    `update auth.users set email_confirmed_at = now(), confirmation_token = '',
       raw_user_meta_data = coalesce(raw_user_meta_data, '{}'::jsonb) || '{"email_verified": true}'::jsonb,
       updated_at = now()
     where id = $1`,
    [userId],
  );
}

/** Signing up without auto-confirmation: a confirmation would be mailed now. */
export async function markConfirmationSent(db: Db, userId: string, token: string): Promise<void> {
  await db.query(
    `update auth.users set confirmation_token = encode(extensions.digest($2, 'sha224'), 'hex'),
       confirmation_sent_at = now(), updated_at = now()
     where id = $1`,
    [userId, token],
  );
}

export async function touchLastSignIn(db: Db, userId: string): Promise<void> {
  await db.query("update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1", [userId]);
}

export async function setPassword(db: Db, userId: string, password: string): Promise<void> {
  await db.query(
    `update auth.users set encrypted_password = extensions.crypt($2, extensions.gen_salt('bf')),
       recovery_token = '', recovery_sent_at = null, reauthentication_token = '', reauthentication_sent_at = null,
       updated_at = now()
     where id = $1`,
    [userId, password],
  );
}

/** Changes the email of the user and of its email identity. */
export async function setEmail(db: Db, userId: string, email: string, emailVerified?: boolean): Promise<void> {
  await db.query("update auth.users set email = $2, email_change = '', updated_at = now() where id = $1", [userId, email]);
  const verified = emailVerified === undefined ? {} : { email_verified: emailVerified };
  const { rowCount } = await db.query(
    `update auth.identities set identity_data = identity_data || $2::jsonb, updated_at = now()
     where user_id = $1 and provider = 'email'`,
    [userId, { email, ...verified }],
  );
  if (rowCount === 0) await insertEmailIdentity(db, userId, identityData(userId, email, emailVerified ?? false));
}

export async function setUserMetadata(db: Db, userId: string, metadata: Record<string, unknown>): Promise<void> {
  await db.query("update auth.users set raw_user_meta_data = $2, updated_at = now() where id = $1", [userId, metadata]);
}

export async function setAppMetadata(db: Db, userId: string, metadata: Record<string, unknown>): Promise<void> {
  await db.query("update auth.users set raw_app_meta_data = $2, updated_at = now() where id = $1", [userId, metadata]);
}

export async function setRole(db: Db, userId: string, role: string): Promise<void> {
  await db.query("update auth.users set role = $2, updated_at = now() where id = $1", [userId, role]);
}

/** 0 seconds lifts the ban; a negative duration ends up in the past, which is no ban either. */
export async function ban(db: Db, userId: string, seconds: number): Promise<void> {
  await db.query(
    `update auth.users set banned_until = case when $2::float8 = 0 then null else now() + make_interval(secs => $2::float8) end,
       updated_at = now()
     where id = $1`,
    [userId, seconds],
  );
}

/** Hard delete: identities, sessions and refresh tokens go with the user (foreign keys cascade). */
export async function deleteUser(db: Db, userId: string): Promise<boolean> {
  const { rowCount } = await db.query("delete from auth.users where id = $1", [userId]);
  return (rowCount ?? 0) > 0;
}

export async function listUsers(
  db: Db,
  opts: { page: number; perPage: number; filter: string },
): Promise<{ users: UserRow[]; total: number }> {
  const filter = opts.filter === "" ? null : `%${opts.filter.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const where = `u.aud = 'authenticated' and ($1::text is null or u.email ilike $1 or u.raw_user_meta_data ->> 'full_name' ilike $1)`;
  const offset = Math.min((opts.page - 1) * opts.perPage, Number.MAX_SAFE_INTEGER);
  const { rows } = await db.query<UserRow>(
    `select ${USER_COLUMNS} from auth.users u where ${where} order by u.created_at desc, u.id limit $2 offset $3`,
    [filter, opts.perPage, offset],
  );
  const count = await db.query<{ total: string }>(`select count(*) as total from auth.users u where ${where}`, [filter]);
  return { users: rows, total: Number(count.rows[0]!.total) };
}

export async function identitiesOf(db: Db, userIds: string[]): Promise<Map<string, IdentityRow[]>> {
  const byUser = new Map<string, IdentityRow[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const { rows } = await db.query<IdentityRow>(
    `select id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at, email
     from auth.identities where user_id = any($1::uuid[]) order by created_at, id`,
    [userIds],
  );
  for (const row of rows) byUser.get(row.user_id)?.push(row);
  return byUser;
}

/** The identity data Supabase records for an email sign-up (provider.Claims). */
export function identityData(userId: string, email: string, emailVerified = false): Record<string, unknown> {
  return { sub: userId, email, email_verified: emailVerified, phone_verified: false };
}

const iso = (value: Date | null) => (value ? value.toISOString() : undefined);

function withoutUndefined(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

export function identityJson(identity: IdentityRow): Record<string, unknown> {
  return withoutUndefined({
    identity_id: identity.id,
    id: identity.provider_id,
    user_id: identity.user_id,
    identity_data: identity.identity_data,
    provider: identity.provider,
    last_sign_in_at: iso(identity.last_sign_in_at),
    created_at: iso(identity.created_at),
    updated_at: iso(identity.updated_at),
    email: identity.email ?? undefined,
  });
}

/** The user object of Supabase Auth's API (its Go struct's JSON, with the same optional fields). */
export function userJson(user: UserRow, identities: IdentityRow[]): Record<string, unknown> {
  return withoutUndefined({
    id: user.id,
    aud: user.aud ?? "",
    role: user.role ?? "",
    email: user.email ?? "",
    email_confirmed_at: iso(user.email_confirmed_at),
    invited_at: iso(user.invited_at),
    phone: user.phone ?? "",
    phone_confirmed_at: iso(user.phone_confirmed_at),
    confirmation_sent_at: iso(user.confirmation_sent_at),
    confirmed_at: iso(user.confirmed_at),
    recovery_sent_at: iso(user.recovery_sent_at),
    new_email: user.email_change || undefined,
    email_change_sent_at: iso(user.email_change_sent_at),
    new_phone: user.phone_change || undefined,
    phone_change_sent_at: iso(user.phone_change_sent_at),
    reauthentication_sent_at: iso(user.reauthentication_sent_at),
    last_sign_in_at: iso(user.last_sign_in_at),
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    identities: identities.map(identityJson),
    created_at: iso(user.created_at),
    updated_at: iso(user.updated_at),
    banned_until: iso(user.banned_until),
    deleted_at: iso(user.deleted_at),
    is_anonymous: user.is_anonymous,
  });
}

/** Loads a user with identities and renders it; undefined when the user is gone. */
export async function loadUserJson(db: Db, userId: string): Promise<Record<string, unknown> | undefined> {
  const user = await findUserById(db, userId);
  if (!user) return undefined;
  const identities = await identitiesOf(db, [user.id]);
  return userJson(user, identities.get(user.id) ?? []);
}
