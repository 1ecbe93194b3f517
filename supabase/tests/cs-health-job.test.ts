import type pg from "pg";
import { describe, expect, it } from "vitest";
import { SILENT, THRIVING, type ScratchOrg, addCustomer, inScratchOrg, score, setUsage, snapshot } from "../../tests/support/cs.ts";

/**
 * The daily health job's SQL (CS-3, CS-4, CS-9 and the validation of issue 6): idempotent runs,
 * playbooks that fire once per trigger episode, milestones once, the owner told once when a
 * customer turns critical, failures isolated per customer, and the AUC, precision and recall of
 * the score 60 days before renewals.
 */

const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const TODAY = dayOffset(0);
const SINCE = dayOffset(-500);
const FROM = dayOffset(-80);

async function count(c: pg.Client, sql: string, params: unknown[]): Promise<number> {
  return Number((await c.query(sql, params)).rows[0].n);
}

const interventions = (c: pg.Client, customer: string, trigger: string) =>
  count(
    c,
    `select count(*) as n from public.interventions i join public.playbooks p on p.id = i.playbook_id
     where i.customer_id = $1 and p.trigger = $2`,
    [customer, trigger],
  );

/** Turns the CS-4 playbooks of the scratch organisation on or off by trigger. */
async function onlyPlaybook(c: pg.Client, s: ScratchOrg, trigger: string) {
  await c.query("update public.playbooks set active = (trigger = $2) where org_id = $1", [s.org, trigger]);
}

describe("running the job twice on a day", () => {
  it("changes nothing the second time and sends one email", async () => {
    await inScratchOrg(async (c, s) => {
      const falling = await addCustomer(c, s, { since: SINCE, name: "Falling Ltd" });
      const fine = await addCustomer(c, s, { since: SINCE });
      // Healthy yesterday; today nobody has signed in for three weeks and adoption collapsed.
      await setUsage(c, s, falling, FROM, dayOffset(-1), () => THRIVING);
      await setUsage(c, s, fine, FROM, TODAY, () => THRIVING);
      await score(c, s, dayOffset(-1));
      expect((await c.query("select health_status from public.customers where id = $1", [falling])).rows[0].health_status).toBe("healthy");
      await setUsage(c, s, falling, dayOffset(-40), TODAY, () => SILENT);

      const first = await score(c, s, TODAY);
      expect(first.scored).toBe(2);
      expect(first.actions).toBeGreaterThan(0);
      const after = await snapshot(c, s.org);
      const second = await score(c, s, TODAY);
      expect(second).toEqual({ scored: 2, actions: 0 });
      expect(await snapshot(c, s.org)).toEqual(after);

      const emails = await c.query("select kind, to_email, subject from public.email_outbox where org_id = $1 and kind = 'customer.critical'", [s.org]);
      expect(emails.rows).toEqual([{ kind: "customer.critical", to_email: s.csmEmail, subject: expect.stringMatching(/^Falling Ltd turned critical \(health \d+\)$/) }]);
      const told = await c.query("select kind, title, link from public.notifications where user_id = $1 and kind = 'customer.critical'", [s.csm]);
      expect(told.rows).toEqual([{ kind: "customer.critical", title: "Falling Ltd turned critical", link: `/customers/${falling}` }]);
      expect((await c.query("select health_status, health_status_since::text as since from public.customers where id = $1", [falling])).rows[0]).toEqual({
        health_status: "critical",
        since: TODAY,
      });
    });
  });
});

describe("playbooks fire once per trigger", () => {
  it("critical status: once per critical spell, again after a recovery", async () => {
    await inScratchOrg(async (c, s) => {
      await onlyPlaybook(c, s, "critical_status");
      const customer = await addCustomer(c, s, { since: SINCE });
      await setUsage(c, s, customer, FROM, dayOffset(2), () => SILENT);
      await score(c, s, TODAY);
      await score(c, s, TODAY);
      await score(c, s, dayOffset(1));
      expect(await interventions(c, customer, "critical_status")).toBe(1);
      // The intervention carried out both actions: the rescue call task for the CSM and the in-app message.
      const { rows } = await c.query("select reason, trigger_key, actions from public.interventions where customer_id = $1", [customer]);
      expect(rows[0].trigger_key).toBe(`critical:${TODAY}`);
      expect(rows[0].reason).toMatch(/^Health is critical \(\d+\)$/);
      expect(rows[0].actions.map((a: { kind: string }) => a.kind)).toEqual(["task", "in_app"]);
      const task = await c.query("select type, owner_id, customer_id, done, subject from public.activities where id = $1", [rows[0].actions[0].id]);
      expect(task.rows[0]).toMatchObject({ type: "call", owner_id: s.csm, customer_id: customer, done: false });
      expect(task.rows[0].subject).toMatch(/^Rescue call: Customer \w+ is critical \(\d+\)$/);
      expect(await count(c, "select count(*) as n from public.notifications where id = $1 and user_id = $2", [rows[0].actions[1].id, s.csm])).toBe(1);

      // Healthy again, then critical again: a new spell, a new intervention.
      await setUsage(c, s, customer, FROM, dayOffset(2), () => THRIVING);
      await score(c, s, dayOffset(2));
      await setUsage(c, s, customer, FROM, dayOffset(3), () => SILENT);
      await score(c, s, dayOffset(3));
      expect(await interventions(c, customer, "critical_status")).toBe(2);
    });
  });

  it("no login for 7 days after onboarding: once per silence, not before onboarding", async () => {
    await inScratchOrg(async (c, s) => {
      await onlyPlaybook(c, s, "no_login_after_onboarding");
      const onboarded = await addCustomer(c, s, { since: SINCE, contactEmail: "champion@quiet.example" });
      const onboarding = await addCustomer(c, s, { since: SINCE });
      await setUsage(c, s, onboarded, FROM, TODAY, (_d, ago) => (ago < 6 ? SILENT : THRIVING));
      await setUsage(c, s, onboarding, FROM, TODAY, (_d, ago) => (ago < 20 ? { ...SILENT, onboarding_done: 4 } : { ...THRIVING, onboarding_done: 4 }));
      await score(c, s, TODAY); // 6 days: not yet
      expect(await interventions(c, onboarded, "no_login_after_onboarding")).toBe(0);
      await setUsage(c, s, onboarded, TODAY, dayOffset(3), () => SILENT);
      await setUsage(c, s, onboarding, TODAY, dayOffset(3), () => ({ ...SILENT, onboarding_done: 4 }));
      await score(c, s, dayOffset(1)); // 7 days
      await score(c, s, dayOffset(1));
      await score(c, s, dayOffset(2));
      expect(await interventions(c, onboarded, "no_login_after_onboarding")).toBe(1);
      expect(await interventions(c, onboarding, "no_login_after_onboarding")).toBe(0);
      const email = await c.query("select to_email, subject, status from public.email_outbox where customer_id = $1 and kind = 'playbook.email'", [onboarded]);
      expect(email.rows).toEqual([{ to_email: "champion@quiet.example", subject: expect.stringMatching(/^We miss you at Customer \w+$/), status: "queued" }]);
      const body = await c.query("select body from public.email_outbox where customer_id = $1", [onboarded]);
      expect(body.rows[0].body).toContain("has signed in for 7 days");

      // A login, then another week of silence: a new episode.
      await setUsage(c, s, onboarded, dayOffset(3), dayOffset(3), () => THRIVING);
      await setUsage(c, s, onboarded, dayOffset(4), dayOffset(10), () => SILENT);
      await score(c, s, dayOffset(10));
      expect(await interventions(c, onboarded, "no_login_after_onboarding")).toBe(2);
    });
  });

  it("score drop: once when it falls 15 points within 7 days, not again while it stays down", async () => {
    await inScratchOrg(async (c, s) => {
      await onlyPlaybook(c, s, "score_drop");
      const customer = await addCustomer(c, s, { since: SINCE });
      const noCustomerEmail = await addCustomer(c, s, { since: SINCE, contactEmail: null });
      for (const id of [customer, noCustomerEmail]) {
        await c.query(
          `insert into public.customer_health_scores (org_id, customer_id, day, score, status, breakdown, config_version)
           select $1, $2, d, 95, 'healthy', '{}', 1 from generate_series($3::date - 7, $3::date - 1, interval '1 day') d`,
          [s.org, id, TODAY],
        );
        await setUsage(c, s, id, FROM, dayOffset(3), () => ({ ...THRIVING, active_users: 0 })); // 75
      }
      await score(c, s, TODAY);
      await score(c, s, dayOffset(1));
      await score(c, s, dayOffset(3));
      expect(await interventions(c, customer, "score_drop")).toBe(1);
      const { rows } = await c.query("select reason, actions from public.interventions where customer_id = $1", [customer]);
      expect(rows[0].reason).toBe("Health fell 20 points in 7 days (95 to 75)");
      expect(rows[0].actions.map((a: { kind: string }) => a.kind)).toEqual(["in_app", "task"]);
      const notice = await c.query("select title from public.notifications where id = $1", [rows[0].actions[0].id]);
      expect(notice.rows[0].title).toMatch(/^Health of Customer \w+ dropped to 75$/);
    });
  });

  it("an email action for a customer without a contact address is recorded as skipped", async () => {
    await inScratchOrg(async (c, s) => {
      await onlyPlaybook(c, s, "no_login_after_onboarding");
      const customer = await addCustomer(c, s, { since: SINCE, contactEmail: null });
      await setUsage(c, s, customer, FROM, TODAY, (_d, ago) => (ago < 10 ? SILENT : THRIVING));
      await score(c, s, TODAY);
      const { rows } = await c.query("select actions from public.interventions where customer_id = $1", [customer]);
      expect(rows[0].actions[0]).toEqual({ kind: "email", skipped: "the customer has no contact with an email address" });
      expect(rows[0].actions[1].kind).toBe("task");
    });
  });
});

describe("milestones", () => {
  it("are recorded and celebrated once", async () => {
    await inScratchOrg(async (c, s) => {
      const customer = await addCustomer(c, s, { since: SINCE });
      await setUsage(c, s, customer, FROM, dayOffset(1), () => ({ ...THRIVING, active_users: 10 }));
      await score(c, s, TODAY);
      await score(c, s, TODAY);
      await score(c, s, dayOffset(1));
      const { rows } = await c.query("select kind, achieved_on::text as day, celebrated_at is not null as celebrated from public.success_milestones where customer_id = $1 order by kind collate \"C\"", [customer]);
      expect(rows).toEqual(
        ["adoption_80", "first_healthy", "onboarding_complete", "one_year", "seats_90"].map((kind) => ({ kind, day: TODAY, celebrated: true })),
      );
      expect(await count(c, "select count(*) as n from public.notifications where user_id = $1 and kind = 'milestone.reached'", [s.csm])).toBe(5);
      expect((await c.query("select onboarded_on::text as d from public.customers where id = $1", [customer])).rows[0].d).toBe(TODAY);
    });
  });
});

describe("a failing customer", () => {
  it("is recorded with its error while every other customer is scored", async () => {
    await inScratchOrg(async (c, s) => {
      const customers = [];
      for (let i = 0; i < 4; i++) customers.push(await addCustomer(c, s, { since: SINCE }));
      for (const customer of customers) await setUsage(c, s, customer, dayOffset(-30), TODAY, () => THRIVING);
      // One customer turns critical, and its owner's address cannot take the "turned critical" email.
      const broken = await addCustomer(c, s, { since: SINCE, owner: s.admin });
      await setUsage(c, s, broken, dayOffset(-30), TODAY, () => SILENT);
      await c.query("update public.profiles set email = 'not an address' where id = $1", [s.admin]);

      const run = (await c.query("select public.health_job_start($1, $2::date, null) as id", [s.org, TODAY])).rows[0].id;
      const batch = (await c.query("select public.health_job_batch($1, $2, $3::date, null, 100) as b", [run, s.org, TODAY])).rows[0].b;
      expect(batch).toMatchObject({ scored: 4, failed: 1, done: true });
      expect(batch.errors).toEqual([
        { customer_id: broken, message: 'new row for relation "email_outbox" violates check constraint "email_outbox_to_email_format"', code: "23514" },
      ]);
      const finished = (await c.query("select (public.health_job_finish($1, $2, 0, 0, null)).*", [run, s.org])).rows[0];
      expect(finished).toMatchObject({ status: "partial", customers_scored: 4, customers_failed: 1 });
      expect(finished.errors).toEqual(batch.errors);
      expect(finished.finished_at).not.toBeNull();
      // Everything of the failing customer was undone; the others are scored.
      expect(await count(c, "select count(*) as n from public.customer_health_scores where org_id = $1 and day = $2", [s.org, TODAY])).toBe(4);
      expect((await c.query("select health_score from public.customers where id = $1", [broken])).rows[0].health_score).toBeNull();
      expect(await count(c, "select count(*) as n from public.interventions where customer_id = $1", [broken])).toBe(0);
    });
  });

  it("a second run of an organisation waits for the first to finish", async () => {
    await inScratchOrg(async (c, s) => {
      await c.query("select public.health_job_start($1, $2::date, null)", [s.org, TODAY]);
      await c.query("savepoint second");
      const error = await c.query("select public.health_job_start($1, $2::date, null)", [s.org, TODAY]).catch((e: { code: string }) => e);
      await c.query("rollback to savepoint second");
      expect(error).toMatchObject({ code: "55P03" });
    });
  });
});

describe("the validation of the score (CS-5 of issue 6)", () => {
  it("measures AUC, precision and recall of the score 60 days before each decided renewal", async () => {
    await inScratchOrg(async (c, s) => {
      // churned customers scored 30 and 50 sixty days before renewal; renewed ones 60, 80 and 50.
      const cases: [string, number][] = [["churned", 30], ["churned", 50], ["renewed", 60], ["renewed", 80], ["renewed", 50]];
      for (const [i, [outcome, scoreBefore]] of cases.entries()) {
        const customer = await addCustomer(c, s, { since: SINCE });
        const renewalDay = dayOffset(-10 - i);
        await c.query(
          `insert into public.customer_health_scores (org_id, customer_id, day, score, status, breakdown, config_version)
           values ($1, $2, $3::date - 62, $4, 'at_risk', '{}', 1), ($1, $2, $3::date - 20, 5, 'critical', '{}', 1)`,
          [s.org, customer, renewalDay, scoreBefore],
        );
        await c.query("insert into public.renewals (org_id, customer_id, renewal_date, current_value, status) values ($1, $2, $3, 1000, $4)", [
          s.org, customer, renewalDay, outcome,
        ]);
      }
      const undecided = await addCustomer(c, s, { since: SINCE });
      await c.query("insert into public.renewals (org_id, customer_id, renewal_date, current_value) values ($1, $2, $3, 1000)", [s.org, undecided, dayOffset(20)]);

      const v = (await c.query("select * from private.health_validation($1, $2::date, 60)", [s.org, TODAY])).rows[0];
      expect(v).toMatchObject({
        renewals_evaluated: 5, churned: 2, renewed: 3, auc: "0.917", precision: "0.500", recall: "1.000",
        true_positives: 2, false_positives: 2, false_negatives: 0, true_negatives: 1, threshold: 70,
      });
      // The job stores it with the run.
      const run = (await c.query("select public.health_job_start($1, $2::date, null) as id", [s.org, TODAY])).rows[0].id;
      await c.query("select public.health_job_finish($1, $2, 0, 0, null)", [run, s.org]);
      const stored = await c.query("select auc, precision, recall, renewals_evaluated from public.health_score_validations where org_id = $1 and computed_on = $2", [s.org, TODAY]);
      expect(stored.rows).toEqual([{ auc: "0.917", precision: "0.500", recall: "1.000", renewals_evaluated: 5 }]);
      // Churned renewals marked their customers churned.
      expect(await count(c, "select count(*) as n from public.customers where org_id = $1 and churned_at is not null", [s.org])).toBe(2);
    });
  });
});
