import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "../../local/processes.ts";
import { seed } from "../../local/seed.ts";
import { startStack, type Stack, type StackOptions } from "../../local/stack.ts";

/** A stack on free ports in a temporary folder, with the demo seed, gone again after stop(). */
export async function startThrowawayStack(extra: Partial<StackOptions> = {}): Promise<Stack> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), "rap-stack-"));
  const ports = {
    api: await freePort(),
    db: await freePort(),
    rest: await freePort(),
    restAdmin: await freePort(),
    auth: await freePort(),
    functions: await freePort(),
  };
  const stack = await startStack({
    ports,
    stateDir,
    durable: false,
    log: (service, line) => {
      if (process.env.STACK_LOG || /error|fatal|panic/i.test(line)) console.error(`[${service}] ${line}`);
    },
    ...extra,
  });
  const client = new pg.Client(stack.dbUrl);
  await client.connect();
  await seed(client).finally(() => client.end());
  return {
    ...stack,
    async stop() {
      await stack.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
