/** What every route handler gets: the service's settings and the request at hand. */
import type http from "node:http";
import type pg from "pg";
import type { RateLimiter } from "./rate-limit.ts";

export interface AuthSettings {
  pool: pg.Pool;
  jwtSecret: string;
  /** `iss` of access tokens: `<API URL>/auth/v1`. */
  issuer: string;
  jwtExpirySeconds: number;
  /** How long a rotated refresh token stays usable (Supabase: 10 s). */
  reuseWindowMs: number;
  /** Sign-ups are confirmed at once (the local default) instead of waiting for an email link. */
  autoconfirm: boolean;
  limits: { signInSignUps?: RateLimiter; tokenRefresh?: RateLimiter };
  log: (line: string) => void;
}

export interface RequestContext {
  settings: AuthSettings;
  req: http.IncomingMessage;
  url: URL;
  /** Path parameters, e.g. `id` of /admin/users/:id. */
  params: Record<string, string>;
  /** The raw body text (read once, size-capped). */
  body(): Promise<string>;
  ip: string | undefined;
}
