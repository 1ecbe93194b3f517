/**
 * Form rules for a user's own account, mirroring the database's checks (supabase/migrations) so
 * the form refuses first; the database's message is still shown when it refuses anyway.
 */
import { z } from "zod";

/** profiles.full_name: char_length(btrim(full_name)) between 1 and 200. */
export const fullNameSchema = z
  .string()
  .trim()
  .min(1, { error: "Enter your name" })
  .max(200, { error: "Use at most 200 characters" });

/** profiles.title: at most 200 characters; an empty title is stored as null. */
export const titleSchema = z
  .string()
  .trim()
  .max(200, { error: "Use at most 200 characters" })
  .transform((title) => (title === "" ? null : title));

export const profileSchema = z.object({ full_name: fullNameSchema, title: titleSchema });
export type ProfileFormInput = z.input<typeof profileSchema>;
export type ProfileUpdate = z.output<typeof profileSchema>;

/**
 * Supabase Auth's own floor is 6 characters; we ask for 8. bcrypt reads only the first 72 bytes,
 * and Auth refuses longer passwords.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_BYTES = 72;

export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, { error: `Use at least ${PASSWORD_MIN_LENGTH} characters` })
  .refine((password) => new TextEncoder().encode(password).length <= PASSWORD_MAX_BYTES, {
    error: `Too long: use at most ${PASSWORD_MAX_BYTES} bytes (accented letters and symbols count 2 or more)`,
  });

export const changePasswordSchema = z
  .object({ password: newPasswordSchema, confirm: z.string() })
  .refine((values) => values.password === values.confirm, { path: ["confirm"], error: "The passwords do not match" });
export type ChangePasswordValues = z.infer<typeof changePasswordSchema>;

/** Auth error codes that belong to the new-password field, with the words we show for them. */
export function passwordErrorMessage(error: unknown): { field: "password" | null; message: string } {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : "The password could not be changed. Try again.";
  if (code === "same_password") return { field: "password", message: "Choose a password different from your current one" };
  if (code === "weak_password") return { field: "password", message };
  return { field: null, message };
}

/** Shown at sign-in after the app signed someone out because their account reads as deactivated. */
export const INACTIVE_MESSAGE =
  "Your account is deactivated or no longer part of an organisation, so you were signed out. Ask an administrator of your organisation to reactivate it.";

/** Sign-in refusals in the words we show; Supabase's own message where it is already clear. */
export function signInErrorMessage(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "user_banned") {
    return "This account has been deactivated. Ask an administrator of your organisation to reactivate it.";
  }
  return error instanceof Error && error.message ? error.message : "Sign-in failed. Try again.";
}

/**
 * Whether the user still has to replace the temporary password an administrator gave them. The
 * database sets profiles.must_change_password for admin-created users and clears it itself when
 * the password changes in Auth (20261121000500_user_provisioning.sql), so the user cannot skip it
 * by editing their metadata. The gate is UI; the password is what protects the account.
 */
export function mustChangePassword(profile: { must_change_password?: boolean } | null | undefined): boolean {
  return profile?.must_change_password === true;
}
