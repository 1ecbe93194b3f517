/**
 * Every refusal of the auth service is an AuthError: an HTTP status, a Supabase Auth error code and
 * a message, answered as `{code, message}` (the 2024-01-01 error shape that auth-js reads `code` from).
 */
export const API_VERSION_HEADER = "X-Supabase-Api-Version";
export const API_VERSION = "2024-01-01";

export class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra top-level fields of the body, e.g. `weak_password: {reasons}`. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "AuthError";
  }

  body(): Record<string, unknown> {
    return { code: this.code, message: this.message, ...this.extra };
  }
}

export const badRequest = (code: string, message: string) => new AuthError(400, code, message);
export const unprocessable = (code: string, message: string) => new AuthError(422, code, message);
export const forbidden = (code: string, message: string) => new AuthError(403, code, message);
export const notFound = (code: string, message: string) => new AuthError(404, code, message);

export const validationFailed = (message: string) => badRequest("validation_failed", message);
export const badJson = (reason: string) => badRequest("bad_json", `Could not parse request body as JSON: ${reason}`);

export const invalidCredentials = () => badRequest("invalid_credentials", "Invalid login credentials");
export const userBanned = () => badRequest("user_banned", "User is banned");
export const refreshTokenNotFound = () => badRequest("refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
export const refreshTokenAlreadyUsed = () => badRequest("refresh_token_already_used", "Invalid Refresh Token: Already Used");
export const emailExists = () => unprocessable("email_exists", "A user with this email address has already been registered");
export const userAlreadyExists = () => unprocessable("user_already_exists", "User already registered");

export const weakPassword = (message: string, reasons: string[]) =>
  new AuthError(422, "weak_password", message, { weak_password: { reasons } });

export const routeNotFound = (method: string, path: string) => notFound("not_found", `No route for ${method} ${path}`);

export const unexpectedFailure = () =>
  new AuthError(500, "unexpected_failure", "Unexpected failure, please check server logs for more information");

/** Postgres errors that can only come from what the client sent, never from a bug of ours. */
export function fromPostgresError(error: unknown): AuthError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return undefined;
  // class 22: data exceptions (values Postgres cannot store: NUL bytes, out-of-range numbers, ...)
  if (code.startsWith("22")) return validationFailed(`Invalid input: ${(error as Error).message}`);
  return undefined;
}
