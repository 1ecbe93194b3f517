/**
 * The deal score (PRODUCT.md GOV-1, GOV-2, GOV-6; supabase/migrations/*_gov_deal_scores.sql): each
 * factor's default curve or bands against a table of cases, classification bands, contributions
 * that add up to the score, the score the database keeps on every deal and its history, and
 * suggestions that raise the score by exactly what they promise.
 */
import type pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { REP_ACCOUNT, insertDeal, pipelineNamed } from "../../tests/support/crm.ts";
import { USER } from "../../tests/support/demo.ts";
import {
  type Curve,
  type Definition,
  type Factor,
  type Inputs,
  FACTORS,
  defaultDefinition,
  onlyFactor,
  scoreHistory,
  scoreValues,
  storedScore,
} from "../../tests/support/governance.ts";
import { adminSql, asUser } from "../../tests/support/sql.ts";

let defaults: Definition;
beforeAll(async () => {
  defaults = await defaultDefinition();
});

/** Per factor: [inputs, points its default curve gives] (the factor alone carries the model). */
const FACTOR_CASES: Record<Factor, [Inputs, number][]> = {
  discount: [
    [{ discount_pct: null }, 100], // no discount given
    [{ discount_pct: 0 }, 100],
    [{ discount_pct: 10 }, 100],
    [{ discount_pct: 15 }, 75],
    [{ discount_pct: 20 }, 50],
    [{ discount_pct: 25 }, 30],
    [{ discount_pct: 30 }, 10],
    [{ discount_pct: 35 }, 5],
    [{ discount_pct: 40 }, 0],
    [{ discount_pct: 75 }, 0],
  ],
  margin: [
    [{ margin_pct: null }, 0],
    [{ margin_pct: -10 }, 0],
    [{ margin_pct: 0 }, 0],
    [{ margin_pct: 10 }, 10],
    [{ margin_pct: 30 }, 40],
    [{ margin_pct: 50 }, 80],
    [{ margin_pct: 60 }, 100],
    [{ margin_pct: 85 }, 100],
  ],
  deal_size: [
    [{ amount: null, segment_median: 100_000 }, 0],
    [{ amount: 0, segment_median: 100_000 }, 0],
    [{ amount: 25_000, segment_median: 100_000 }, 20],
    [{ amount: 50_000, segment_median: 100_000 }, 40],
    [{ amount: 75_000, segment_median: 100_000 }, 60],
    [{ amount: 100_000, segment_median: 100_000 }, 80],
    [{ amount: 125_000, segment_median: 100_000 }, 90],
    [{ amount: 150_000, segment_median: 100_000 }, 100],
    [{ amount: 400_000, segment_median: 100_000 }, 100],
    [{ amount: 5_000, segment_median: null }, 80], // no won deals yet: every deal counts as at the median
  ],
  term: [
    [{ contract_term_months: null }, 0],
    [{ contract_term_months: 1 }, 30],
    [{ contract_term_months: 11 }, 30],
    [{ contract_term_months: 12 }, 70],
    [{ contract_term_months: 23 }, 70],
    [{ contract_term_months: 24 }, 90],
    [{ contract_term_months: 36 }, 100],
    [{ contract_term_months: 60 }, 100],
  ],
  payment_terms: [
    [{ payment_terms_days: null }, 0],
    [{ payment_terms_days: 0 }, 100],
    [{ payment_terms_days: 30 }, 100],
    [{ payment_terms_days: 31 }, 70],
    [{ payment_terms_days: 45 }, 70],
    [{ payment_terms_days: 46 }, 40],
    [{ payment_terms_days: 60 }, 40],
    [{ payment_terms_days: 61 }, 20],
    [{ payment_terms_days: 90 }, 20],
    [{ payment_terms_days: 91 }, 0],
  ],
  meddpicc: [
    [{ meddpicc_filled: 0 }, 0],
    [{ meddpicc_filled: 1 }, 13], // 12.5 rounds half up
    [{ meddpicc_filled: 2 }, 25],
    [{ meddpicc_filled: 4 }, 50],
    [{ meddpicc_filled: 7 }, 88],
    [{ meddpicc_filled: 8 }, 100],
  ],
  engagement: [
    [{ days_since_activity: 0 }, 100],
    [{ days_since_activity: 7 }, 100],
    [{ days_since_activity: 8 }, 70],
    [{ days_since_activity: 14 }, 70],
    [{ days_since_activity: 15 }, 40],
    [{ days_since_activity: 30 }, 40],
    [{ days_since_activity: 31 }, 10],
    [{ days_since_activity: 60 }, 10],
    [{ days_since_activity: 61 }, 0],
    [{ days_since_activity: 400 }, 0],
  ],
  days_in_stage: [
    [{ days_in_stage: 0, stage_norm_days: 20 }, 100],
    [{ days_in_stage: 20, stage_norm_days: 20 }, 100],
    [{ days_in_stage: 30, stage_norm_days: 20 }, 65],
    [{ days_in_stage: 40, stage_norm_days: 20 }, 30],
    [{ days_in_stage: 50, stage_norm_days: 20 }, 15],
    [{ days_in_stage: 60, stage_norm_days: 20 }, 0],
    [{ days_in_stage: 45, stage_norm_days: null }, 65], // no norm: 30 days
  ],
  competition: [
    [{ competitors: 0 }, 100],
    [{ competitors: 1 }, 60],
    [{ competitors: 2 }, 30],
    [{ competitors: 3 }, 0],
    [{ competitors: 6 }, 0],
  ],
};

describe("each factor's default curve or bands", () => {
  for (const factor of FACTORS) {
    describe(factor, () => {
      for (const [inputs, points] of FACTOR_CASES[factor]) {
        it(`${JSON.stringify(inputs)} earns ${points}`, async () => {
          const scored = await asUser(USER.rep, (c) => scoreValues(c, inputs, onlyFactor(factor, defaults.factors[factor]!.curve)));
          expect(scored.score).toBe(points);
          expect(scored.contributions[factor]).toBe(points);
        });
      }
    });
  }
});

describe("curves and bands", () => {
  const STEPS: Curve = { type: "bands", bands: [{ from: 0, score: 10 }, { from: 5, score: 50 }, { from: 9.5, score: 90 }] };
  const LINE: Curve = { type: "curve", points: [{ x: 10, score: 20 }, { x: 20, score: 80 }] };
  const CASES: [string, Curve, number, number][] = [
    ["a value below the second band earns the first", STEPS, 4.99, 10],
    ["a band starts at its `from`, inclusive", STEPS, 5, 50],
    ["decimal thresholds", STEPS, 9.49, 50],
    ["the last band has no end", STEPS, 1e6, 90],
    ["a curve is flat before its first point", LINE, 0, 20],
    ["straight between points", LINE, 12.5, 35],
    ["flat after its last point", LINE, 500, 80],
  ];
  for (const [name, curve, x, points] of CASES) {
    it(`${name}: ${x} → ${points}`, async () => {
      const scored = await asUser(USER.rep, (c) => scoreValues(c, { discount_pct: x }, onlyFactor("discount", curve)));
      expect(scored.score).toBe(points);
    });
  }
});

describe("classification bands", () => {
  // score = 100 - discount, so each discount gives the score we want
  const line: Curve = { type: "curve", points: [{ x: 0, score: 100 }, { x: 100, score: 0 }] };
  const bands = [{ label: "Gold", min_score: 90 }, { label: "Silver", min_score: 70 }, { label: "Bronze", min_score: 0 }];
  const CASES: [number, string][] = [
    [100, "Gold"],
    [90, "Gold"],
    [89, "Silver"],
    [70, "Silver"],
    [69, "Bronze"],
    [0, "Bronze"],
  ];
  for (const [score, label] of CASES) {
    it(`${score} is ${label}`, async () => {
      const scored = await asUser(USER.rep, (c) => scoreValues(c, { discount_pct: 100 - score }, onlyFactor("discount", line, bands)));
      expect(scored).toMatchObject({ score, classification: label });
    });
  }

  it("the default model's bands: A from 80, B from 65, C from 50, D below", () => {
    expect(defaults.classification_bands).toEqual([
      { label: "A", min_score: 80 },
      { label: "B", min_score: 65 },
      { label: "C", min_score: 50 },
      { label: "D", min_score: 0 },
    ]);
  });
});

describe("contributions", () => {
  it("add up to the score exactly where rounding each one would not", async () => {
    const half: Curve = { type: "curve", points: [{ x: 0, score: 50 }, { x: 1, score: 50 }] };
    const model: Definition = {
      classification_bands: [{ label: "All", min_score: 0 }],
      factors: { discount: { weight: 33.33, curve: half }, margin: { weight: 33.33, curve: half }, term: { weight: 33.34, curve: half } },
    };
    // each earns 16.665 / 16.665 / 16.67 points: rounded one by one that is 17 + 17 + 17 = 51, not 50
    const scored = await asUser(USER.rep, (c) => scoreValues(c, { discount_pct: 0, margin_pct: 0, contract_term_months: 1 }, model));
    expect(scored.score).toBe(50);
    expect(scored.contributions.discount + scored.contributions.margin + scored.contributions.term).toBe(50);
    expect(scored.contributions).toMatchObject({ discount: 17, margin: 16, term: 17, deal_size: 0 });
  });

  it("add up to the score for 2,000 varied deals under the default model, each within a point of its share", async () => {
    const { rows } = await asUser(USER.rep, (c) =>
      c.query(`
        with inputs as (
          select g, (g * 7 % 45)::numeric as discount, (g * 13 % 120 - 20)::numeric as margin, (1000 + g * 37 % 200000)::numeric as amount,
                 (1 + g % 48) as term, (g * 11 % 120) as payment, (g % 9) as meddpicc, (g * 3 % 90) as idle, (g * 5 % 70) as stage_days,
                 (5 + g % 40)::numeric as norm, (g % 5) as competitors
          from generate_series(1, 2000) g
        )
        select i.g, s.score, s.contributions, s.points
        from inputs i
        cross join lateral public.score_deal_values(i.discount, i.margin, i.amount, 100000, i.term, i.payment, i.meddpicc, i.idle, i.stage_days,
                                                    i.norm, i.competitors) s`),
    );
    const weights = Object.fromEntries(FACTORS.map((f) => [f, defaults.factors[f]!.weight]));
    for (const row of rows) {
      const contributions = row.contributions as Record<Factor, number>;
      expect(Object.values(contributions).reduce((a, b) => a + b, 0), `deal ${row.g}`).toBe(row.score);
      for (const f of FACTORS) {
        expect(Math.abs(contributions[f] - (weights[f]! * row.points[f]) / 100), `deal ${row.g}, ${f}`).toBeLessThan(1);
      }
    }
    expect(new Set(rows.map((r) => r.score)).size).toBeGreaterThan(30);
  });
});

describe("the stored score", () => {
  it("is kept for every deal on insert and on every change that matters, with a history row when it moves", async () => {
    await asUser(USER.rep, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const deal = await insertDeal(c, sales, "Lead", { discount_pct: 5, margin_pct: 50, contract_term_months: 12, payment_terms_days: 30 });
      const first = await storedScore(c, deal.id);
      const explained = (await c.query("select public.score_deal($1) as e", [deal.id])).rows[0].e;
      expect(first).toMatchObject({ score: explained.score, classification: explained.classification, model_version: 1 });
      expect(await scoreHistory(c, deal.id)).toEqual([{ score: first!.score, previous_score: null, reason: "created" }]);

      await c.query("update public.deals set name = 'Renamed', next_step = 'Call back' where id = $1", [deal.id]);
      expect(await scoreHistory(c, deal.id)).toHaveLength(1);

      await c.query("update public.deals set discount_pct = 30 where id = $1", [deal.id]);
      const lower = await storedScore(c, deal.id);
      expect(lower!.score).toBeLessThan(first!.score);
      expect(lower!.contributions.discount).toBe(2); // 20 points × 10 %
      expect(await scoreHistory(c, deal.id)).toEqual([
        { score: first!.score, previous_score: null, reason: "created" },
        { score: lower!.score, previous_score: first!.score, reason: "deal_change" },
      ]);
    });
  });

  it("follows the deal's activities: logging a call brings engagement back", async () => {
    await asUser(USER.rep, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const deal = await insertDeal(c, sales, "Lead");
      await c.query("reset role");
      await c.query("update public.deals set created_at = now() - interval '90 days' where id = $1", [deal.id]);
      await c.query("select private.refresh_deal_scores(array[$1::uuid], 'daily')", [deal.id]);
      await c.query("set local role authenticated");
      expect((await storedScore(c, deal.id))!.contributions.engagement).toBe(0);

      await c.query("insert into public.activities (type, subject, deal_id, occurred_at) values ('call', 'Check-in', $1, now() - interval '10 days')", [deal.id]);
      expect((await storedScore(c, deal.id))!.contributions.engagement).toBe(7);
      expect((await scoreHistory(c, deal.id)).at(-1)).toMatchObject({ reason: "activity" });

      // a task still to do is not engagement
      await c.query("insert into public.activities (type, subject, deal_id, due_at) values ('task', 'Send contract', $1, now() + interval '2 days')", [deal.id]);
      expect((await storedScore(c, deal.id))!.contributions.engagement).toBe(7);
    });
  });

  it("a closed deal keeps the score it closed with", async () => {
    await asUser(USER.rep, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const deal = await insertDeal(c, sales, "Negotiation", { paper_process: "Order form" });
      await c.query("select * from public.move_deal_stage($1, $2, 1)", [deal.id, sales.stage["Closed Won"]]);
      const closed = await storedScore(c, deal.id);
      expect((await c.query("select status from public.deal_scores where deal_id = $1", [deal.id])).rows[0].status).toBe("won");

      await c.query("update public.deals set margin_pct = 80, contract_term_months = 36 where id = $1", [deal.id]);
      expect(await storedScore(c, deal.id)).toEqual(closed);
    });
  });

  it("scores renewal and expansion deals with the same engine as new business (GOV-6)", async () => {
    await asUser(USER.rep, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const terms = { discount_pct: 12, margin_pct: 45, amount: 80_000, contract_term_months: 24, payment_terms_days: 45, champion: "CFO" };
      const scores = [];
      for (const deal_type of ["new", "renewal", "expansion"]) {
        const deal = await insertDeal(c, sales, "Lead", { ...terms, deal_type });
        scores.push(await storedScore(c, deal.id));
      }
      expect(scores[1]).toEqual(scores[0]);
      expect(scores[2]).toEqual(scores[0]);
    });
  });

  it("every seeded deal's stored score is what score_deal computes now, and a rescore changes none of them", async () => {
    await adminSql(async (c) => {
      await c.query("begin");
      try {
        const { rows } = await c.query(
          `select s.deal_id, s.score, (public.score_deal(s.deal_id) ->> 'score')::int as explained
           from public.deal_scores s join public.deals d on d.id = s.deal_id
           where d.status = 'open' and d.org_id = '00000000-0000-4000-a000-000000000001'`,
        );
        expect(rows.length).toBeGreaterThan(200);
        expect(rows.filter((r) => r.score !== r.explained)).toEqual([]);
        const changed = await c.query(
          "select cardinality(private.refresh_deal_scores(array(select id from public.deals where status = 'open'), 'manual')) as n",
        );
        expect(changed.rows[0].n).toBe(0);
      } finally {
        await c.query("rollback");
      }
    });
  });
});

describe("what would raise the score (GOV-2)", () => {
  /** A middling open deal of the rep, in Lead for 40 days, last touched 20 days ago. */
  async function middlingDeal(c: pg.Client) {
    const sales = await pipelineNamed(c, "Sales");
    const deal = await insertDeal(c, sales, "Lead", {
      amount: 40_000,
      discount_pct: 25,
      margin_pct: 30,
      contract_term_months: 12,
      payment_terms_days: 60,
      metrics: "Cut close time",
      champion: "Head of Ops",
      identified_pain: "Manual reporting",
      competitors: ["Globex", "Initech"],
    });
    await c.query("reset role");
    await c.query("update public.deals set stage_entered_at = now() - interval '40 days', created_at = now() - interval '60 days' where id = $1", [deal.id]);
    await c.query("insert into public.activities (owner_id, org_id, type, subject, deal_id, occurred_at) values ($2, '00000000-0000-4000-a000-000000000001', 'call', 'Intro', $1, now() - interval '20 days')", [deal.id, USER.rep]);
    await c.query("set local role authenticated");
    return { deal, sales };
  }

  it("names per factor the best achievable gain and the change that earns it", async () => {
    await asUser(USER.rep, async (c) => {
      const { deal } = await middlingDeal(c);
      const e = (await c.query("select public.score_deal($1) as e", [deal.id])).rows[0].e;
      const byFactor = Object.fromEntries(e.factors.map((f: { factor: string }) => [f.factor, f]));
      expect(e.factors.map((f: { factor: string }) => f.factor)).toEqual([...FACTORS]);
      expect(e.factors.reduce((sum: number, f: { contribution: number }) => sum + f.contribution, 0)).toBe(e.score);
      expect(byFactor.discount.suggestion).toMatchObject({ field: "discount_pct", action: "lower", from: 25, to: 10 });
      expect(byFactor.discount.suggestion.text).toBe(`Lower the discount from 25 % to 10 %: +${byFactor.discount.suggestion.gain}`);
      expect(byFactor.margin.suggestion).toMatchObject({ field: "margin_pct", action: "raise", from: 30, to: 60 });
      expect(byFactor.term.suggestion).toMatchObject({ field: "contract_term_months", action: "raise", from: 12, to: 36 });
      expect(byFactor.payment_terms.suggestion).toMatchObject({ field: "payment_terms_days", action: "lower", from: 60, to: 30 });
      expect(byFactor.meddpicc.suggestion).toMatchObject({ action: "fill_fields", from: 3, to: 8 });
      expect(byFactor.meddpicc.suggestion.fields).toEqual(["economic_buyer", "decision_criteria", "decision_process", "paper_process", "competition"]);
      expect(byFactor.engagement.suggestion).toMatchObject({ action: "log_activity", to: 0 });
      expect(byFactor.days_in_stage.suggestion).toMatchObject({ action: "advance_stage" });
      expect(byFactor.competition.suggestion).toMatchObject({ field: "competitors", action: "lower", to: 0 });
      const gains = e.factors.filter((f: { suggestion: unknown }) => f.suggestion).map((f: { suggestion: { gain: number } }) => f.suggestion.gain);
      expect(e.best_suggestion.gain).toBe(Math.max(...gains));
    });
  });

  /** How each suggestion is carried out, as a rep would do it. */
  const APPLY: Record<Factor, (c: pg.Client, dealId: string, s: { to: number; fields?: string[] }, sales: { stage: Record<string, string> }) => Promise<unknown>> = {
    discount: (c, id, s) => c.query("update public.deals set discount_pct = $2 where id = $1", [id, s.to]),
    margin: (c, id, s) => c.query("update public.deals set margin_pct = $2 where id = $1", [id, s.to]),
    deal_size: (c, id, s) => c.query("update public.deals set amount = $2 where id = $1", [id, s.to]),
    term: (c, id, s) => c.query("update public.deals set contract_term_months = $2 where id = $1", [id, s.to]),
    payment_terms: (c, id, s) => c.query("update public.deals set payment_terms_days = $2 where id = $1", [id, s.to]),
    meddpicc: (c, id, s) => c.query(`update public.deals set ${s.fields!.map((f) => `${f} = 'Filled in'`).join(", ")} where id = $1`, [id]),
    engagement: (c, id) => c.query("insert into public.activities (type, subject, deal_id) values ('meeting', 'Demo', $1)", [id]),
    days_in_stage: async (c, id, _s, sales) => {
      const { rows } = await c.query("select version from public.deals where id = $1", [id]);
      return c.query("select public.move_deal_stage($1, $2, $3)", [id, sales.stage.Qualified, rows[0].version]);
    },
    competition: (c, id) => c.query("update public.deals set competitors = '{}' where id = $1", [id]),
  };

  for (const factor of FACTORS) {
    it(`carrying out the ${factor} suggestion raises the score by exactly its gain`, async () => {
      await asUser(USER.rep, async (c) => {
        const { deal, sales } = await middlingDeal(c);
        const e = (await c.query("select public.score_deal($1) as e", [deal.id])).rows[0].e;
        const suggestion = e.factors.find((f: { factor: string }) => f.factor === factor).suggestion;
        expect(suggestion, `${factor} has a suggestion`).not.toBeNull();
        expect((await storedScore(c, deal.id))!.score).toBe(e.score);
        await APPLY[factor](c, deal.id, suggestion, sales);
        expect((await storedScore(c, deal.id))!.score).toBe(e.score + suggestion.gain);
      });
    });
  }

  it("a deal at its best for a factor gets no suggestion for it; a closed deal gets none at all", async () => {
    await asUser(USER.rep, async (c) => {
      const sales = await pipelineNamed(c, "Sales");
      const deal = await insertDeal(c, sales, "Negotiation", { discount_pct: 5, competitors: [], paper_process: "MSA" });
      let e = (await c.query("select public.score_deal($1) as e", [deal.id])).rows[0].e;
      const of = (factor: string) => e.factors.find((f: { factor: string }) => f.factor === factor);
      expect(of("discount").suggestion).toBeNull();
      expect(of("competition").suggestion).toBeNull();
      await c.query("select public.move_deal_stage($1, $2, 1)", [deal.id, sales.stage["Closed Won"]]);
      e = (await c.query("select public.score_deal($1) as e", [deal.id])).rows[0].e;
      expect(e.factors.every((f: { suggestion: unknown }) => f.suggestion === null)).toBe(true);
      expect(e.best_suggestion).toBeNull();
    });
  });

  it("score_deal answers only for deals the caller may read", async () => {
    const { rows } = await adminSql((c) => c.query("select id from public.deals where owner_id = $1 limit 1", [USER.repWest]));
    await asUser(USER.rep, async (c) => {
      await expect(c.query("select public.score_deal($1)", [rows[0].id])).rejects.toMatchObject({ code: "PT404", hint: "not_found" });
    });
    await asUser(USER.managerWest, async (c) => {
      expect((await c.query("select public.score_deal($1) ->> 'deal_id' as id", [rows[0].id])).rows[0].id).toBe(rows[0].id);
    });
  });

  it("scores with the account's segment median", async () => {
    await asUser(USER.rep, async (c) => {
      const { rows } = await c.query(
        `select coalesce(seg.median_amount, org_wide.median_amount) as median_amount
         from public.accounts a
         left join public.scoring_segment_medians seg on seg.org_id = a.org_id and seg.segment = a.segment
         join public.scoring_segment_medians org_wide on org_wide.org_id = a.org_id and org_wide.segment is null
         where a.id = $1`,
        [REP_ACCOUNT],
      );
      const median = Number(rows[0].median_amount);
      const sales = await pipelineNamed(c, "Sales");
      const deal = await insertDeal(c, sales, "Lead", { amount: median });
      const e = (await c.query("select public.score_deal($1) as e", [deal.id])).rows[0].e;
      expect(e.inputs.segment_median).toBe(median);
      expect(e.factors.find((f: { factor: string }) => f.factor === "deal_size")).toMatchObject({ input: 100, points: 80, contribution: 8 });
    });
  });
});
