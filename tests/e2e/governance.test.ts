import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { USER } from "../support/demo.ts";
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

    // The manager approves it from the inbox, with a comment.
    const manager = await signedIn("manager@acme.test");
    await manager.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Approvals" }).click();
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
