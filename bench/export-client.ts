/**
 * The consumer side of the CSV export bench, run by bench/run.ts as its own process so that its
 * memory is measured alone: it streams an export to a file the way a browser download does (never
 * holding the whole file) and reports rows, bytes, time and its resident memory as the rows came
 * in. Two sources:
 *   function   one POST to the export-csv edge function, read as a stream
 *   postgrest  GET pages of 1,000 rows (db-max-rows) from PostgREST as text/csv, keyset-paginated
 *              on (expected_close_date, id)
 * Input: one JSON argument (ExportJob); output: one JSON line (ExportResult) on stdout.
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";

export interface ExportJob {
  source: "function" | "postgrest";
  url: string;
  headers: Record<string, string>;
  /** function: the request body. */
  body?: unknown;
  /** postgrest: the query string without the keyset condition; the first two columns must be id, expected_close_date. */
  query?: string;
  out: string;
}

export interface ExportResult {
  rows: number;
  bytes: number;
  requests: number;
  ms: number;
  firstByteMs: number;
  maxRssMb: number;
  /** Resident memory as rows arrived: [rows so far, MB]. */
  rss: [number, number][];
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function run(job: ExportJob): Promise<ExportResult> {
  const file = createWriteStream(job.out);
  const started = performance.now();
  let firstByteMs = -1;
  let rows = 0;
  let bytes = 0;
  let requests = 0;
  const rss: [number, number][] = [[0, mb(process.memoryUsage.rss())]];
  let nextSampleAt = 0;
  const sample = () => {
    const now = performance.now();
    if (now >= nextSampleAt) {
      rss.push([rows, mb(process.memoryUsage.rss())]);
      nextSampleAt = now + 50;
    }
  };
  const write = async (chunk: Uint8Array) => {
    if (!file.write(chunk)) await once(file, "drain");
  };
  const countLines = (chunk: Uint8Array) => {
    let n = 0;
    for (const byte of chunk) if (byte === 10) n += 1;
    return n;
  };
  const check = async (res: Response) => {
    if (!res.ok) throw new Error(`${res.status} ${res.statusText}: ${(await res.text()).slice(0, 500)}`);
    if (firstByteMs < 0) firstByteMs = performance.now() - started;
  };

  if (job.source === "function") {
    requests = 1;
    const res = await fetch(job.url, { method: "POST", headers: job.headers, body: JSON.stringify(job.body) });
    await check(res);
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      rows += countLines(chunk);
      await write(chunk);
      sample();
    }
    rows -= 1; // the header line
  } else {
    let after: { date: string; id: string } | undefined;
    for (;;) {
      const keyset = after ? `&or=(expected_close_date.gt.${after.date},and(expected_close_date.eq.${after.date},id.gt.${after.id}))` : "";
      const res = await fetch(`${job.url}?${job.query}${keyset}`, { headers: job.headers });
      requests += 1;
      await check(res);
      const text = await res.text();
      const lines = text.split("\n").filter((line) => line.length > 0);
      const page = lines.slice(1); // PostgREST repeats the header on every page
      if (requests === 1) await write(Buffer.from(`${lines[0]}\n`));
      if (page.length === 0) break;
      const chunk = Buffer.from(`${page.join("\n")}\n`);
      bytes += chunk.byteLength;
      rows += page.length;
      await write(chunk);
      sample();
      const [id, date] = page.at(-1)!.split(",");
      after = { id: id!, date: date! };
      if (page.length < 1000) break;
    }
  }
  file.end();
  await once(file, "finish");
  rss.push([rows, mb(process.memoryUsage.rss())]);
  return {
    rows,
    bytes,
    requests,
    ms: Math.round(performance.now() - started),
    firstByteMs: Math.round(firstByteMs),
    maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
    rss,
  };
}

run(JSON.parse(process.argv[2]!) as ExportJob)
  .then((result) => console.log(JSON.stringify(result)))
  .catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
