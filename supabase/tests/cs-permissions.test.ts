import { afterAll, beforeAll } from "vitest";
import { ORG, USER, seedId } from "../../tests/support/demo.ts";
import { type Matrix, type Operation, type Targets, createDeactivatedRep, testMatrix } from "../../tests/support/permission-matrix.ts";
import { adminSql } from "../../tests/support/sql.ts";

/**
 * The customer-success tables of docs/permissions.md, cell by cell (tests/support/permission-matrix.ts).
 * The lead CSM is a column of its own here: a CSM (Morgan) sees their own customers, a lead CSM
 * (Casey) every customer. Fixture customers (fixed ids, made in beforeAll) sit on accounts owned by
 * different sellers, so a target is, from the actor's point of view: "own" (the actor is the CSM),
 * "own account" / "team account" (a customer of an account the actor / their teammate owns),
 * "other" (another CSM's customer on a West rep's account), "other org" (Globex).
 */

const CS_ACTORS = ["rep", "manager", "cs_manager", "lead_csm", "executive", "admin", "deactivated"] as const;
type CsActor = (typeof CS_ACTORS)[number];

let deactivated = "";
const actorId = (actor: CsActor) =>
  ({ rep: USER.rep, manager: USER.manager, cs_manager: USER.csm, lead_csm: USER.leadCsm, executive: USER.executive, admin: USER.admin, deactivated })[actor];

const id = (table: string, key: string) => seedId(`matrix-cs-${table}`, key);

/** The fixture customers: CSM, account owner, organisation. */
const CUSTOMERS = {
  onRepAccount: { owner: USER.leadCsm, seller: USER.rep, org: ORG.acme },
  onRep2Account: { owner: USER.leadCsm, seller: USER.rep2, org: ORG.acme },
  onManagerAccount: { owner: USER.leadCsm, seller: USER.manager, org: ORG.acme },
  morgans: { owner: USER.csm, seller: USER.repWest, org: ORG.acme },
  caseys: { owner: USER.leadCsm, seller: USER.repWest, org: ORG.acme },
  globex: { owner: USER.globexRep, seller: USER.globexRep, org: ORG.globex },
} as const;
type Fixture = keyof typeof CUSTOMERS;

/** Which fixture customer each label is for an actor. */
function customerTargets(actor: CsActor): Partial<Record<string, Fixture>> {
  switch (actor) {
    case "rep":
      return { "own account": "onRepAccount", "team account": "onRep2Account", other: "caseys", "other org": "globex" };
    case "manager":
      return { "own account": "onManagerAccount", "team account": "onRepAccount", other: "caseys", "other org": "globex" };
    case "cs_manager":
      return { own: "morgans", other: "caseys", "other org": "globex" };
    case "lead_csm":
      return { own: "caseys", other: "morgans", "other org": "globex" };
    default:
      return { other: "caseys", "other org": "globex" };
  }
}

/** Targets of rows hanging off a customer: the fixture row of `table` on each target customer. */
const rowsOf = (table: string) => (actor: CsActor): Targets =>
  Object.fromEntries(Object.entries(customerTargets(actor)).map(([label, fixture]) => [label, id(table, fixture!)]));
/** Targets that are the customers themselves (inserts of child rows, the time series by customer). */
const customersOf = (actor: CsActor): Targets =>
  Object.fromEntries(Object.entries(customerTargets(actor)).map(([label, fixture]) => [label, id("customer", fixture!)]));
/** In a statement, the organisation of the fixture customer in $1. */
const orgOfCustomer = `(case when $1::uuid = '${id("customer", "globex")}' then '${ORG.globex}' else '${ORG.acme}' end)::uuid`;

const READ = {
  rep: ["own account"],
  manager: ["own account", "team account"],
  cs_manager: ["own"],
  lead_csm: ["own", "other"],
  executive: ["other"],
  admin: ["other"],
};
const WRITE = { cs_manager: ["own"], lead_csm: ["own", "other"], admin: ["other"] };
const newRowIn = () => ({ "own org": ORG.acme, "other org": ORG.globex });
const orgRows = (table: string) => () => ({ "own org": id(table, ORG.acme), "other org": id(table, ORG.globex) });
const ALL_MEMBERS = { rep: ["own org"], manager: ["own org"], cs_manager: ["own org"], lead_csm: ["own org"], executive: ["own org"], admin: ["own org"] };
const CS_STAFF = { cs_manager: ["own org"], lead_csm: ["own org"], executive: ["own org"], admin: ["own org"] };
const ADMIN = { admin: ["own org"] };

/** select/insert/update/delete on a table of rows belonging to customers. */
function customerScoped(table: string, insertSql: string, updateSql: string, writes: { insert?: boolean; update?: boolean; delete?: boolean }): Record<string, Operation<CsActor>> {
  return {
    select: { sql: `select 1 from public.${table} where id = $1`, targets: rowsOf(table), allowed: READ },
    insert: { sql: insertSql, targets: customersOf, allowed: writes.insert ? WRITE : {} },
    update: { sql: updateSql, targets: rowsOf(table), allowed: writes.update ? WRITE : {} },
    delete: { sql: `delete from public.${table} where id = $1`, targets: rowsOf(table), allowed: writes.delete ? WRITE : {} },
  };
}

/** A time series keyed by customer and day: only the job writes it. */
function series(table: string, insertSql: string, updateSql: string): Record<string, Operation<CsActor>> {
  return {
    select: { sql: `select 1 from public.${table} where customer_id = $1`, targets: customersOf, allowed: READ },
    insert: { sql: insertSql, targets: customersOf, allowed: {} },
    update: { sql: updateSql, targets: customersOf, allowed: {} },
    delete: { sql: `delete from public.${table} where customer_id = $1`, targets: customersOf, allowed: {} },
  };
}

const MATRIX: Matrix<CsActor> = {
  customers: {
    select: { sql: "select 1 from public.customers where id = $1", targets: customersOf, allowed: READ },
    insert: {
      sql: `insert into public.customers (org_id, account_id, owner_id)
            values ((case when $1::uuid = '${USER.globexRep}' then '${ORG.globex}' else '${ORG.acme}' end)::uuid,
                    (case when $1::uuid = '${USER.globexRep}' then '${id("account", "globex-spare")}' else '${id("account", "spare")}' end)::uuid, $1)`,
      targets: (actor) => ({ own: actorId(actor), "another CSM": actor === "cs_manager" ? USER.leadCsm : USER.csm, "other org": USER.globexRep }),
      allowed: { cs_manager: ["own"], lead_csm: ["own", "another CSM"], admin: ["own", "another CSM"] },
    },
    "update tier, mrr, contract_end, owner_id": {
      sql: "update public.customers set tier = 1, mrr = mrr + 1, contract_end = current_date + 400, owner_id = owner_id where id = $1",
      targets: customersOf,
      allowed: WRITE,
    },
    "update health_score": { sql: "update public.customers set health_score = 99 where id = $1", targets: customersOf, allowed: {} },
    delete: { sql: "delete from public.customers where id = $1", targets: customersOf, allowed: { lead_csm: ["own", "other"], admin: ["other"] } },
  },
  customer_usage_daily: series(
    "customer_usage_daily",
    `insert into public.customer_usage_daily (org_id, customer_id, day, logins) values (${orgOfCustomer}, $1, '2001-01-02', 1)`,
    "update public.customer_usage_daily set logins = logins + 1 where customer_id = $1",
  ),
  customer_health_scores: series(
    "customer_health_scores",
    `insert into public.customer_health_scores (org_id, customer_id, day, score, status, breakdown, config_version)
     values (${orgOfCustomer}, $1, '2001-01-02', 90, 'healthy', '{}', 1)`,
    "update public.customer_health_scores set score = 100 where customer_id = $1",
  ),
  renewals: customerScoped(
    "renewals",
    `insert into public.renewals (org_id, customer_id, renewal_date, current_value) values (${orgOfCustomer}, $1, '2030-01-02', 1000)`,
    "update public.renewals set proposed_value = 2000, status = 'in_progress', notes = 'Changed' where id = $1",
    { insert: true, update: true, delete: true },
  ),
  interventions: customerScoped(
    "interventions",
    `insert into public.interventions (org_id, customer_id, reason) values (${orgOfCustomer}, $1, 'Matrix call')`,
    "update public.interventions set outcome = 'Changed' where id = $1",
    { insert: true, update: true },
  ),
  success_milestones: customerScoped(
    "success_milestones",
    `insert into public.success_milestones (org_id, customer_id, kind, title) values (${orgOfCustomer}, $1, 'matrix_new', 'Matrix milestone')`,
    "update public.success_milestones set celebrated_at = now() where id = $1",
    { insert: true },
  ),
  support_interactions: customerScoped(
    "support_interactions",
    `insert into public.support_interactions (org_id, customer_id, kind, summary) values (${orgOfCustomer}, $1, 'check_in', 'Matrix check-in')`,
    "update public.support_interactions set outcome = 'Changed' where id = $1",
    { insert: true, update: true, delete: true },
  ),
  email_outbox: {
    select: { sql: "select 1 from public.email_outbox where id = $1", targets: rowsOf("email_outbox"), allowed: { cs_manager: ["own"], lead_csm: ["own", "other"], admin: ["other"] } },
    insert: {
      sql: `insert into public.email_outbox (org_id, customer_id, kind, to_email, subject, body, dedupe_key)
            values (${orgOfCustomer}, $1, 'playbook.email', 'x@example.test', 'Hi', 'Body', 'matrix-new')`,
      targets: customersOf,
      allowed: {},
    },
    update: { sql: "update public.email_outbox set status = 'sent', sent_at = now() where id = $1", targets: rowsOf("email_outbox"), allowed: {} },
    delete: { sql: "delete from public.email_outbox where id = $1", targets: rowsOf("email_outbox"), allowed: {} },
  },
  health_score_configs: {
    select: { sql: "select 1 from public.health_score_configs where org_id = $1", targets: newRowIn, allowed: ALL_MEMBERS },
    "delete and insert again": {
      sql: `with gone as (delete from public.health_score_configs where org_id = $1 returning org_id)
            insert into public.health_score_configs (org_id) select org_id from gone`,
      targets: newRowIn,
      allowed: ADMIN,
    },
    "update indicators, healthy_min, at_risk_min, window_days": {
      sql: `update public.health_score_configs set indicators = public.default_health_indicators(), healthy_min = 75, at_risk_min = 45, window_days = 28
            where org_id = $1`,
      targets: newRowIn,
      allowed: ADMIN,
    },
  },
  playbooks: {
    select: { sql: "select 1 from public.playbooks where id = $1", targets: orgRows("playbook"), allowed: ALL_MEMBERS },
    insert: { sql: "insert into public.playbooks (org_id, name, trigger) values ($1, 'Matrix new playbook', 'critical_status')", targets: newRowIn, allowed: ADMIN },
    "update name, params, active": {
      sql: `update public.playbooks set name = name || ' renamed', params = '{"days": 9}', active = not active where id = $1`,
      targets: orgRows("playbook"),
      allowed: ADMIN,
    },
    delete: { sql: "delete from public.playbooks where id = $1", targets: orgRows("playbook"), allowed: ADMIN },
  },
  playbook_actions: {
    select: { sql: "select 1 from public.playbook_actions where id = $1", targets: orgRows("action"), allowed: ALL_MEMBERS },
    insert: {
      sql: `insert into public.playbook_actions (org_id, playbook_id, kind, subject)
            values ($1, (case when $1::uuid = '${ORG.globex}' then '${id("playbook", ORG.globex)}' else '${id("playbook", ORG.acme)}' end)::uuid, 'task', 'Call')`,
      targets: newRowIn,
      allowed: ADMIN,
    },
    "update subject, body, due_in_days": {
      sql: "update public.playbook_actions set subject = 'Changed', body = 'Changed', due_in_days = 3 where id = $1",
      targets: orgRows("action"),
      allowed: ADMIN,
    },
    delete: { sql: "delete from public.playbook_actions where id = $1", targets: orgRows("action"), allowed: ADMIN },
  },
  notifications: {
    select: {
      sql: "select 1 from public.notifications where id = $1",
      targets: (actor) => notificationTargets(actor),
      allowed: { rep: ["own"], manager: ["own"], cs_manager: ["own"], lead_csm: ["own"], executive: ["own"], admin: ["own"] },
    },
    insert: {
      sql: "insert into public.notifications (org_id, user_id, kind, title) values ($1, (select id from public.profiles where org_id = $1 limit 1), 'test', 'Hi')",
      targets: newRowIn,
      allowed: {},
    },
    "update read_at": {
      sql: "update public.notifications set read_at = now() where id = $1",
      targets: (actor) => notificationTargets(actor),
      allowed: { rep: ["own"], manager: ["own"], cs_manager: ["own"], lead_csm: ["own"], executive: ["own"], admin: ["own"] },
    },
    "update title": { sql: "update public.notifications set title = 'Changed' where id = $1", targets: (actor) => notificationTargets(actor), allowed: {} },
    delete: {
      sql: "delete from public.notifications where id = $1",
      targets: (actor) => notificationTargets(actor),
      allowed: { rep: ["own"], manager: ["own"], cs_manager: ["own"], lead_csm: ["own"], executive: ["own"], admin: ["own"] },
    },
  },
  job_runs: {
    select: { sql: "select 1 from public.job_runs where id = $1", targets: orgRows("job-run"), allowed: CS_STAFF },
    insert: { sql: "insert into public.job_runs (org_id, job, day) values ($1, 'health-score', current_date)", targets: newRowIn, allowed: {} },
    update: { sql: "update public.job_runs set status = 'failed' where id = $1", targets: orgRows("job-run"), allowed: {} },
    delete: { sql: "delete from public.job_runs where id = $1", targets: orgRows("job-run"), allowed: {} },
  },
  health_score_validations: {
    select: { sql: "select 1 from public.health_score_validations where id = $1", targets: orgRows("validation"), allowed: CS_STAFF },
    insert: {
      sql: `insert into public.health_score_validations (org_id, computed_on, horizon_days, threshold, renewals_evaluated, churned, renewed,
              true_positives, false_positives, false_negatives, true_negatives, config_version) values ($1, '2001-01-03', 60, 70, 0, 0, 0, 0, 0, 0, 0, 1)`,
      targets: newRowIn,
      allowed: {},
    },
    update: { sql: "update public.health_score_validations set auc = 1 where id = $1", targets: orgRows("validation"), allowed: {} },
    delete: { sql: "delete from public.health_score_validations where id = $1", targets: orgRows("validation"), allowed: {} },
  },
};

function notificationTargets(actor: CsActor): Targets {
  return {
    own: id("notification", actorId(actor)),
    "someone else's": id("notification", actor === "rep" ? USER.rep2 : USER.rep),
    "other org": id("notification", USER.globexRep),
  };
}

const FIXTURE_DAY = "2001-01-01";

beforeAll(async () => {
  deactivated = await createDeactivatedRep();
  await adminSql(async (c) => {
    for (const [key, f] of Object.entries(CUSTOMERS) as [Fixture, (typeof CUSTOMERS)[Fixture]][]) {
      const customer = id("customer", key);
      await c.query("insert into public.accounts (id, org_id, owner_id, name) values ($1, $2, $3, $4)", [id("account", key), f.org, f.seller, `CS matrix ${key}`]);
      // Churned, so that a health job running meanwhile (the functions suite) leaves them alone.
      await c.query("insert into public.customers (id, org_id, account_id, owner_id, mrr, churned_at) values ($1, $2, $3, $4, 100, now())", [
        customer, f.org, id("account", key), f.owner,
      ]);
      await c.query("insert into public.customer_usage_daily (org_id, customer_id, day, logins) values ($1, $2, $3, 3)", [f.org, customer, FIXTURE_DAY]);
      await c.query(
        "insert into public.customer_health_scores (org_id, customer_id, day, score, status, breakdown, config_version) values ($1, $2, $3, 50, 'at_risk', '{}', 1)",
        [f.org, customer, FIXTURE_DAY],
      );
      await c.query("insert into public.renewals (id, org_id, customer_id, renewal_date, current_value) values ($1, $2, $3, '2031-01-01', 500)", [
        id("renewals", key), f.org, customer,
      ]);
      await c.query("insert into public.interventions (id, org_id, customer_id, reason, created_by) values ($1, $2, $3, 'Matrix intervention', null)", [
        id("interventions", key), f.org, customer,
      ]);
      await c.query("insert into public.success_milestones (id, org_id, customer_id, kind, title, recorded_by) values ($1, $2, $3, 'matrix', 'Matrix', null)", [
        id("success_milestones", key), f.org, customer,
      ]);
      await c.query("insert into public.support_interactions (id, org_id, customer_id, owner_id, kind, summary) values ($1, $2, $3, $4, 'check_in', 'Matrix')", [
        id("support_interactions", key), f.org, customer, f.owner,
      ]);
      await c.query(
        "insert into public.email_outbox (id, org_id, customer_id, kind, to_email, subject, body, dedupe_key) values ($1, $2, $3, 'playbook.email', 'x@example.test', 'Hi', 'Body', $4)",
        [id("email_outbox", key), f.org, customer, `matrix-${key}`],
      );
    }
    for (const [org, owner] of [[ORG.acme, USER.admin], [ORG.globex, USER.globexRep]] as const) {
      await c.query("insert into public.accounts (id, org_id, owner_id, name) values ($1, $2, $3, 'CS matrix spare')", [
        id("account", org === ORG.acme ? "spare" : "globex-spare"), org, owner,
      ]);
      await c.query("insert into public.playbooks (id, org_id, name, trigger, params) values ($1, $2, 'Matrix playbook', 'no_login_after_onboarding', '{\"days\": 7}')", [
        id("playbook", org), org,
      ]);
      await c.query("insert into public.playbook_actions (id, org_id, playbook_id, kind, subject) values ($1, $2, $3, 'in_app', 'Matrix')", [
        id("action", org), org, id("playbook", org),
      ]);
      await c.query("insert into public.job_runs (id, org_id, job, day, status) values ($1, $2, 'matrix', $3, 'succeeded')", [id("job-run", org), org, FIXTURE_DAY]);
      await c.query(
        `insert into public.health_score_validations (id, org_id, computed_on, horizon_days, threshold, renewals_evaluated, churned, renewed,
           true_positives, false_positives, false_negatives, true_negatives, config_version) values ($1, $2, $3, 60, 70, 0, 0, 0, 0, 0, 0, 0, 1)`,
        [id("validation", org), org, FIXTURE_DAY],
      );
    }
    const people = [USER.rep, USER.rep2, USER.manager, USER.csm, USER.leadCsm, USER.executive, USER.admin, deactivated, USER.globexRep];
    for (const user of people) {
      await c.query(
        "insert into public.notifications (id, org_id, user_id, kind, title) select $1, org_id, id, 'matrix', 'Matrix' from public.profiles where id = $2",
        [id("notification", user), user],
      );
    }
  });
});

afterAll(async () => {
  await adminSql(async (c) => {
    const customers = Object.keys(CUSTOMERS).map((key) => id("customer", key));
    await c.query("delete from public.customers where id = any ($1)", [customers]);
    await c.query("delete from public.accounts where name like 'CS matrix%'");
    await c.query("delete from public.playbooks where name like 'Matrix%'");
    await c.query("delete from public.job_runs where job = 'matrix'");
    await c.query("delete from public.health_score_validations where computed_on = $1", [FIXTURE_DAY]);
    await c.query("delete from public.notifications where kind = 'matrix'");
  });
});

testMatrix(MATRIX, actorId, CS_ACTORS);
