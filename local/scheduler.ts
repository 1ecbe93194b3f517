import type pg from "pg";
import { cronMatches, parseCron } from "./cron.ts";

export interface Schedule {
  name: string;
  schedule: string;
  function_name: string;
  body: unknown;
}

/**
 * Reads the schedules from `private.job_schedules` — the table the pg_cron migration also reads on
 * hosted Supabase — and sends each due job the same request pg_net sends there.
 */
export function createScheduler(opts: {
  pool: pg.Pool;
  functionsUrl: string;
  serviceRoleKey: string;
  log: (line: string) => void;
}) {
  async function load(): Promise<Schedule[]> {
    const { rows } = await opts.pool.query<Schedule>(
      "select name, schedule, function_name, body from private.job_schedules where active order by name",
    );
    return rows;
  }

  async function invoke(job: Schedule): Promise<number> {
    const res = await fetch(`${opts.functionsUrl}/${job.function_name}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${opts.serviceRoleKey}` },
      body: JSON.stringify(job.body ?? {}),
    });
    await res.body?.cancel();
    return res.status;
  }

  /** Runs every job due in the minute of `at`; returns what it ran. */
  async function tick(at: Date): Promise<{ name: string; status: number | string }[]> {
    const due = (await load()).filter((job) => cronMatches(parseCron(job.schedule), at));
    return Promise.all(
      due.map(async (job) => {
        const status = await invoke(job).catch((error: Error) => error.message);
        opts.log(`scheduled job ${job.name} -> ${job.function_name}: ${status}`);
        return { name: job.name, status };
      }),
    );
  }

  let timer: NodeJS.Timeout | undefined;
  function start() {
    const next = () => {
      const now = Date.now();
      timer = setTimeout(async () => {
        await tick(new Date()).catch((error: Error) => opts.log(`scheduler: ${error.message}`));
        next();
      }, 60_000 - (now % 60_000) + 50);
    };
    next();
  }

  return { tick, start, stop: () => clearTimeout(timer) };
}
