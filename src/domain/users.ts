/** Rules for the admin's user and team forms, mirroring the database's checks and the admin-users function. */
import { z } from "zod";
import { newPasswordSchema } from "@/domain/account";
import { ROLES } from "@/domain/navigation";

/** A Select cannot hold null: this value stands for "no team" / "no manager". */
export const NONE = "none";

const optionalId = z.string().transform((value) => (value === NONE || value === "" ? null : value));

export const createUserSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email({ error: "Enter a valid email address" })),
  full_name: z.string().trim().min(1, { error: "Enter the person's name" }).max(200, { error: "Use at most 200 characters" }),
  role: z.enum(ROLES, { error: "Choose a role" }),
  team_id: optionalId,
  password: newPasswordSchema,
});
export type CreateUserInput = z.input<typeof createUserSchema>;
export type CreateUserValues = z.output<typeof createUserSchema>;

export const updateUserSchema = z.object({
  role: z.enum(ROLES, { error: "Choose a role" }),
  team_id: optionalId,
  is_lead_csm: z.boolean(),
});
export type UpdateUserInput = z.input<typeof updateUserSchema>;
export type UpdateUserValues = z.output<typeof updateUserSchema>;

/** teams.name: char_length(btrim(name)) between 1 and 100, unique in the organisation. */
export const teamSchema = z.object({
  name: z.string().trim().min(1, { error: "Enter the team's name" }).max(100, { error: "Use at most 100 characters" }),
  manager_id: optionalId,
});
export type TeamInput = z.input<typeof teamSchema>;
export type TeamValues = z.output<typeof teamSchema>;

const PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/** A temporary password that is easy to read out (no 0/O, 1/l/I) and hard to guess: 14 characters, ~80 bits. */
export function generateTemporaryPassword(length = 14, random: (values: Uint32Array) => Uint32Array = (values) => crypto.getRandomValues(values)) {
  const values = random(new Uint32Array(length));
  return Array.from(values, (value) => PASSWORD_ALPHABET[value % PASSWORD_ALPHABET.length]).join("");
}

type Member = { team_id: string | null; active: boolean };

/** Active members per team id, for the teams table. */
export function countMembers(users: readonly Member[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const user of users) {
    if (user.team_id && user.active) counts.set(user.team_id, (counts.get(user.team_id) ?? 0) + 1);
  }
  return counts;
}

type Searchable = { full_name: string; email: string | null; title: string | null };

/** Case- and accent-insensitive match of every word of the query against name, email and title. */
export function matchesUserSearch(user: Searchable, query: string) {
  const fold = (text: string) => text.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
  const haystack = fold([user.full_name, user.email ?? "", user.title ?? ""].join(" "));
  return fold(query).split(/\s+/).filter(Boolean).every((word) => haystack.includes(word));
}

type FieldRefusal<Field extends string> = { field: Field | null; message: string };

/** Where a refused team save belongs: the database's unique and foreign-key errors in plain words. */
export function teamSaveError(error: unknown): FieldRefusal<"name" | "manager_id"> {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "23505") return { field: "name", message: "A team with this name already exists" };
  if (code === "23503") return { field: "manager_id", message: "This person is not in your organisation" };
  if (code === "23514") return { field: "name", message: "Use 1 to 100 characters" };
  return { field: null, message: error instanceof Error ? error.message : "The team could not be saved." };
}

/**
 * Splits an admin-users refusal into messages for the form's fields and one for the whole form.
 * `fields` is the function's per-field map; anything it names that the form has no field for
 * joins the form-level message.
 */
export function userFormErrors<Field extends string>(
  error: unknown,
  formFields: readonly Field[],
): { fields: Partial<Record<Field, string>>; message: string | null } {
  const fields: Partial<Record<Field, string>> = {};
  const leftovers: string[] = [];
  const sent = (error as { fields?: Record<string, string> } | null)?.fields ?? {};
  for (const [name, message] of Object.entries(sent)) {
    if ((formFields as readonly string[]).includes(name)) fields[name as Field] = message;
    else leftovers.push(message);
  }
  const fallback = error instanceof Error ? error.message : "The change could not be saved.";
  const message = Object.keys(fields).length && !leftovers.length ? null : leftovers.join(" ") || fallback;
  return { fields, message };
}
