import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { signIn, setupBrowser } from "./browser.ts";

const browser = setupBrowser();

describe("customer success", () => {
  it("a CS manager filters critical customers, opens one, sees its health, triggers an intervention and exports the health report", async () => {
    const page = await browser.newPage();
    await signIn(page, "cs@acme.test");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Customers" }).click();
    await page.getByRole("heading", { level: 1, name: "Customers" }).waitFor();
    await page.getByRole("region", { name: /At-risk customers/ }).getByRole("listitem").first().waitFor();

    // Quick filter: critical only. Every row of the list says so in words.
    await page.getByRole("group", { name: "Health status" }).getByRole("button", { name: /Critical/ }).click();
    await page.waitForURL(/f\.health=critical/);
    const table = page.getByRole("table", { name: /Customers, page 1/ });
    const rows = table.locator("tbody tr");
    const healthColumn = table.locator("tbody tr td:nth-child(2)");
    // The previous page stays on screen (dimmed) until the filtered one arrives: wait for it.
    await expect.poll(async () => (await healthColumn.allInnerTexts()).every((cell) => /^Critical/.test(cell)), { timeout: 10_000 }).toBe(true);
    const healthCells = await healthColumn.allInnerTexts();
    expect(healthCells.length).toBeGreaterThan(0);

    // Open the worst one: history chart, indicators, churn factors.
    const first = rows.first().getByRole("link");
    const name = (await first.innerText()).trim();
    await first.click();
    await page.getByRole("heading", { level: 1, name }).waitFor();
    await page.getByTestId("health-history-chart").locator(".recharts-area-area").waitFor();
    expect(await page.getByRole("list", { name: "Indicator breakdown" }).getByRole("listitem").count()).toBeGreaterThanOrEqual(5);
    await page.getByRole("heading", { name: "Churn risk", exact: true }).waitFor();

    // Trigger an intervention, confirmed, and find it in the history.
    await page.getByRole("button", { name: "Trigger intervention" }).click();
    const dialog = page.getByRole("dialog", { name: "Trigger intervention" });
    await dialog.getByRole("radio", { name: /Critical customer/ }).check();
    await dialog.getByLabel("Reason (optional)").fill("Rescue plan agreed with the sponsor");
    await dialog.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("dialog", { name: "Trigger “Critical customer”?" }).getByRole("button", { name: "Yes, trigger it" }).click();
    await page.getByText(`“Critical customer” was triggered for ${name}`).waitFor();
    const latest = page.getByRole("list", { name: "Interventions, newest first" }).getByRole("listitem").first();
    await latest.getByText("Rescue plan agreed with the sponsor").waitFor();
    expect(await latest.innerText()).toMatch(/Manual[\s\S]*Critical customer/);

    // Back to the filtered list: the health report of the critical customers, as CSV.
    await page.goBack();
    await page.waitForURL(/f\.health=critical/);
    await page.getByRole("button", { name: "Health report" }).click();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: "All CSMs" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^customer-health-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile((await download.path())!, "utf8")).trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      "Customer,Domain,CSM,Tier,Industry,Segment,Health score,Health status,7-day trend,Scored on,Last login,Login recency points," +
        "Feature adoption points,User activity points,Onboarding points,Journey points,Support tickets points,NPS/CSAT points," +
        "Payment health points,Seat utilisation points,Churn risk,Top churn factor,Expansion score,MRR,ARR,Currency,Contract end,Next renewal,Renewal risk",
    );
    // The report holds every critical customer: the page's rows, or more when there are more pages.
    if (healthCells.length < 25) expect(lines.length - 1).toBe(healthCells.length);
    else expect(lines.length - 1).toBeGreaterThanOrEqual(healthCells.length);
    for (const line of lines.slice(1)) expect(line).toContain(",critical,");

    // One CSM's report each: only their critical customers, in a file named after them; together, the whole report.
    const perCsm: string[][] = [];
    for (const csm of ["Casey Success", "Morgan Reyes"]) {
      await page.getByRole("button", { name: "Health report" }).click();
      const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: csm }).click()]);
      expect(file.suggestedFilename()).toMatch(new RegExp(`^customer-health-${csm.toLowerCase().replace(" ", "-")}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
      const [header, ...csmLines] = (await readFile((await file.path())!, "utf8")).trim().split(/\r?\n/);
      expect(header).toBe(lines[0]);
      for (const line of csmLines) expect(line).toMatch(new RegExp(`,${csm},.*,critical,`));
      perCsm.push(csmLines);
    }
    expect(perCsm.flat().sort()).toEqual(lines.slice(1).sort());
    await page.context().close();
  });

  it("an executive sees the at-risk panel and may not change customers", async () => {
    const page = await browser.newPage();
    await signIn(page, "exec@acme.test");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Customers" }).click();
    const panel = page.getByRole("region", { name: /At-risk customers/ });
    await panel.getByRole("listitem").first().waitFor();
    const items = await panel.getByRole("listitem").allInnerTexts();
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item).toMatch(/At risk|Critical/);
    expect(await page.getByRole("button", { name: "New customer" }).count()).toBe(0);
    await page.context().close();
  });
});
