/** The local stack on the cached bench cluster (.local/bench/), on free ports, with the bench's server settings. */
import { freePort } from "../local/processes.ts";
import { startStack, type Stack } from "../local/stack.ts";
import { BENCH_STATE_DIR } from "./generate.ts";

/** The bench cluster's server settings (the generator uses its own bulk-load settings). */
export const RUN_SETTINGS = ["shared_buffers=2GB", "effective_cache_size=8GB"];

export async function startBenchStack(log: (line: string) => void): Promise<Stack> {
  const ports = { api: await freePort(), db: await freePort(), rest: await freePort(), restAdmin: await freePort(), auth: await freePort(), functions: await freePort() };
  return startStack({
    ports,
    stateDir: BENCH_STATE_DIR,
    durable: false,
    postgresSettings: RUN_SETTINGS,
    log: (service, line) => {
      if (process.env.STACK_LOG || /error|fatal|panic/i.test(line)) log(`[${service}] ${line}`);
    },
  });
}
