import { readFile } from "node:fs/promises";
import pg from "pg";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ORG, USER } from "../support/demo.ts";
import { adminSql } from "../support/sql.ts";
import { setupBrowser, signIn } from "./browser.ts";

const browser = setupBrowser();

// One of the rep's open deals in the Sales pipeline's Negotiation stage, small enough (≤ 50,000) and
// discounted little enough (≤ 20 %) that no seeded policy asks for approval yet. It gets a name of
// its own so the inbox shows it once, and no paper process, so leaving Negotiation asks for it.
const dealName = `Governed deal ${Date.now()}`;
let dealId: string;

beforeAll(async () => {
  dealId = await adminSql(async (c) => {
    const { rows } = await c.query<{ id: string }>(
      `select d.id from public.deals d
       join public.pipeline_stages s on s.id = d.stage_id
       join public.pipelines p on p.id = d.pipeline_id
       where d.owner_id = $1 and d.status = 'open' and p.name = 'Sales' and s.name = 'Negotiation'
         and d.amount between 1000 and 50000 and coalesce(d.discount_pct, 0) <= 20
         and not exists (select from public.approval_requests r where r.deal_id = d.id)
       order by d.id limit 1`,
      [USER.rep],
    );
    const id = rows[0]!.id;
    await c.query("update public.deals set name = $2, paper_process = null where id = $1", [id, dealName]);
    return id;
  });
});

async function signedIn(email: string) {
  const page = await browser.newPage();
  await signIn(page, email);
  await page.getByRole("navigation", { name: "Main" }).waitFor();
  return page;
}

/** The score in the deal page's subtitle, from its accessible name ("Deal score 72 of 100, class B"). */
async function headerScore(page: Page) {
  const label = await page.getByTestId("deal-score").first().getAttribute("aria-label");
  return Number(/Deal score (\d+)/.exec(label ?? "")?.[1]);
}

async function openDeal(page: Page) {
  await page.goto(`/deals/${dealId}`);
  await page.getByRole("heading", { level: 1, name: dealName }).waitFor();
  await page.getByTestId("approval-state").waitFor();
}

describe("deal governance", () => {
  it("a 30 % discount drops the score and asks the manager, who approves from the inbox; then the rep closes the deal won", async () => {
    // The rep gives a 30 % discount.
    const rep = await signedIn("rep@acme.test");
    await openDeal(rep);
    expect(await rep.getByTestId("approval-state").innerText()).toBe("No approval needed");
    const before = await headerScore(rep);
    await rep.getByRole("button", { name: "Edit" }).click();
    const edit = rep.getByRole("dialog", { name: `Edit ${dealName}` });
    await edit.getByLabel("Discount (%)").fill("30");
    await edit.getByRole("button", { name: "Save" }).click();
    await edit.waitFor({ state: "detached" });

    // The score drops and the approval is requested, with the reason.
    await expect.poll(() => headerScore(rep), { timeout: 15_000 }).toBeLessThan(before);
    await expect.poll(() => rep.getByTestId("approval-state").innerText(), { timeout: 15_000 }).toBe("Waiting for step 1 of 1: Sales manager");
    await rep.getByRole("list", { name: "Approval timeline" }).getByText("Discount 30 % is above 20 %").waitFor();

    // The deal page explains the new score: the discount's points in the breakdown, the change that
    // would win them back with its gain, and the drop as the newest point of the history.
    const after = await headerScore(rep);
    await rep.getByTestId("score-breakdown-chart").waitFor();
    await rep.getByRole("table", { name: "Score breakdown" }).getByRole("row", { name: /^Discount 30 %/ }).waitFor();
    const raise = rep.getByRole("list", { name: "What would raise this score" });
    await raise.getByRole("listitem").filter({ hasText: /^\+\d+(\.\d)?Lower the discount from 30 % to \d+ %/ }).waitFor();
    await rep.getByTestId("score-history-chart").waitFor();
    const newest = rep.getByRole("table", { name: "Score history" }).getByRole("row").nth(1);
    await expect.poll(() => newest.getByRole("cell").nth(1).innerText(), { timeout: 15_000 }).toBe(String(after));

    // While the request is pending, the database refuses to close the deal won, and the rep is told why.
    await rep.getByRole("button", { name: "Edit" }).click();
    const early = rep.getByRole("dialog", { name: `Edit ${dealName}` });
    await early.getByRole("combobox", { name: "Stage" }).click();
    await rep.getByRole("option", { name: /^Closed Won/ }).click();
    await early.getByLabel("Paper process").fill("Order form signed by the CFO");
    await early.getByRole("button", { name: "Save" }).click();
    await early.getByText('This deal cannot be closed won: approval "Discounts above 20 %" is still pending').waitFor();
    await early.getByRole("button", { name: "Cancel" }).click();
    await early.waitFor({ state: "detached" });
    // The manager is notified in the app and follows the notification to the inbox, where they approve with a comment.
    const manager = await signedIn("manager@acme.test");
    await manager.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
    await manager.getByRole("menuitem", { name: new RegExp(`^Approval needed: ${dealName}`) }).click();
    await manager.getByRole("heading", { level: 1, name: "Approvals" }).waitFor();
    const request = manager.getByRole("listitem", { name: `${dealName}: Discounts above 20 %` });
    await request.getByText("Discount 30 % is above 20 %").waitFor();
    await request.getByRole("button", { name: `Approve ${dealName}` }).click();
    const decide = manager.getByRole("dialog", { name: `Approve ${dealName}` });
    await decide.getByRole("button", { name: "Approve" }).click();
    await decide.getByText("Write a comment: the rep sees it with your decision").waitFor();
    await decide.getByLabel("Comment").fill("Agreed for a two-year term.");
    await decide.getByRole("button", { name: "Approve" }).click();
    await manager.getByText(`Approved: ${dealName}`).waitFor();
    await request.waitFor({ state: "detached" });
    // The decision and its comment stay in the manager's history.
    await manager.getByRole("tab", { name: "History" }).click();
    const decided = manager.getByRole("row").filter({ has: manager.getByRole("link", { name: dealName }) });
    await decided.getByRole("cell", { name: "Agreed for a two-year term." }).waitFor();
    await decided.getByText("Approved", { exact: true }).first().waitFor();
    await manager.context().close();

    // The rep, back on the deal, sees the decision and closes it won: the database asks for Negotiation's exit field first.
    await rep.reload();
    await rep.getByRole("heading", { level: 1, name: dealName }).waitFor();
    await expect.poll(() => rep.getByTestId("approval-state").innerText(), { timeout: 15_000 }).toBe("Approved");
    await rep.getByText("“Agreed for a two-year term.”").waitFor();
    await rep.getByRole("button", { name: "Edit" }).click();
    const close = rep.getByRole("dialog", { name: `Edit ${dealName}` });
    await close.getByRole("combobox", { name: "Stage" }).click();
    await rep.getByRole("option", { name: /^Closed Won/ }).click();
    await close.getByRole("button", { name: "Save" }).click();
    await close.getByText("Missing required fields: Paper process").waitFor();
    await close.getByLabel("Paper process").fill("Order form signed by the CFO");
    await close.getByRole("button", { name: "Save" }).click();
    await close.waitFor({ state: "detached" });
    await rep.getByRole("heading", { level: 1, name: dealName }).waitFor();
    await rep.locator("[data-slot=badge]", { hasText: /^Won$/ }).first().waitFor();
    const [stored] = await adminSql((c) => c.query<{ status: string }>("select status from public.deals where id = $1", [dealId])).then((r) => r.rows);
    expect(stored?.status).toBe("won");
    await rep.context().close();
    // About 30 s on a quiet machine; the margin is for the 2-core CI box running the stack beside Chromium.
  }, 120_000);
});

describe("Settings → Scoring", () => {
  // Acme's few hundred open deals are rescored inside the save. To follow a rescore as an
  // organisation with more than the inline limit does (queued, worked by the rescore-deals
  // function, polled), the limit is lowered to 0 for this test and put back afterwards.
  let inlineLimit: string;
  beforeAll(async () => {
    inlineLimit = await adminSql(async (c) => {
      const { rows } = await c.query<{ def: string }>("select pg_get_functiondef('private.inline_rescore_limit()'::regprocedure) as def");
      await c.query("create or replace function private.inline_rescore_limit() returns integer language sql immutable set search_path = '' as $$ select 0 $$");
      return rows[0]!.def;
    });
  });
  afterAll(async () => {
    if (inlineLimit) await adminSql((c) => c.query(inlineLimit));
  });

  /** The proposed average score in the preview, with its change ("61.4 (−2.3)"). */
  const previewAverage = (preview: Locator) => preview.getByRole("definition").first().innerText();

  /** Holds every Acme score row, so the rescore waits where the admin can see it under way. */
  async function holdScores() {
    const client = new pg.Client(inject("stack").dbUrl);
    await client.connect();
    await client.query("begin");
    await client.query("select 1 from public.deal_scores where org_id = $1 for update", [ORG.acme]);
    return async () => {
      await client.query("rollback");
      await client.end();
    };
  }

  it("an admin moves weight from discount to margin, sees the preview change before saving, saves and follows the rescore to the end", async () => {
    const admin = await signedIn("admin@acme.test");
    await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Scoring" }).click();
    await admin.getByRole("heading", { level: 1, name: "Scoring" }).waitFor();
    const preview = admin.getByTestId("model-preview");
    await preview.waitFor();
    const before = await previewAverage(preview);
    expect(before).toMatch(/\(0\)$/);
    const [{ version }] = await adminSql((c) =>
      c.query<{ version: number }>("select version from public.scoring_models where org_id = $1 and is_active", [ORG.acme]).then((r) => r.rows),
    );

    // Taking 10 points from discount leaves the weights at 90: said at once, and the preview waits.
    await admin.getByLabel("Discount weight").fill("10");
    await admin.getByTestId("weight-total").getByText("Total weight: 90 of 100 — The weights must add up to 100; they add up to 90").waitFor();
    await admin.getByText("Correct the problems in the form to see the preview.").waitFor();

    // Giving them to margin makes the model valid again, and the preview shows what it would do.
    await admin.getByLabel("Margin weight").fill("25");
    await admin.getByTestId("weight-total").getByText("Total weight: 100 of 100").waitFor();
    await expect.poll(() => previewAverage(preview), { timeout: 15_000 }).not.toBe(before);
    expect(await previewAverage(preview)).not.toMatch(/\(0\)$/);

    // Saving makes a new version and starts the rescore of the open deals, whose progress shows.
    const release = await holdScores();
    const progress = admin.getByTestId("rescore-progress");
    try {
      await admin.getByRole("button", { name: "Save as new version and rescore" }).click();
      await admin.getByText(`Version ${version + 1} is active`).waitFor();
      await progress.getByText(/^Rescoring open deals: 0 of [\d,]+$/).waitFor();
      await progress.getByRole("progressbar", { name: "Rescore progress" }).waitFor();
    } finally {
      await release();
    }
    await progress.getByText(new RegExp(`^Rescored [\\d,]+ deals with version ${version + 1}: [\\d,]+ changed score or class$`)).waitFor({ timeout: 30_000 });
    expect(await progress.getByRole("progressbar").count()).toBe(0);
    const [run] = await adminSql((c) =>
      c.query<{ status: string; done: number; open: number }>(
        `select r.status, r.done, (select count(*)::int from public.deals d where d.org_id = r.org_id and d.status = 'open') as open
         from public.rescore_runs r where r.org_id = $1 order by r.created_at desc limit 1`,
        [ORG.acme],
      ).then((r) => r.rows),
    );
    expect(run).toMatchObject({ status: "done" });
    expect(run!.done).toBe(run!.open);

    // The earlier version is made active again, so the other tests keep the default model.
    const earlier = admin.getByRole("listitem").filter({ has: admin.getByText(`v${version}`, { exact: true }) });
    await earlier.getByRole("button", { name: "Make active" }).click();
    await admin.getByRole("alertdialog").getByRole("button", { name: "Make active and rescore" }).click();
    await admin.getByText(`Version ${version} is active`).waitFor();
    await progress.getByText(new RegExp(`^Rescored [\\d,]+ deals with version ${version}: `)).waitFor({ timeout: 30_000 });

    // Whoever opens the page in the next hour sees how the latest rescore ended.
    await admin.reload();
    await admin.getByRole("heading", { level: 1, name: "Scoring" }).waitFor();
    await progress.getByText(new RegExp(`^Rescored [\\d,]+ deals with version ${version}: `)).waitFor();
    await admin.context().close();
  }, 120_000);
});

describe("Settings → Approval policies", () => {
  it("an admin creates a two-step policy (a role, then a named person), edits it, deactivates it and deletes it", async () => {
    // Renewals above 5,000,000: no seeded deal crosses it, and no deal is edited while it exists.
    const name = `Very large renewals ${Date.now()}`;
    const admin = await signedIn("admin@acme.test");
    await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Approval policies" }).click();
    await admin.getByRole("heading", { level: 1, name: "Approval policies" }).waitFor();
    await admin.getByRole("button", { name: "New policy" }).first().click();

    const dialog = admin.getByRole("dialog", { name: "New approval policy" });
    await dialog.getByLabel("Name", { exact: true }).fill(name);
    await dialog.getByLabel("Amount above").fill("5000000");
    await dialog.getByRole("checkbox", { name: "Renewal" }).check();
    await dialog.getByRole("combobox", { name: "Step 1 approver role" }).click();
    await admin.getByRole("option", { name: "Executive" }).click();
    await dialog.getByRole("button", { name: "Add step" }).click();
    await dialog.getByLabel("Step 2 name").fill("Finance");
    await dialog.getByRole("combobox", { name: "Step 2 approver role" }).click();
    await admin.getByRole("option", { name: "No role: only the people below" }).click();
    // A step with nobody to approve it is refused before it reaches the database.
    await dialog.getByRole("button", { name: "Create policy" }).click();
    await dialog.getByText("Choose who approves: a role, named people, or both").waitFor();
    await dialog.getByRole("group", { name: "Step 2 named approvers" }).getByRole("checkbox", { name: "Marco Manager (Sales manager)" }).check();
    await dialog.getByRole("button", { name: "Create policy" }).click();
    await dialog.waitFor({ state: "detached" });

    const policy = admin.getByRole("list", { name: "Approval policies" }).getByRole("listitem").filter({ has: admin.getByRole("heading", { name }) });
    await policy.getByText("Amount above 5,000,000 · Renewal deals").waitFor();
    await policy.getByText("Executive, then Marco Manager").waitFor();
    const [stored] = await adminSql((c) =>
      c.query<{ steps: [number, string | null, string | null, string[]][] }>(
        `select json_agg(json_build_array(s.position, s.name, s.approver_role, s.approver_ids) order by s.position) as steps
         from public.approval_policies p join public.approval_policy_steps s on s.policy_id = p.id where p.name = $1`,
        [name],
      ).then((r) => r.rows),
    );
    expect(stored?.steps).toEqual([[1, null, "executive", []], [2, "Finance", null, [USER.manager]]]);

    // Editing: the threshold goes up and the steps swap order.
    await policy.getByRole("button", { name: `Edit ${name}` }).click();
    const edit = admin.getByRole("dialog", { name: `Edit ${name}` });
    await edit.getByLabel("Amount above").fill("8000000");
    await edit.getByRole("button", { name: "Move step 2 up" }).click();
    await edit.getByRole("button", { name: "Save policy" }).click();
    await edit.waitFor({ state: "detached" });
    await policy.getByText("Amount above 8,000,000 · Renewal deals").waitFor();
    await policy.getByText("Marco Manager, then Executive").waitFor();

    // By keyboard: the toasts of the saves sit over the row's buttons for a few seconds.
    await policy.getByRole("button", { name: "Deactivate" }).press("Enter");
    await policy.getByText("Inactive", { exact: true }).waitFor();
    await policy.getByRole("button", { name: `Delete ${name}` }).press("Enter");
    await admin.getByRole("alertdialog").getByRole("button", { name: "Delete policy" }).click();
    await policy.waitFor({ state: "detached" });
    await admin.context().close();
  }, 90_000);
});

describe("Governance page", () => {
  it("a manager reads the five metrics over a year by month and downloads the approval cycle times behind the chart", async () => {
    const manager = await signedIn("manager@acme.test");
    await manager.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Governance" }).click();
    await manager.getByRole("heading", { level: 1, name: "Governance" }).waitFor();
    await manager.getByRole("combobox", { name: "Period" }).click();
    await manager.getByRole("option", { name: "Last 12 months" }).click();
    await manager.getByRole("combobox", { name: "Trend" }).click();
    await manager.getByRole("option", { name: "By month" }).click();
    await expect.poll(() => new URL(manager.url()).search).toContain("grain=month");

    for (const title of ["Score distribution", "Classification trend", "Approval cycle time", "Exception rate", "Discount leakage"]) {
      await manager.getByRole("heading", { level: 2, name: title }).waitFor();
    }
    await expect.poll(() => manager.locator("[aria-busy=true]").count(), { timeout: 15_000 }).toBe(0);
    expect(await manager.getByRole("alert").count()).toBe(0);
    const decided = manager.getByRole("term").filter({ hasText: /^Decided$/ }).locator("xpath=following-sibling::dd[1]");
    expect(Number((await decided.innerText()).replace(/,/g, ""))).toBeGreaterThan(0);

    const [download] = await Promise.all([
      manager.waitForEvent("download"),
      manager.getByRole("button", { name: "Download CSV of Approval cycle time" }).click(),
    ]);
    const lines = (await readFile((await download.path())!, "utf8")).trim().split(/\r?\n/);
    expect(lines[0]).toBe("Month,Decided,Approved,Rejected,Overridden,Median hours,P90 hours");
    expect(lines.length).toBeGreaterThan(1);
    await manager.context().close();
  }, 60_000);
});
