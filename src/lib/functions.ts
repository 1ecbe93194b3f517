import { FunctionsHttpError } from "@supabase/supabase-js";
import { supabase } from "@/lib/supabase";

/** An edge function's refusal: its message, HTTP status, and per-field messages when it sent them. */
export class FunctionError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = "FunctionError";
  }
}

/**
 * Calls an edge function with the signed-in user's JWT. Our functions answer errors as
 * `{ error, fields? }`; that body becomes a FunctionError so forms can show it.
 */
export async function invokeFunction<T>(name: string, body: Record<string, unknown>): Promise<T> {
  const { data, error } = await supabase.functions.invoke<T>(name, { body });
  if (!error) return data as T;
  if (error instanceof FunctionsHttpError) {
    const response = error.context as Response;
    const payload = (await response.json().catch(() => null)) as { error?: unknown; fields?: unknown } | null;
    const message = typeof payload?.error === "string" ? payload.error : error.message;
    const fields =
      payload?.fields && typeof payload.fields === "object" ? (payload.fields as Record<string, string>) : undefined;
    throw new FunctionError(message, response.status, fields);
  }
  throw error;
}
