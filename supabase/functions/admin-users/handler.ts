import type { PostgrestError, SupabaseClient } from "npm:@supabase/supabase-js@2";
import { z } from "npm:zod@4";
import { json, preflight } from "../_shared/cors.ts";

/**
 * User administration for the admins of an organisation (PRODUCT.md ID-5): create a user with a
 * temporary password, change their role, team, title or name, deactivate and reactivate them.
 *
 * Profiles are read and written with the caller's JWT, so row level security and the profile
 * guard decide what an admin may do and the audit trigger names them. The service role is used
 * only for Auth's admin API (creating, banning), each call scoped to a user found in the caller's
 * organisation, and to append the audit row of that auth-side action.
 */

const PROFILE = "id, org_id, email, full_name, role, title, team_id, is_lead_csm, active, must_change_password, created_at, updated_at";
/** Deactivated means banned in Auth until an admin reactivates: 100 years, as Supabase's docs ban. */
const DEACTIVATED_BAN = "876000h";

const role = z.enum(["rep", "manager", "cs_manager", "executive", "admin"], { error: "Choose rep, manager, cs_manager, executive or admin" });
const userId = z.guid({ error: "Must be a user id" });
const fields = {
  full_name: z.string().trim().min(1, { error: "Enter the person's name" }).max(200, { error: "Use at most 200 characters" }),
  role,
  team_id: z.guid({ error: "Must be a team id or null" }).nullable(),
  title: z.string().trim().max(200, { error: "Use at most 200 characters" }).nullable().transform((title) => title || null),
  is_lead_csm: z.boolean({ error: "Must be true or false" }),
};

export const requestSchema = z.discriminatedUnion(
  "action",
  [
    z.strictObject({
      action: z.literal("create"),
      email: z.string().trim().toLowerCase().pipe(z.email({ error: "Enter a valid email address" })),
      password: z
        .string({ error: "Give a temporary password" })
        .min(8, { error: "Use at least 8 characters" })
        .refine((password) => new TextEncoder().encode(password).length <= 72, { error: "Use at most 72 bytes" }),
      full_name: fields.full_name,
      role: fields.role,
      team_id: fields.team_id.default(null),
      title: fields.title.default(null),
      is_lead_csm: fields.is_lead_csm.default(false),
    }),
    z
      .strictObject({
        action: z.literal("update"),
        user_id: userId,
        full_name: fields.full_name.optional(),
        role: fields.role.optional(),
        team_id: fields.team_id.optional(),
        title: fields.title.optional(),
        is_lead_csm: fields.is_lead_csm.optional(),
      })
      .refine((input) => Object.keys(input).length > 2, { error: "Nothing to change" }),
    z.strictObject({ action: z.literal("deactivate"), user_id: userId }),
    z.strictObject({ action: z.literal("reactivate"), user_id: userId }),
  ],
  { error: "Choose the action: create, update, deactivate or reactivate" },
);
type Input = z.output<typeof requestSchema>;

class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly fields?: Record<string, string>) {
    super(message);
  }
}
const fieldError = (field: string, message: string) => new HttpError(400, "Invalid input", { [field]: message });

function invalidInput(error: z.ZodError): HttpError {
  const found: Record<string, string> = {};
  for (const issue of error.issues) found[issue.path.join(".") || "body"] ??= issue.message;
  return new HttpError(400, "Invalid input", found);
}

/** Postgres refusals keep their meaning: privilege → 403, constraint → 400. */
const dbError = (error: PostgrestError) =>
  new HttpError(error.code === "42501" ? 403 : error.code?.startsWith("23") ? 400 : 500, error.message);

interface Context {
  caller: SupabaseClient;
  admin: SupabaseClient;
  me: { id: string; org_id: string };
}

async function findUser({ caller, me }: Context, id: string) {
  const { data, error } = await caller.from("profiles").select(PROFILE).eq("org_id", me.org_id).eq("id", id).maybeSingle();
  if (error) throw dbError(error);
  if (!data) throw new HttpError(404, "No such user in your organisation");
  return data;
}

async function checkTeam({ caller, me }: Context, teamId: string | null | undefined) {
  if (!teamId) return;
  const { data, error } = await caller.from("teams").select("id").eq("org_id", me.org_id).eq("id", teamId).maybeSingle();
  if (error) throw dbError(error);
  if (!data) throw fieldError("team_id", "No such team in your organisation");
}

async function updateProfile({ caller, me }: Context, id: string, changes: Record<string, unknown>) {
  const { data, error } = await caller.from("profiles").update(changes).eq("org_id", me.org_id).eq("id", id).select(PROFILE).single();
  if (error) throw dbError(error);
  return data;
}

/** What happened in Auth, which no table trigger sees. */
async function audit({ admin, me }: Context, action: string, recordId: string, before: unknown, after: unknown) {
  const { error } = await admin
    .from("audit_log")
    .insert({ org_id: me.org_id, table_name: "auth.users", record_id: recordId, action, actor_id: me.id, before, after });
  if (error) throw dbError(error);
}

async function authAdmin(call: Promise<{ error: { message: string } | null }>) {
  const { error } = await call;
  if (error) throw new HttpError(500, error.message);
}

async function createUser(ctx: Context, input: Extract<Input, { action: "create" }>) {
  await checkTeam(ctx, input.team_id);
  const { data, error } = await ctx.admin.auth.admin.createUser({
    email: input.email,
    password: input.password,
    email_confirm: true,
    app_metadata: { org_id: ctx.me.org_id, role: input.role },
    user_metadata: { full_name: input.full_name },
  });
  if (error?.code === "email_exists") throw new HttpError(409, "A user with this email already exists", { email: "Already registered" });
  if (error?.code === "weak_password") throw fieldError("password", error.message);
  if (error) throw new HttpError(500, error.message);
  const id = data.user.id;
  try {
    // The profile exists: the auth trigger made it when Auth committed the user.
    const user = await updateProfile(ctx, id, { team_id: input.team_id, title: input.title, is_lead_csm: input.is_lead_csm });
    await audit(ctx, "create_user", id, null, { email: input.email, org_id: ctx.me.org_id, role: input.role });
    return json({ user }, 201);
  } catch (failure) {
    await ctx.admin.auth.admin.deleteUser(id);
    throw failure;
  }
}

async function updateUser(ctx: Context, { action: _action, user_id, ...changes }: Extract<Input, { action: "update" }>) {
  const target = await findUser(ctx, user_id);
  if (target.id === ctx.me.id && changes.role && changes.role !== target.role) throw fieldError("role", "You cannot change your own role");
  await checkTeam(ctx, changes.team_id);
  const user = await updateProfile(ctx, target.id, changes);
  if (user.role !== target.role) {
    // Tokens carry app_metadata: keep its role in step so no client reads a stale one.
    await authAdmin(ctx.admin.auth.admin.updateUserById(target.id, { app_metadata: { role: user.role } }));
    await audit(ctx, "update_user", target.id, { role: target.role }, { role: user.role });
  }
  return json({ user });
}

/** Ban first, then flip the profile: the profile guard accepts `active` only in step with the ban. */
async function setActive(ctx: Context, userId: string, active: boolean) {
  if (userId === ctx.me.id) throw fieldError("user_id", "You cannot deactivate or reactivate yourself");
  const target = await findUser(ctx, userId);
  const banDuration = active ? "none" : DEACTIVATED_BAN;
  await authAdmin(ctx.admin.auth.admin.updateUserById(target.id, { ban_duration: banDuration }));
  await audit(ctx, active ? "unban_user" : "ban_user", target.id, null, { ban_duration: banDuration });
  return json({ user: await updateProfile(ctx, target.id, { active }) });
}

export function createHandler({ callerClient, admin }: { callerClient: (req: Request) => SupabaseClient; admin: SupabaseClient }) {
  return async (req: Request): Promise<Response> => {
    const early = preflight(req);
    if (early) return early;
    if (req.method !== "POST") return json({ error: "Method not allowed" }, 405);
    try {
      const caller = callerClient(req);
      const { data: auth } = await caller.auth.getUser();
      if (!auth.user) return json({ error: "Sign in to call this function" }, 401);
      // Read through RLS: a deactivated caller has no profile, someone of another organisation not ours.
      const { data: me, error } = await caller.from("profiles").select("id, org_id, role").eq("id", auth.user.id).maybeSingle();
      if (error) throw dbError(error);
      if (me?.role !== "admin") return json({ error: "Only an admin of the organisation can manage its users" }, 403);

      const parsed = requestSchema.safeParse(await req.json().catch(() => undefined));
      if (!parsed.success) throw invalidInput(parsed.error);
      const ctx = { caller, admin, me };
      const input = parsed.data;
      switch (input.action) {
        case "create":
          return await createUser(ctx, input);
        case "update":
          return await updateUser(ctx, input);
        case "deactivate":
        case "reactivate":
          return await setActive(ctx, input.user_id, input.action === "reactivate");
      }
    } catch (error) {
      if (error instanceof HttpError) return json({ error: error.message, ...(error.fields && { fields: error.fields }) }, error.status);
      console.error(error);
      return json({ error: "Something went wrong on our side" }, 500);
    }
  };
}
