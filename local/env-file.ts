import { writeFileSync } from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "./config.ts";

/** The browser's configuration: the API URL and the anon key, never the service key. */
export function writeEnvLocal(apiUrl: string, anonKey: string, file = path.join(PROJECT_ROOT, ".env.local")) {
  writeFileSync(file, `VITE_SUPABASE_URL=${apiUrl}\nVITE_SUPABASE_ANON_KEY=${anonKey}\n`);
}
