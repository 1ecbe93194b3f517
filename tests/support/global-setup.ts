import type { TestProject } from "vitest/node";
import type { Stack } from "../../local/stack.ts";
import { startThrowawayStack } from "./throwaway-stack.ts";
import "./stack-info.ts";

// Vitest calls this once per backend project; they all share one stack (started on first use,
// stopped after the last project finishes), so a run costs one stack, not one per suite.
const shared = globalThis as typeof globalThis & { __rapStack?: Promise<Stack>; __rapStackUsers?: number };

export default async function setup(project: TestProject) {
  shared.__rapStack ??= startThrowawayStack();
  shared.__rapStackUsers = (shared.__rapStackUsers ?? 0) + 1;
  const stack = await shared.__rapStack;
  project.provide("stack", {
    apiUrl: stack.apiUrl,
    dbUrl: stack.dbUrl,
    anonKey: stack.anonKey,
    serviceRoleKey: stack.serviceRoleKey,
    functionsPort: stack.ports.functions,
  });
  return async () => {
    shared.__rapStackUsers! -= 1;
    if (shared.__rapStackUsers === 0) {
      await stack.stop();
      shared.__rapStack = undefined;
    }
  };
}
