import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { existsSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import net from "node:net";

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function isZombie(pid: number): boolean {
  try {
    return /^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

export function sleepSync(ms: number) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  { timeoutMs, what, intervalMs = 50 }: { timeoutMs: number; what: string; intervalMs?: number },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export class PortTakenError extends Error {
  constructor(readonly port: number, readonly service: string) {
    super(`Port ${port} (${service}) is already in use. Stop whatever listens there, or start the stack with other ports.`);
  }
}

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export async function assertPortsFree(ports: Record<string, number>) {
  for (const [service, port] of Object.entries(ports)) {
    if (!(await isPortFree(port))) throw new PortTakenError(port, service);
  }
}

/** A port the OS has just handed out, for throwaway stacks that must not collide with a running one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function waitForHttp(url: string, what: string, timeoutMs = 30_000) {
  await waitFor(
    async () => {
      try {
        const res = await fetch(url);
        await res.body?.cancel();
        return res.status < 500;
      } catch {
        return false;
      }
    },
    { timeoutMs, what },
  );
}

/**
 * The children of one stack, with their pids on disk: a stack killed with SIGKILL cannot stop its
 * children, so the next start reads the file and ends what is still running.
 */
export class ChildRegistry {
  private readonly children: { name: string; child: ChildProcess }[] = [];

  constructor(private readonly pidFile: string) {}

  killLeftovers() {
    if (!existsSync(this.pidFile)) return;
    const pids = (JSON.parse(readFileSync(this.pidFile, "utf8")) as number[]).filter(isAlive);
    for (const pid of pids) process.kill(pid, "SIGKILL");
    // Their ports are free only once they are gone (or zombies, which hold no sockets).
    const deadline = Date.now() + 3_000;
    while (pids.some((pid) => isAlive(pid) && !isZombie(pid)) && Date.now() < deadline) sleepSync(20);
    rmSync(this.pidFile, { force: true });
  }

  spawn(name: string, command: string, args: string[], options: SpawnOptions & { log: (line: string) => void }): ChildProcess {
    const { log, ...spawnOptions } = options;
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...spawnOptions });
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (line.trim()) log(line);
    };
    child.stdout?.on("data", forward);
    child.stderr?.on("data", forward);
    this.track(name, child);
    return child;
  }

  track(name: string, child: ChildProcess) {
    this.children.push({ name, child });
    this.save();
    child.once("exit", () => this.save());
  }

  private save() {
    const pids = this.children.filter(({ child }) => child.exitCode === null && child.pid).map(({ child }) => child.pid!);
    writeFileSync(this.pidFile, JSON.stringify(pids));
  }

  async stopAll(signal: NodeJS.Signals = "SIGTERM") {
    await Promise.all(
      this.children.reverse().map(async ({ child }) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill(signal);
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }),
    );
    rmSync(this.pidFile, { force: true });
  }
}
