/** /admin/users: what `supabase.auth.admin.*` calls with the service role key. */
import { randomBytes, randomUUID } from "node:crypto";
import { isUniqueViolation, withTransaction } from "./db.ts";
import type { RequestContext } from "./context.ts";
import { AuthError, emailExists, notFound, unprocessable, validationFailed } from "./errors.ts";
import { requireAdmin } from "./guards.ts";
import { json, type Reply } from "./http.ts";
import { logout } from "./sessions.ts";
import {
  ban,
  confirmEmail,
  deleteUser as deleteUserRow,
  findUserByEmail,
  findUserById,
  identitiesOf,
  identityData,
  insertEmailIdentity,
  insertUser,
  listUsers as listUserRows,
  loadUserJson,
  setAppMetadata,
  setEmail,
  setPassword,
  setRole,
  setUserMetadata,
  userJson,
  type PasswordInput,
  type UserRow,
} from "./users.ts";
import {
  adminDeleteBody,
  adminUserBody,
  checkMetadata,
  checkPasswordStorable,
  checkPasswordStrength,
  isUuid,
  mergeMetadata,
  parseBanDuration,
  parseBody,
  parsePagination,
  validateEmail,
} from "./validation.ts";

const BCRYPT_HASH = /^\$2[abxy]\$\d\d\$[./A-Za-z0-9]{53}$/;
const NIL_UUID = "00000000-0000-0000-0000-000000000000";

async function loadUser(ctx: RequestContext): Promise<UserRow> {
  const id = ctx.params.id ?? "";
  if (!isUuid(id)) throw notFound("validation_failed", "user_id must be an UUID");
  const user = await findUserById(ctx.settings.pool, id);
  if (!user) throw notFound("user_not_found", "User not found");
  return user;
}

/** Link header as Supabase Auth writes it: the same URL with `page` set, query keys sorted. */
export function paginationHeaders(url: URL, page: number, perPage: number, total: number): Record<string, string> {
  const totalPages = Math.ceil(total / perPage);
  const link = (target: number) => {
    const query = new URLSearchParams(url.searchParams);
    query.set("page", String(target));
    query.sort();
    return `<${url.pathname}?${query.toString()}>`;
  };
  const parts: string[] = [];
  if (totalPages > page) parts.push(`${link(page + 1)}; rel="next"`);
  parts.push(`${link(totalPages)}; rel="last"`);
  return { Link: parts.join(", "), "X-Total-Count": String(total) };
}

export async function listUsers(ctx: RequestContext): Promise<Reply> {
  requireAdmin(ctx.req, ctx.settings.jwtSecret);
  const { page, perPage } = parsePagination(ctx.url.searchParams);
  const filter = ctx.url.searchParams.get("filter") ?? "";
  const { pool } = ctx.settings;
  const { users, total } = await listUserRows(pool, { page, perPage, filter });
  const identities = await identitiesOf(pool, users.map((u) => u.id));
  return json(
    { users: users.map((u) => userJson(u, identities.get(u.id) ?? [])), aud: "authenticated" },
    paginationHeaders(ctx.url, page, perPage, total),
  );
}

export async function getUserById(ctx: RequestContext): Promise<Reply> {
  requireAdmin(ctx.req, ctx.settings.jwtSecret);
  const user = await loadUser(ctx);
  const identities = await identitiesOf(ctx.settings.pool, [user.id]);
  return json(userJson(user, identities.get(user.id) ?? []));
}

export async function createUser(ctx: RequestContext): Promise<Reply> {
  requireAdmin(ctx.req, ctx.settings.jwtSecret);
  const params = parseBody(adminUserBody, await ctx.body());
  const { pool } = ctx.settings;

  if (!params.email && !params.phone) throw validationFailed("Cannot create a user without either an email or phone");
  if (params.phone) throw unprocessable("phone_provider_disabled", "Phone users are not supported by the local auth service");
  const email = validateEmail(params.email!);

  if (params.password != null && params.password_hash) {
    throw validationFailed("Only a password or a password hash should be provided");
  }
  let password: PasswordInput;
  if (params.password_hash) {
    if (!BCRYPT_HASH.test(params.password_hash)) throw validationFailed("password_hash must be a bcrypt hash");
    password = { hash: params.password_hash };
  } else if (params.password) {
    checkPasswordStorable(params.password);
    password = { plain: params.password };
  } else {
    // Nobody knows this password: the user signs in some other way (or is given one later).
    password = { plain: randomBytes(32).toString("base64url") };
  }

  let id: string = randomUUID();
  if (params.id) {
    if (!isUuid(params.id)) throw validationFailed("ID must conform to the uuid v4 format");
    if (params.id === NIL_UUID) throw validationFailed("ID cannot be a nil uuid");
    id = params.id.toLowerCase();
  }

  const baseAppMetadata = { provider: "email", providers: ["email"] };
  const appMetadata = params.app_metadata ? mergeMetadata(baseAppMetadata, params.app_metadata) : undefined;
  const userMetadata = params.user_metadata ?? {};
  checkMetadata({ ...userMetadata, email_verified: true }, appMetadata ?? baseAppMetadata);
  const banSeconds = params.ban_duration ? parseBanDuration(params.ban_duration) : undefined;

  if (await findUserByEmail(pool, email)) throw emailExists();
  try {
    const user = await withTransaction(pool, async (client) => {
      // The same statements, in the same order, as Supabase Auth: triggers on auth.users see the
      // INSERT with user_metadata, then app_metadata and the confirmation as UPDATEs.
      await insertUser(client, {
        id,
        email,
        password,
        role: params.role || "authenticated",
        aud: params.aud || "authenticated",
        userMetadata,
        appMetadata: baseAppMetadata,
      });
      await insertEmailIdentity(client, id, identityData(id, email));
      if (appMetadata) await setAppMetadata(client, id, appMetadata);
      if (params.email_confirm) await confirmEmail(client, id);
      if (banSeconds !== undefined) await ban(client, id, banSeconds);
      return (await loadUserJson(client, id))!;
    });
    return json(user);
  } catch (error) {
    if (isUniqueViolation(error)) {
      if ((error as { constraint?: string }).constraint === "users_pkey") {
        throw unprocessable("user_already_exists", "A user with this ID already exists");
      }
      throw emailExists();
    }
    throw error;
  }
}

export async function updateUserById(ctx: RequestContext): Promise<Reply> {
  requireAdmin(ctx.req, ctx.settings.jwtSecret);
  const target = await loadUser(ctx);
  const params = parseBody(adminUserBody, await ctx.body());
  const { pool } = ctx.settings;

  const email = params.email ? validateEmail(params.email) : undefined;
  if (params.phone) throw unprocessable("phone_provider_disabled", "Phone users are not supported by the local auth service");
  const banSeconds = params.ban_duration ? parseBanDuration(params.ban_duration) : undefined;
  if (params.password != null) checkPasswordStrength(params.password);

  try {
    const user = await withTransaction(pool, async (client) => {
      const user = await findUserById(client, target.id, { forUpdate: true });
      if (!user) throw notFound("user_not_found", "User not found");
      const appMetadata = params.app_metadata
        ? mergeMetadata(user.raw_app_meta_data ?? {}, params.app_metadata)
        : (user.raw_app_meta_data ?? {});
      const userMetadata = params.user_metadata
        ? mergeMetadata(user.raw_user_meta_data ?? {}, params.user_metadata)
        : (user.raw_user_meta_data ?? {});
      checkMetadata(userMetadata, appMetadata);

      if (params.role) await setRole(client, user.id, params.role);
      if (params.email_confirm) await confirmEmail(client, user.id);
      if (params.password != null) {
        await setPassword(client, user.id, params.password);
        await logout(client, user.id, undefined, "global");
      }
      if (email !== undefined && email !== user.email) {
        const owner = await findUserByEmail(client, email);
        if (owner && owner.id !== user.id) throw emailExists();
        await setEmail(client, user.id, email, params.email_confirm ?? false);
      }
      if (params.app_metadata) await setAppMetadata(client, user.id, appMetadata);
      if (params.user_metadata) await setUserMetadata(client, user.id, userMetadata);
      if (banSeconds !== undefined) await ban(client, user.id, banSeconds);
      return (await loadUserJson(client, user.id))!;
    });
    return json(user);
  } catch (error) {
    if (isUniqueViolation(error)) throw emailExists();
    throw error;
  }
}

export async function deleteUser(ctx: RequestContext): Promise<Reply> {
  requireAdmin(ctx.req, ctx.settings.jwtSecret);
  const user = await loadUser(ctx);
  const params = parseBody(adminDeleteBody, await ctx.body(), { allowEmpty: true });
  const { pool } = ctx.settings;
  if (params.should_soft_delete) {
    await withTransaction(pool, async (client) => {
      // Soft delete as in Supabase: the row stays (and what references it), the person is gone.
      await client.query(
        `update auth.users set deleted_at = now(), email = null, phone = null, encrypted_password = '',
           raw_user_meta_data = '{}'::jsonb, raw_app_meta_data = '{}'::jsonb, updated_at = now()
         where id = $1`,
        [user.id],
      );
      await client.query("delete from auth.identities where user_id = $1", [user.id]);
      await logout(client, user.id, undefined, "global");
    });
  } else if (!(await deleteUserRow(pool, user.id))) {
    throw new AuthError(404, "user_not_found", "User not found");
  }
  return json({});
}
