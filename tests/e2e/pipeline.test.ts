import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { USER } from "../support/demo.ts";
import { setupBrowser, signIn } from "./browser.ts";

const browser = setupBrowser();

// The deal this file's rep makes from a lead; the later tests look for it as other people.
const company = `Orbit Labs ${Date.now()}`;
const dealName = `${company} deal`;
const VALUE = 12_345;

async function openBoard(page: Page, email: string) {
  await signIn(page, email);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Pipeline" }).click();
  await page.getByRole("heading", { level: 1, name: "Pipeline" }).waitFor();
  await page.getByRole("group", { name: "Pipeline stages" }).waitFor();
}

// includeHidden: an open dialog hides the board from the accessibility tree, and some checks look behind it.
const column = (page: Page, stage: string) => page.getByRole("region", { name: stage, exact: true, includeHidden: true });
const card = (scope: Page | Locator, name: string) => scope.getByRole("article", { name, exact: true, includeHidden: true });

/** A column's totals as its header shows them (count, amount, weighted amount). */
function totals(page: Page, stage: string) {
  return column(page, stage)
    .locator("header")
    .evaluate((header) => {
      const number = (selector: string) => Number(header.querySelector(selector)?.textContent?.replace(/[^0-9.-]/g, ""));
      return { count: number("[aria-label$=' deals']"), amount: number("[data-testid=stage-amount]"), weighted: number("[data-testid=stage-weighted]") };
    });
}

/** Drags with the mouse the way a person does: press, move a little (dnd-kit starts after 5 px), travel, release. */
async function dragCard(page: Page, from: Locator, to: Locator) {
  const source = (await from.boundingBox())!;
  const target = (await to.boundingBox())!;
  await page.mouse.move(source.x + source.width / 2, source.y + 12);
  await page.mouse.down();
  await page.mouse.move(source.x + source.width / 2 + 10, source.y + 20, { steps: 4 });
  await page.mouse.move(target.x + target.width / 2, target.y + 160, { steps: 12 });
  await page.mouse.up();
}

describe("the pipeline board", () => {
  it("a rep converts a lead, drags the deal on, is told which fields the next stage needs, fills them and sees the totals move", async () => {
    const page = await browser.newPage();
    await signIn(page, "rep@acme.test");

    // A lead, converted: account, contact and a deal in the default pipeline's first stage.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Leads" }).click();
    await page.getByRole("button", { name: "New lead" }).click();
    const form = page.getByRole("dialog", { name: "New lead" });
    await form.getByLabel("Company", { exact: true }).fill(company);
    await form.getByLabel("Value", { exact: true }).fill(String(VALUE));
    await form.getByLabel("Email", { exact: true }).fill(`buyer@orbit-${Date.now()}.example`);
    await form.getByRole("button", { name: "Create lead" }).click();
    await page.getByRole("heading", { level: 1, name: company }).waitFor();
    await page.getByRole("button", { name: "Convert" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Convert lead" }).click();
    await page.waitForURL(/\/deals\/[0-9a-f-]{36}$/);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Pipeline" }).click();
    const lead = column(page, "Lead");
    await card(lead, dealName).waitFor();

    // Lead → Qualified with the mouse: Lead asks for nothing.
    await dragCard(page, card(lead, dealName), column(page, "Qualified"));
    await card(column(page, "Qualified"), dealName).waitFor();
    await page.getByRole("status").filter({ hasText: `${dealName} moved to Qualified.` }).waitFor({ state: "attached" });

    // Qualified → Proposal by keyboard: refused, the card goes back, and the fields are named.
    const before = await totals(page, "Proposal");
    const handle = page.getByRole("button", { name: `Move ${dealName}` });
    // dnd-kit's live region says where the card is; it is visually hidden, so wait for it attached.
    const announced = (text: string) => page.locator("[id^=DndLiveRegion]").filter({ hasText: text }).waitFor({ state: "attached" });
    await handle.focus();
    await page.keyboard.press("Space");
    await announced(`${dealName} is over Qualified, where it is now.`);
    await page.keyboard.press("ArrowRight");
    await announced(`${dealName} is over Proposal.`);
    await page.keyboard.press("Space");
    await page.getByText("Missing required fields: Economic buyer, Identified pain").first().waitFor();
    const fill = page.getByRole("dialog", { name: `Fill in to move ${dealName}` });
    await fill.getByText("To move to Proposal, this deal needs: Economic buyer, Identified pain.").waitFor();
    expect(await card(column(page, "Qualified"), dealName).count()).toBe(1);
    expect(await totals(page, "Proposal")).toEqual(before);

    // Fill them in and move again.
    await fill.getByLabel("Economic buyer").fill("Dana Scully, CFO");
    await fill.getByLabel("Identified pain").fill("Manual month-end close takes nine days");
    await fill.getByRole("button", { name: "Save and move" }).click();
    await fill.waitFor({ state: "detached" });
    await card(column(page, "Proposal"), dealName).waitFor();
    // The totals the database computes, after it answered: one more deal, its amount, at Proposal's 50 %.
    await expect
      .poll(() => totals(page, "Proposal"))
      .toEqual({ count: before.count + 1, amount: before.amount + VALUE, weighted: expect.closeTo(before.weighted + VALUE / 2, -1) });
    await page.context().close();
    // About 20 s on a quiet machine; the margin is for the 2-core CI box running the stack beside Chromium.
  }, 120_000);

  it("a manager sees their team's deals, with whose they are", async () => {
    const page = await browser.newPage();
    await openBoard(page, "manager@acme.test");
    const deal = card(column(page, "Proposal"), dealName);
    await deal.waitFor();
    expect(await deal.innerText()).toContain("Rita Rep");
    await page.context().close();
  });

  it("a rep of another team never gets another team's deals on the board", async () => {
    const page = await browser.newPage();
    await signIn(page, "rep.west@acme.test");
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes("/rest/v1/rpc/pipeline_board")),
      page.goto("/pipeline"),
    ]);
    const board = (await response.json()) as { deals: { owner_id: string; name: string }[] }[];
    const owners = new Set(board.flatMap((stage) => stage.deals.map((deal) => deal.owner_id)));
    expect([...owners]).toEqual([USER.repWest]);
    await page.getByRole("group", { name: "Pipeline stages" }).waitFor();
    expect(await card(page, dealName).count()).toBe(0);
    await page.context().close();
  });
});
