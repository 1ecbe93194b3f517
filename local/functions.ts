import { existsSync, readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse as parseToml } from "smol-toml";
import { PROJECT_ROOT } from "./config.ts";
import { denoBinary } from "./binaries.ts";
import { verifyJwt, JwtError } from "./jwt.ts";
import { freePort, waitFor, isPortFree, type ChildRegistry } from "./processes.ts";

export const FUNCTIONS_DIR = path.join(PROJECT_ROOT, "supabase", "functions");
const SERVE_SHIM = path.join(PROJECT_ROOT, "local", "deno", "serve.ts");

/** Functions are the folders of supabase/functions with an index.ts; `_shared` and the like are not. */
export function listFunctions(dir = FUNCTIONS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith("_") && existsSync(path.join(dir, e.name, "index.ts")))
    .map((e) => e.name)
    .sort();
}

/** `[functions.<name>] verify_jwt = false` in supabase/config.toml turns the JWT check off, as hosted. */
export function jwtVerificationByFunction(configFile = path.join(PROJECT_ROOT, "supabase", "config.toml")): Record<string, boolean> {
  if (!existsSync(configFile)) return {};
  const config = parseToml(readFileSync(configFile, "utf8")) as { functions?: Record<string, { verify_jwt?: boolean }> };
  return Object.fromEntries(Object.entries(config.functions ?? {}).map(([name, c]) => [name, c.verify_jwt !== false]));
}

interface Worker {
  port: number;
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

export async function startFunctions(
  children: ChildRegistry,
  opts: { port: number; jwtSecret: string; env: Record<string, string>; log: (line: string) => void },
) {
  const verify = jwtVerificationByFunction();
  const workers = new Map<string, Worker>();
  const deno = denoBinary();

  await Promise.all(
    listFunctions().map(async (name) => {
      const port = await freePort();
      const dir = path.join(FUNCTIONS_DIR, name);
      const config = path.join(dir, "deno.json");
      children.spawn(`function ${name}`, deno, ["run", "-A", "--quiet", ...(existsSync(config) ? ["--config", config] : []), SERVE_SHIM], {
        cwd: dir,
        env: {
          ...process.env,
          ...opts.env,
          LOCAL_FUNCTION_PORT: String(port),
          LOCAL_FUNCTION_ENTRY: pathToFileURL(path.join(dir, "index.ts")).href,
        },
        log: (line) => opts.log(`[${name}] ${line}`),
      });
      await waitFor(async () => !(await isPortFree(port)), { timeoutMs: 120_000, what: `edge function ${name} to listen` });
      workers.set(name, { port });
    }),
  );

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://functions");
    const name = url.pathname.split("/")[1] ?? "";
    const worker = workers.get(name);
    if (!worker) return send(res, 404, { code: "NOT_FOUND", message: "Requested function was not found" });

    if (verify[name] !== false) {
      const auth = req.headers.authorization;
      if (!auth?.startsWith("Bearer ")) return send(res, 401, { code: "UNAUTHORIZED_NO_AUTH_HEADER", message: "Missing authorization header" });
      try {
        verifyJwt(auth.slice("Bearer ".length), opts.jwtSecret);
      } catch (error) {
        if (!(error instanceof JwtError)) throw error;
        return send(res, 401, { code: "UNAUTHORIZED_INVALID_JWT", message: "Invalid JWT" });
      }
    }

    const upstream = http.request(
      { host: "127.0.0.1", port: worker.port, method: req.method, path: req.url, headers: req.headers },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstream.on("error", (error) => {
      opts.log(`[${name}] ${error.message}`);
      if (!res.headersSent) send(res, 503, { code: "BOOT_ERROR", message: `Function ${name} is not running` });
      else res.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(opts.port, "127.0.0.1", resolve));
  return { server, functions: [...workers.keys()] };
}
