import path from "node:path";
import { fileURLToPath } from "node:url";
import { signJwt } from "./jwt.ts";

/** The Supabase CLI's well-known local secret: the same `.env` works here, with `supabase start` and in tests. */
export const JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";

const LOCAL_KEY_EXPIRY = 1983812996;
export const ANON_KEY = signJwt({ iss: "supabase-demo", role: "anon", exp: LOCAL_KEY_EXPIRY }, JWT_SECRET);
export const SERVICE_ROLE_KEY = signJwt({ iss: "supabase-demo", role: "service_role", exp: LOCAL_KEY_EXPIRY }, JWT_SECRET);

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface StackPorts {
  api: number;
  db: number;
  rest: number;
  restAdmin: number;
  auth: number;
  functions: number;
}

/** Where the Supabase CLI listens; the internal services sit just above. */
export const DEFAULT_PORTS: StackPorts = { api: 54321, db: 54322, rest: 54330, restAdmin: 54333, auth: 54331, functions: 54332 };

export const DB_USER = "postgres";
export const DB_PASSWORD = "postgres";

export function dbUrl(port: number, user = DB_USER, password = DB_PASSWORD, database = "postgres"): string {
  return `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
}
