import http from "node:http";

/** Headers and answers as Supabase's API gateway gives them (reference/supabase-auth.md, Gateway). */
export const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD",
  "access-control-allow-headers":
    "authorization, apikey, x-client-info, content-type, prefer, range, accept-profile, content-profile, x-supabase-api-version, x-retry-count",
  "access-control-expose-headers": "content-range, x-total-count, link, x-supabase-api-version",
  "access-control-max-age": "86400",
};

export interface Route {
  prefix: string;
  port: number;
  /** Paths below the prefix that need no API key, as on hosted Supabase. */
  open?: RegExp;
  /** Functions are called with a user's JWT alone (pg_cron's calls carry no apikey). */
  requiresApiKey: boolean;
}

export interface GatewayOptions {
  routes: Route[];
  apiKeys: string[];
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...CORS_HEADERS, "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export function apiKeyOf(req: http.IncomingMessage, url: URL): string | undefined {
  const header = req.headers.apikey;
  return (Array.isArray(header) ? header[0] : header) || url.searchParams.get("apikey") || undefined;
}

export function createGateway({ routes, apiKeys }: GatewayOptions): http.Server {
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://gateway");
    if (req.method === "OPTIONS") {
      res.writeHead(200, CORS_HEADERS);
      res.end();
      return;
    }
    const route = routes.find((r) => url.pathname === r.prefix || url.pathname.startsWith(`${r.prefix}/`));
    if (!route) return send(res, 404, { message: "no Route matched with those values" });

    const rest = url.pathname.slice(route.prefix.length) || "/";
    const key = apiKeyOf(req, url);
    if (route.requiresApiKey && !route.open?.test(rest)) {
      if (!key) return send(res, 401, { message: "No API key found in request" });
      if (!apiKeys.includes(key)) return send(res, 401, { message: "Invalid API key" });
    }

    const headers = { ...req.headers, host: `127.0.0.1:${route.port}` };
    if (!headers.authorization && key && apiKeys.includes(key)) headers.authorization = `Bearer ${key}`;
    const upstream = http.request(
      { host: "127.0.0.1", port: route.port, method: req.method, path: rest + url.search, headers },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, { ...upstreamRes.headers, ...CORS_HEADERS });
        upstreamRes.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) send(res, 502, { message: "An invalid response was received from the upstream server" });
      else res.destroy();
    });
    req.pipe(upstream);
  });
}
