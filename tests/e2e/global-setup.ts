import type { AddressInfo } from "node:net";
import path from "node:path";
import { build } from "vite";
import type { TestProject } from "vitest/node";
import { startThrowawayStack } from "../support/throwaway-stack.ts";
import "../support/stack-info.ts";
import { serveSpa } from "./static-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, "..", "..");

export default async function setup(project: TestProject) {
  const stack = await startThrowawayStack();
  const outDir = path.join(ROOT, "dist-e2e");
  // The production build, pointed at this run's stack (variables already set win over .env files).
  process.env.VITE_SUPABASE_URL = stack.apiUrl;
  process.env.VITE_SUPABASE_ANON_KEY = stack.anonKey;
  await build({ root: ROOT, logLevel: "warn", build: { outDir, emptyOutDir: true } });
  const server = serveSpa(outDir);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

  project.provide("appUrl", `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  project.provide("stack", {
    apiUrl: stack.apiUrl,
    dbUrl: stack.dbUrl,
    anonKey: stack.anonKey,
    serviceRoleKey: stack.serviceRoleKey,
    functionsPort: stack.ports.functions,
  });
  return async () => {
    server.close();
    await stack.stop();
  };
}
