/**
 * What the auth service accepts from a client, checked before anything touches the database. Body
 * shapes follow Supabase Auth's Go structs: missing fields and `null` mean "not given", a value of
 * the wrong type is unparseable JSON (`bad_json`), and the rules on values (email format, password
 * strength, sizes) answer `validation_failed` / `weak_password` with Supabase's messages.
 */
import { z } from "zod";
import { badJson, validationFailed, weakPassword } from "./errors.ts";
import { DurationError, parseGoDuration } from "./duration.ts";

export const MIN_PASSWORD_LENGTH = 6;
export const MAX_PASSWORD_LENGTH = 72;
export const MAX_EMAIL_LENGTH = 255;
/**
 * user_metadata and app_metadata travel inside every access token, and that token inside an HTTP
 * header (Node refuses headers over 16 KiB): together they must stay well under that.
 */
export const MAX_METADATA_BYTES = 8 * 1024;

const str = z.string().nullish();
const bool = z.boolean().nullish();
const metadata = z.record(z.string(), z.unknown()).nullish();

export const signupBody = z.object({
  email: str,
  phone: str,
  password: str,
  data: metadata,
  code_challenge: str,
  code_challenge_method: str,
});

export const passwordGrantBody = z.object({ email: str, phone: str, password: str });
export const refreshGrantBody = z.object({ refresh_token: str });

export const userUpdateBody = z.object({
  email: str,
  phone: str,
  password: str,
  nonce: str,
  data: metadata,
});

export const adminUserBody = z.object({
  id: str,
  aud: str,
  role: str,
  email: str,
  phone: str,
  password: str,
  password_hash: str,
  email_confirm: bool,
  phone_confirm: bool,
  user_metadata: metadata,
  app_metadata: metadata,
  ban_duration: str,
});

export const adminDeleteBody = z.object({ should_soft_delete: bool });

/** Parses raw body text against a schema; an empty body counts as `{}` only where `allowEmpty`. */
export function parseBody<T extends z.ZodType>(schema: T, raw: string, { allowEmpty = false } = {}): z.infer<T> {
  if (raw.trim() === "") {
    if (allowEmpty) return schema.parse({});
    throw badJson("EOF");
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw badJson(error instanceof Error ? error.message : "invalid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badJson(`expected a JSON object, got ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}`);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join(".") || "body";
    throw badJson(`${field}: ${issue.message}`);
  }
  return result.data;
}

// The format Supabase Auth checks (github.com/badoux/checkmail).
const EMAIL_FORMAT =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** Returns the email lower-cased, as Supabase stores it. */
export function validateEmail(email: string): string {
  if (email === "") throw validationFailed("An email address is required");
  if (email.length > MAX_EMAIL_LENGTH) throw validationFailed("An email address is too long");
  if (!EMAIL_FORMAT.test(email)) throw validationFailed("Unable to validate email address: invalid format");
  return email.toLowerCase();
}

const byteLength = (s: string) => Buffer.byteLength(s, "utf8");

/** Passwords are hashed by Postgres, which cannot hold a NUL character in text. */
function assertStorable(password: string) {
  if (password.includes("\u0000")) throw validationFailed("Password cannot contain NUL characters");
}

/** Length rules only (Go counts bytes); the minimum is a `weak_password` with reasons. */
export function checkPasswordStrength(password: string): void {
  if (byteLength(password) > MAX_PASSWORD_LENGTH) {
    throw validationFailed(`Password cannot be longer than ${MAX_PASSWORD_LENGTH} characters`);
  }
  assertStorable(password);
  if (byteLength(password) < MIN_PASSWORD_LENGTH) {
    throw weakPassword(`Password should be at least ${MIN_PASSWORD_LENGTH} characters.`, ["length"]);
  }
}

/** Admin-created users skip the strength rules, as in Supabase, but bcrypt still caps the length. */
export function checkPasswordStorable(password: string): void {
  if (byteLength(password) > MAX_PASSWORD_LENGTH) {
    throw validationFailed(`Password cannot be longer than ${MAX_PASSWORD_LENGTH} characters`);
  }
  assertStorable(password);
}

function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === "object") {
    return Object.entries(value).some(([key, inner]) => key.includes("\u0000") || containsNul(inner));
  }
  return false;
}

/** Checks metadata as it will be stored (after merging) and signed into tokens. */
export function checkMetadata(userMetadata: Record<string, unknown>, appMetadata: Record<string, unknown>): void {
  if (containsNul(userMetadata) || containsNul(appMetadata)) {
    throw validationFailed("Metadata cannot contain NUL characters");
  }
  const size = byteLength(JSON.stringify(userMetadata)) + byteLength(JSON.stringify(appMetadata));
  if (size > MAX_METADATA_BYTES) {
    throw validationFailed(
      `user_metadata and app_metadata together cannot be larger than ${MAX_METADATA_BYTES} bytes (they are part of every access token)`,
    );
  }
}

/** Supabase's merge: keys with `null` are removed, others replace. */
export function mergeMetadata(current: Record<string, unknown>, updates: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...current };
  for (const [key, value] of Object.entries(updates)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/** `ban_duration`: "none" lifts a ban; otherwise a Go duration. Returns seconds, 0 meaning unbanned. */
export function parseBanDuration(value: string): number {
  if (value === "none") return 0;
  try {
    return Number(parseGoDuration(value)) / 1e9;
  } catch (error) {
    if (error instanceof DurationError) throw validationFailed(`invalid format for ban duration: ${error.message}`);
    throw error;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);

export interface Pagination {
  page: number;
  perPage: number;
}

/** `?page=&per_page=`: empty values mean 1 and 50, as in Supabase. */
export function parsePagination(query: URLSearchParams): Pagination {
  const read = (name: string, fallback: number, min: number): number => {
    const raw = query.get(name) ?? "";
    if (raw === "") return fallback;
    if (!/^\d+$/.test(raw)) throw validationFailed(`Bad Pagination Parameters: strconv.ParseUint: parsing ${JSON.stringify(raw)}: invalid syntax`);
    const value = Number(raw);
    if (!Number.isSafeInteger(value)) throw validationFailed(`Bad Pagination Parameters: ${name} is out of range`);
    if (value < min) throw validationFailed(`Bad Pagination Parameters: ${name} must be at least ${min}`);
    return value;
  };
  return { page: Math.max(read("page", 1, 0), 1), perPage: read("per_page", 50, 1) };
}
