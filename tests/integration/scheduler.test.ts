import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { createScheduler } from "../../local/scheduler.ts";
import { adminSql } from "../support/sql.ts";

const received: { path: string; auth: string; body: string }[] = [];
const recorder = http.createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    received.push({ path: req.url ?? "", auth: req.headers.authorization ?? "", body });
    res.end("{}");
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => recorder.listen(0, "127.0.0.1", resolve));
  await adminSql((c) =>
    c.query(`insert into private.job_schedules (name, schedule, function_name, body) values
             ('test-nightly', '30 2 * * *', 'nightly-job', '{"scope":"all"}'),
             ('test-paused', '30 2 * * *', 'paused-job', '{}')`),
  );
  await adminSql((c) => c.query("update private.job_schedules set active = false where name = 'test-paused'"));
});

afterAll(async () => {
  recorder.close();
  await adminSql((c) => c.query("delete from private.job_schedules where name like 'test-%'"));
});

it("the local scheduler sends each due job the request pg_cron sends on hosted Supabase", async () => {
  const pool = new pg.Pool({ connectionString: inject("stack").dbUrl, max: 1 });
  const scheduler = createScheduler({
    pool,
    functionsUrl: `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`,
    serviceRoleKey: inject("stack").serviceRoleKey,
    log: () => {},
  });
  try {
    expect(await scheduler.tick(new Date("2026-11-21T02:29:00Z"))).toEqual([]);
    expect(await scheduler.tick(new Date("2026-11-21T02:30:10Z"))).toEqual([{ name: "test-nightly", status: 200 }]);
    expect(received).toEqual([{ path: "/nightly-job", auth: `Bearer ${inject("stack").serviceRoleKey}`, body: '{"scope":"all"}' }]);
  } finally {
    await pool.end();
  }
});
