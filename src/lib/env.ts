// zod/mini keeps this check light in the first-load bundle; forms use full zod in their own chunks.
import * as z from "zod/mini";

const envSchema = z.object({
  VITE_SUPABASE_URL: z.url({
    error: (issue) => (issue.input ? "must be a URL such as http://127.0.0.1:54321" : "is missing"),
  }),
  VITE_SUPABASE_ANON_KEY: z.string({ error: "is missing" }).check(z.minLength(1, { error: "is missing" })),
});

function parseEnv(source: Record<string, unknown>) {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
  throw new Error(`Invalid environment: ${problems.join("; ")}. Set it in .env.local and restart Vite.`);
}

/** The validated build-time environment; importing this module fails fast when a variable is wrong. */
export const env = parseEnv(import.meta.env);
