import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../src/domain/csv.ts";
import { USER } from "../support/demo.ts";
import { adminSql } from "../support/sql.ts";
import { setupBrowser, signIn } from "./browser.ts";

const browser = setupBrowser();

/** A deal of the given owner whose name no other owner's deal has, so a search for it is unambiguous. */
async function uniqueDealOf(owner: string) {
  const { rows } = await adminSql((c) =>
    c.query<{ id: string; name: string }>(
      `select d.id, d.name from public.deals d
       where d.owner_id = $1 and not exists (select from public.deals o where o.name = d.name and o.owner_id <> d.owner_id)
       order by d.name limit 1`,
      [owner],
    ),
  );
  return rows[0]!;
}

/** Signs in and waits for the app, so a following goto keeps the session. */
async function signedIn(page: Page, email: string) {
  await signIn(page, email);
  await page.getByRole("navigation", { name: "Main" }).waitFor();
}

/** Clicks Export CSV and reads the downloaded file. */
async function exportList(page: Page) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
  const parsed = parseCsv(await readFile((await download.path())!, "utf8"));
  if (!parsed.ok) throw new Error(parsed.error);
  return { filename: download.suggestedFilename(), header: parsed.header, rows: parsed.records.map((r) => r.cells) };
}

let eastDeal: { id: string; name: string };
let ravisDeal: { id: string; name: string };

beforeAll(async () => {
  [eastDeal, ravisDeal] = await Promise.all([uniqueDealOf(USER.rep), uniqueDealOf(USER.rep2)]);
});

describe("records", () => {
  it("a rep creates a lead after fixing what the form refuses, finds it by search and exports the list", async () => {
    const page = await browser.newPage();
    await signedIn(page, "rep@acme.test");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Leads" }).click();
    await page.getByRole("heading", { level: 1, name: "Leads" }).waitFor();

    await page.getByRole("button", { name: "New lead" }).click();
    const dialog = page.getByRole("dialog", { name: "New lead" });
    await dialog.getByLabel("Company", { exact: true }).fill("x".repeat(10_000));
    await dialog.getByLabel("Value", { exact: true }).fill("-5");
    await dialog.getByRole("button", { name: "Create lead" }).click();
    await expect.poll(() => dialog.locator("[data-slot=form-message]").allTextContents()).toEqual(["Use at most 200 characters", "Must be 0 or more"]);
    expect(await dialog.getByLabel("Value", { exact: true }).getAttribute("aria-invalid")).toBe("true");

    const company = `Zeta Robotics ${Date.now()}`;
    await dialog.getByLabel("Company", { exact: true }).fill(company);
    await dialog.getByLabel("Value", { exact: true }).fill("12000");
    await dialog.getByLabel("Email", { exact: true }).fill(`ops@zeta-${Date.now()}.example`);
    await dialog.getByRole("button", { name: "Create lead" }).click();
    await page.getByRole("heading", { level: 1, name: company }).waitFor();

    await page.getByRole("link", { name: "All leads" }).click();
    await page.getByRole("searchbox", { name: "Search leads" }).fill(company.split(" ").slice(0, 2).join(" ").toLowerCase());
    await page.getByRole("link", { name: company }).waitFor();
    expect(new URL(page.url()).searchParams.get("q")).toBe("zeta robotics");

    const file = await exportList(page);
    expect(file.filename).toMatch(/^leads-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(file.header).toContain("Company");
    const companyColumn = file.header.indexOf("Company");
    const ownerColumn = file.header.indexOf("Owner");
    expect(file.rows.map((row) => row[companyColumn])).toContain(company);
    expect(new Set(file.rows.map((row) => row[ownerColumn]))).toEqual(new Set(["Rita Rep"]));
    await page.context().close();
  });

  it("a manager finds their team's deals in the deals list", async () => {
    const page = await browser.newPage();
    await signedIn(page, "manager@acme.test");
    await page.goto(`/deals?q=${encodeURIComponent(ravisDeal.name)}`);
    const rows = page.getByRole("row").filter({ has: page.getByRole("link", { name: ravisDeal.name }) });
    await rows.first().waitFor();
    expect(await rows.first().getByRole("cell").allTextContents()).toContain("Ravi Rep");
    await page.context().close();
  });

  it("a rep of another team never sees those deals: not in the list, not by search, not by URL, not in an export", async () => {
    const page = await browser.newPage();
    await signedIn(page, "rep.west@acme.test");
    await page.goto("/deals");
    await page.getByRole("heading", { level: 1, name: "Deals" }).waitFor();
    await page.locator("tbody tr").first().waitFor();
    const headers = await page.locator("thead th").allInnerTexts();
    const ownerCells = await page.locator(`tbody tr td:nth-child(${headers.findIndex((h) => h.trim() === "Owner") + 1})`).allInnerTexts();
    expect(ownerCells.length).toBeGreaterThan(0);
    expect(new Set(ownerCells)).toEqual(new Set(["Walt West"]));
    expect(await page.getByRole("link", { name: eastDeal.name }).count()).toBe(0);

    const file = await exportList(page);
    const ownerColumn = file.header.indexOf("Owner");
    expect(file.rows.length).toBeGreaterThan(0);
    expect(new Set(file.rows.map((row) => row[ownerColumn]))).toEqual(new Set(["Walt West"]));
    expect(file.rows.some((row) => row.includes(eastDeal.name))).toBe(false);

    await page.getByRole("searchbox", { name: "Search deals" }).fill(eastDeal.name);
    await page.getByText("No deals match").waitFor();

    await page.goto(`/deals/${eastDeal.id}`);
    await page.getByText("This deal does not exist").waitFor();
    await page.context().close();
  });
});
