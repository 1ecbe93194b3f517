/**
 * The local auth service: a GoTrue-compatible HTTP server for what `@supabase/supabase-js` sends to
 * `/auth/v1` (the gateway strips that prefix and answers CORS and the apikey check itself).
 * Contract: /work/shared/reference/supabase-auth.md.
 */
import http from "node:http";
import type pg from "pg";
import type { AuthSettings, RequestContext } from "./context.ts";
import { AuthError, fromPostgresError, routeNotFound, unexpectedFailure } from "./errors.ts";
import { ClientGoneError, clientIp, errorReply, readBody, send } from "./http.ts";
import { RateLimiter, type RateLimit } from "./rate-limit.ts";
import { matchRoute } from "./routes.ts";
import { DEFAULT_REUSE_WINDOW_MS } from "./sessions.ts";
import { DEFAULT_JWT_EXPIRY_SECONDS } from "./tokens.ts";

export interface AuthServerOptions {
  pool: pg.Pool;
  jwtSecret: string;
  /** `iss` of access tokens, `<API URL>/auth/v1`. */
  issuer: string;
  /** Access token lifetime; 3600 s as Supabase. */
  jwtExpirySeconds?: number;
  /** How long a rotated refresh token may still be used; 10 s as Supabase. */
  reuseWindowMs?: number;
  /** Confirm sign-ups at once (default true, as the Supabase CLI's local stack). */
  autoconfirm?: boolean;
  /** Per-IP budgets; none by default so that test suites signing up many users are not throttled. */
  rateLimits?: { signInSignUps?: RateLimit; tokenRefresh?: RateLimit };
  /** Where unexpected failures are reported (default: stderr). */
  log?: (line: string) => void;
}

export function resolveSettings(opts: AuthServerOptions): AuthSettings {
  return {
    pool: opts.pool,
    jwtSecret: opts.jwtSecret,
    issuer: opts.issuer,
    jwtExpirySeconds: opts.jwtExpirySeconds ?? DEFAULT_JWT_EXPIRY_SECONDS,
    reuseWindowMs: opts.reuseWindowMs ?? DEFAULT_REUSE_WINDOW_MS,
    autoconfirm: opts.autoconfirm ?? true,
    limits: {
      signInSignUps: opts.rateLimits?.signInSignUps && new RateLimiter(opts.rateLimits.signInSignUps),
      tokenRefresh: opts.rateLimits?.tokenRefresh && new RateLimiter(opts.rateLimits.tokenRefresh),
    },
    log: opts.log ?? ((line) => console.error(line)),
  };
}

export function createAuthHandler(opts: AuthServerOptions): http.RequestListener {
  const settings = resolveSettings(opts);
  return (req, res) => {
    void handle(settings, req, res);
  };
}

async function handle(settings: AuthSettings, req: http.IncomingMessage, res: http.ServerResponse) {
  const method = req.method ?? "GET";
  let bodyPromise: Promise<string> | undefined;
  try {
    const url = new URL(req.url ?? "/", "http://auth.local");
    const match = matchRoute(method, url.pathname);
    if (match.kind === "not_found") {
      throw routeNotFound(method, url.pathname);
    }
    if (match.kind === "method_not_allowed") {
      const error = new AuthError(405, "method_not_allowed", `Method ${method} is not allowed on ${url.pathname}`);
      send(res, errorReply(error), { Allow: match.allow.join(", ") });
      return;
    }
    const ctx: RequestContext = {
      settings,
      req,
      url,
      params: match.params,
      body: () => (bodyPromise ??= readBody(req)),
      ip: clientIp(req),
    };
    send(res, await match.handler(ctx));
  } catch (error) {
    if (error instanceof ClientGoneError) return;
    let reply: AuthError | undefined = error instanceof AuthError ? error : fromPostgresError(error);
    if (!reply) {
      settings.log(`auth: ${method} ${req.url} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      reply = unexpectedFailure();
    }
    // Node discards a body nobody read once the answer is sent; a refused large one ends the connection.
    send(res, errorReply(reply), reply.status === 413 ? { Connection: "close" } : {});
  }
}

/** The auth service as an HTTP server; the stack calls `.listen(port, "127.0.0.1")`. */
export function createAuthServer(opts: AuthServerOptions): http.Server {
  const server = http.createServer(createAuthHandler(opts));
  // Outlive the idle timeout of callers' keep-alive agents (Node's is 5 s), so that the caller, not
  // this server, closes an idle connection: no request is ever sent into a socket being closed.
  server.keepAliveTimeout = 30_000;
  return server;
}
