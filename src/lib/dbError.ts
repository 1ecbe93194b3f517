/**
 * supabase-js resolves a refused request with `error` as a plain object (message, code, details,
 * hint), not an Error. Thrown as is, it reaches error boundaries, toasts and `instanceof Error`
 * checks without its message. This keeps every field and makes it an Error.
 */
export class DatabaseError extends Error {
  code: string | undefined;
  details: string | undefined;
  hint: string | undefined;

  constructor({ message, code, details, hint }: { message?: string; code?: string; details?: string | null; hint?: string | null }) {
    super(message || "The database refused the request.");
    this.name = "DatabaseError";
    this.code = code;
    this.details = details ?? undefined;
    this.hint = hint ?? undefined;
  }
}

export function dbError(error: unknown): Error {
  if (error instanceof Error) return error;
  if (error && typeof error === "object") return new DatabaseError(error as ConstructorParameters<typeof DatabaseError>[0]);
  return new DatabaseError({ message: typeof error === "string" ? error : undefined });
}
