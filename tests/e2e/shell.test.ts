import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signIn, setupBrowser } from "./browser.ts";

const browser = setupBrowser();

const WORK = ["Home", "Pipeline", "Deals", "Leads", "Accounts", "Contacts", "My tasks"];
const ACCOUNT = ["My profile", "Password"];
const SELLER = [...WORK, "Customers", "Renewals", ...ACCOUNT];
const LEADER = [...WORK, "Approvals", "Governance", "Customers", "Renewals", ...ACCOUNT];
const CSM = [...WORK, "Customers", "Renewals", "Email outbox", ...ACCOUNT];
const ADMIN = [
  ...WORK,
  "Approvals",
  "Customers",
  "Renewals",
  "Email outbox",
  ...ACCOUNT,
  "Users & teams",
  "Organisation",
  "Pipelines",
  "Scoring",
  "Approval policies",
  "Health score",
  "Playbooks",
];

async function mainNavLinks(page: Page) {
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Home" }).waitFor();
  return nav.getByRole("link").allTextContents();
}

/** Serious and critical axe violations, summarised so a failure names the rule and the elements. */
async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

describe("the shell by role", () => {
  it.each([
    ["admin@acme.test", ADMIN],
    ["exec@acme.test", LEADER],
    ["manager@acme.test", LEADER],
    ["rep@acme.test", SELLER],
    ["cs@acme.test", CSM],
  ])("%s signs in and sees their navigation", async (email, expected) => {
    const page = await browser.newPage();
    await signIn(page, email);
    expect(await mainNavLinks(page)).toEqual(expected);
    await page.context().close();
  });

  it("a rep who types an admin page's URL is told they have no access, not shown a 404", async () => {
    const page = await browser.newPage();
    await signIn(page, "rep@acme.test");
    await page.getByRole("navigation", { name: "Main" }).waitFor();

    await page.goto("/settings/users");
    await page.getByRole("heading", { level: 1, name: "You don't have access to this page" }).waitFor();
    expect(await page.getByText("Sales rep", { exact: true }).count()).toBe(1);
    expect(await page.getByRole("heading", { name: "Page not found" }).count()).toBe(0);

    await page.getByRole("link", { name: "Go to the home page" }).click();
    await page.getByRole("heading", { name: "Welcome, Rita Rep" }).waitFor();
    await page.context().close();
  });

  it("Ctrl-K opens the command palette, which goes to the chosen page", async () => {
    const page = await browser.newPage();
    await signIn(page, "admin@acme.test");
    await page.getByRole("navigation", { name: "Main" }).waitFor();

    await page.keyboard.press("Control+k");
    const palette = page.getByRole("dialog", { name: "Go to page" });
    await palette.getByRole("combobox").fill("fiscal");
    await palette.getByRole("option", { name: "Organisation" }).waitFor();
    await page.keyboard.press("Enter");

    await page.waitForURL("**/settings/organization");
    await page.getByRole("heading", { level: 1, name: "Organisation" }).waitFor();
    expect(await palette.count()).toBe(0);
    await page.context().close();
  });
});

describe("a phone-sized screen", () => {
  it("hides the sidebar behind a menu button that opens it as a sheet", async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, "manager@acme.test");
    await page.getByRole("heading", { name: "Welcome, Marco Manager" }).waitFor();
    expect(await page.getByRole("navigation", { name: "Main" }).count()).toBe(0);
    // Nothing is wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.getByRole("button", { name: "Open navigation" }).click();
    const sheet = page.getByRole("dialog");
    await sheet.getByRole("link", { name: "My profile" }).click();
    await page.waitForURL("**/settings/profile");
    await page.getByRole("heading", { level: 1, name: "My profile" }).waitFor();
    await sheet.waitFor({ state: "detached" });
    await page.context().close();
  });
});

describe("accessibility (axe-core)", () => {
  it("finds no serious or critical violation on the sign-in page", async () => {
    const page = await browser.newPage();
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("finds none in the shell, light on a laptop and dark on a phone", async () => {
    const page = await browser.newPage();
    await signIn(page, "admin@acme.test");
    await page.getByRole("heading", { name: "Welcome, Ada Admin" }).waitFor();
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.evaluate(() => localStorage.setItem("theme", "dark"));
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/settings/users");
    await page.getByRole("heading", { level: 1, name: "Users & teams" }).waitFor();
    await page.getByRole("table").first().waitFor();
    expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });
});
