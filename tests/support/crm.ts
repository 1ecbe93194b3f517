import type pg from "pg";
import { ORG, seedId } from "./demo.ts";

/** What Postgres said when it refused a statement (pg's DatabaseError fields the UI also gets). */
export interface Refusal {
  code: string;
  message: string;
  detail?: string;
  hint?: string;
  constraint?: string;
}

/**
 * Runs one statement inside a savepoint, so that a refusal leaves the surrounding (test)
 * transaction usable: the rows, or the refusal.
 */
export async function attempt<R extends pg.QueryResultRow = pg.QueryResultRow>(
  c: pg.Client,
  sql: string,
  params: unknown[] = [],
): Promise<{ rows: R[]; refusal?: undefined } | { rows?: undefined; refusal: Refusal }> {
  await c.query("savepoint attempt");
  try {
    const { rows } = await c.query<R>(sql, params);
    await c.query("release savepoint attempt");
    return { rows };
  } catch (error) {
    await c.query("rollback to savepoint attempt");
    const { code, message, detail, hint, constraint } = error as Refusal;
    return { refusal: { code, message, detail, hint, constraint } };
  }
}

/** A pipeline of the seed by name, with its stage ids by stage name. */
export async function pipelineNamed(c: pg.Client, name: string, org = ORG.acme): Promise<{ id: string; stage: Record<string, string> }> {
  const { rows } = await c.query<{ pipeline_id: string; name: string; id: string }>(
    `select s.pipeline_id, s.name, s.id from public.pipelines p join public.pipeline_stages s on s.pipeline_id = p.id
     where p.org_id = $1 and p.name = $2`,
    [org, name],
  );
  if (rows.length === 0) throw new Error(`no pipeline ${name} in ${org}`);
  return { id: rows[0]!.pipeline_id, stage: Object.fromEntries(rows.map((r) => [r.name, r.id])) };
}

/** Account 0 of the seed belongs to rep@acme.test (as does every eighth one). */
export const REP_ACCOUNT = seedId("acme-account", 0);

/** Inserts a deal as the current user and returns it; `fields` override the defaults. */
export async function insertDeal(
  c: pg.Client,
  pipeline: { id: string; stage: Record<string, string> },
  stage: string,
  fields: Record<string, unknown> = {},
): Promise<Record<string, unknown> & { id: string; version: number }> {
  const values: Record<string, unknown> = {
    account_id: REP_ACCOUNT,
    name: "Test deal",
    amount: 1000,
    pipeline_id: pipeline.id,
    stage_id: pipeline.stage[stage],
    ...fields,
  };
  const columns = Object.keys(values);
  const { rows } = await c.query(
    `insert into public.deals (${columns.join(", ")}) values (${columns.map((_, i) => `$${i + 1}`).join(", ")}) returning *`,
    Object.values(values),
  );
  return rows[0];
}
