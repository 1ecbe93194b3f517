import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

/** The Deno executable the npm `deno` package installed (its postinstall links it next to bin.cjs). */
export function denoBinary(): string {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve("deno/package.json"));
  const exe = path.join(dir, os.platform() === "win32" ? "deno.exe" : "deno");
  if (existsSync(exe)) return exe;
  return require("deno/install_api.cjs").runInstall();
}
