/** The routes of the auth service, paths as the gateway forwards them (without /auth/v1). */
import * as account from "./account.ts";
import * as admin from "./admin.ts";
import type { RequestContext } from "./context.ts";
import { json, type Reply } from "./http.ts";

export type Handler = (ctx: RequestContext) => Promise<Reply>;

interface Route {
  pattern: RegExp;
  methods: Record<string, Handler>;
}

async function health(): Promise<Reply> {
  return json({
    version: "local",
    name: "GoTrue",
    description: "GoTrue is a user registration and authentication API",
  });
}

async function settings(ctx: RequestContext): Promise<Reply> {
  return json({
    external: { email: true, phone: false, anonymous_users: false },
    disable_signup: false,
    mailer_autoconfirm: ctx.settings.autoconfirm,
    phone_autoconfirm: false,
    sms_provider: "",
    saml_enabled: false,
  });
}

const ROUTES: Route[] = [
  { pattern: /^\/health$/, methods: { GET: health } },
  { pattern: /^\/settings$/, methods: { GET: settings } },
  { pattern: /^\/signup$/, methods: { POST: account.signup } },
  { pattern: /^\/token$/, methods: { POST: account.token } },
  { pattern: /^\/user$/, methods: { GET: account.getUser, PUT: account.updateUser } },
  { pattern: /^\/logout$/, methods: { POST: account.signOut } },
  { pattern: /^\/admin\/users$/, methods: { GET: admin.listUsers, POST: admin.createUser } },
  {
    pattern: /^\/admin\/users\/(?<id>[^/]+)$/,
    methods: { GET: admin.getUserById, PUT: admin.updateUserById, DELETE: admin.deleteUser },
  },
];

export type Match =
  | { kind: "found"; handler: Handler; params: Record<string, string> }
  | { kind: "method_not_allowed"; allow: string[] }
  | { kind: "not_found" };

export function matchRoute(method: string, path: string): Match {
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    const handler = route.methods[method];
    if (!handler) return { kind: "method_not_allowed", allow: Object.keys(route.methods) };
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(match.groups ?? {})) {
      try {
        params[key] = decodeURIComponent(value);
      } catch {
        params[key] = value;
      }
    }
    return { kind: "found", handler, params };
  }
  return { kind: "not_found" };
}
