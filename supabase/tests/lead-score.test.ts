/**
 * The lead score of PRODUCT.md CRM-3 (supabase/migrations/*_crm_lead_score.sql): base = probability;
 * +10 if value > 50,000, else +5 if > 25,000; +5 if contacted in the last 7 days; engagement
 * (+1 per open up to 5, +2 per click up to 10, +1 per visit up to 5, +5 per meeting up to 10);
 * clamped to 0-100.
 */
import { describe, expect, it } from "vitest";
import { USER } from "../../tests/support/demo.ts";
import { asUser } from "../../tests/support/sql.ts";

const AS_OF = "2026-01-15T12:00:00Z";
const daysAgo = (days: number) => new Date(Date.parse(AS_OF) - days * 86_400_000).toISOString();

interface Case {
  probability: number;
  value?: number | null;
  contacted?: string | null;
  opens?: number;
  clicks?: number;
  visits?: number;
  meetings?: number;
  score: number;
}

const CASES: Record<string, Case> = {
  "nothing but probability": { probability: 30, score: 30 },
  "value of exactly 25,000 adds nothing": { probability: 40, value: 25_000, score: 40 },
  "value just over 25,000 adds 5": { probability: 40, value: 25_000.01, score: 45 },
  "value of exactly 50,000 adds 5": { probability: 40, value: 50_000, score: 45 },
  "value just over 50,000 adds 10": { probability: 40, value: 50_000.01, score: 50 },
  "no value adds nothing": { probability: 40, value: null, score: 40 },
  "contacted yesterday adds 5": { probability: 40, contacted: daysAgo(1), score: 45 },
  "contacted exactly 7 days ago adds 5": { probability: 40, contacted: daysAgo(7), score: 45 },
  "contacted 8 days ago adds nothing": { probability: 40, contacted: daysAgo(8), score: 40 },
  "a contact date in the future adds nothing": { probability: 40, contacted: daysAgo(-1), score: 40 },
  "3 email opens add 3": { probability: 10, opens: 3, score: 13 },
  "email opens add at most 5": { probability: 10, opens: 50, score: 15 },
  "3 clicks add 6": { probability: 10, clicks: 3, score: 16 },
  "clicks add at most 10": { probability: 10, clicks: 9, score: 20 },
  "site visits add at most 5": { probability: 10, visits: 7, score: 15 },
  "a meeting adds 5": { probability: 10, meetings: 1, score: 15 },
  "meetings add at most 10": { probability: 10, meetings: 4, score: 20 },
  "everything together": { probability: 50, value: 60_000, contacted: daysAgo(2), opens: 2, clicks: 1, visits: 3, meetings: 1, score: 77 },
  "clamped to 100": { probability: 95, value: 100_000, contacted: daysAgo(0), opens: 9, clicks: 9, visits: 9, meetings: 9, score: 100 },
  "clamped to 0": { probability: -20, score: 0 },
};

describe("score_lead", () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: ${c.score}`, async () => {
      const { rows } = await asUser(USER.rep, (client) =>
        client.query("select public.score_lead($1, $2, $3, $4, $5, $6, $7, $8) as score", [
          c.probability,
          c.value ?? null,
          c.contacted ?? null,
          c.opens ?? 0,
          c.clicks ?? 0,
          c.visits ?? 0,
          c.meetings ?? 0,
          AS_OF,
        ]),
      );
      expect(rows[0].score).toBe(c.score);
    });
  }
});

describe("leads.score", () => {
  it("is computed on insert and follows every change, whatever score a client sends", async () => {
    await asUser(USER.rep, async (c) => {
      const { rows } = await c.query(
        `insert into public.leads (company, probability, value, last_contacted_at, email_clicks)
         values ('Scored Ltd', 40, 60000, now() - interval '1 day', 2) returning id, score`,
      );
      expect(rows[0].score).toBe(40 + 10 + 5 + 4);
      const updated = await c.query("update public.leads set meetings_booked = 1, score = 100 where id = $1 returning score", [rows[0].id]);
      expect(updated.rows[0].score).toBe(64);
      const computed = await c.query("select public.lead_score(l) as score from public.leads l where id = $1", [rows[0].id]);
      expect(computed.rows[0].score).toBe(64);
    });
  });

  it("rescore_leads brings stored scores up to date (the recency point fades) for the caller's leads only", async () => {
    await asUser(USER.rep, async (c) => {
      const { rows } = await c.query("insert into public.leads (company, probability) values ('Fading Ltd', 40) returning id");
      // Pretend a week went by since the score was stored: the stored score still has the recency point.
      await c.query("reset role");
      await c.query("update public.leads set last_contacted_at = now() - interval '8 days' where id = $1", [rows[0].id]);
      await c.query("set local session_replication_role = replica"); // without the trigger
      await c.query("update public.leads set score = 45 where id = $1", [rows[0].id]);
      await c.query("set local session_replication_role = origin");
      await c.query("set local role authenticated");

      const rescored = await c.query("select public.rescore_leads() as changed");
      expect(rescored.rows[0].changed).toBe(1);
      const { rows: after } = await c.query("select score from public.leads where id = $1", [rows[0].id]);
      expect(after[0].score).toBe(40);
      expect((await c.query("select public.rescore_leads() as changed")).rows[0].changed).toBe(0);
    });
  });
});
