import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expect, inject, it } from "vitest";
import { denoBinary } from "../../local/binaries.ts";

const FUNCTIONS = path.resolve(import.meta.dirname, "..", "..", "supabase", "functions");

// The handlers' own Deno tests, run by real Deno against this run's stack.
it("the edge functions' Deno tests pass against the stack", async () => {
  const stack = inject("stack");
  const result = await promisify(execFile)(denoBinary(), ["test", "-A", "--quiet", "--config", path.join(FUNCTIONS, "deno.json"), FUNCTIONS], {
    cwd: FUNCTIONS,
    env: { ...process.env, SUPABASE_URL: stack.apiUrl, SUPABASE_ANON_KEY: stack.anonKey, NO_COLOR: "1" },
    timeout: 180_000,
  }).catch((error: { stdout: string; stderr: string }) => error);
  const output = `${result.stdout}\n${result.stderr}`;
  expect(output, output).toMatch(/ok \| \d+ passed \| 0 failed/);
}, 200_000);
