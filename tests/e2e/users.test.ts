import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signIn, setupBrowser } from "./browser.ts";

const browser = setupBrowser();

async function openUsersAsAdmin() {
  const page = await browser.newPage();
  await signIn(page, "admin@acme.test");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users & teams" }).click();
  await page.getByRole("heading", { level: 1, name: "Users & teams" }).waitFor();
  await page.getByRole("row", { name: /Rita Rep/ }).waitFor();
  return page;
}

async function chooseOption(page: Page, label: string, option: string, scope = page.getByRole("dialog")) {
  await scope.getByLabel(label).click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

async function rowAction(page: Page, name: string, action: string) {
  await page.getByRole("button", { name: `Actions for ${name}` }).click();
  await page.getByRole("menuitem", { name: action }).click();
}

describe("user administration", () => {
  it("an admin adds a user, who must replace the temporary password at first sign-in", async () => {
    const admin = await openUsersAsAdmin();
    await admin.getByRole("button", { name: "Add user" }).click();
    const dialog = admin.getByRole("dialog", { name: "Add user" });
    await dialog.getByLabel("Email").fill("nina.new@acme.test");
    await dialog.getByLabel("Full name").fill("Nina New");
    await chooseOption(admin, "Role", "Sales manager");
    await chooseOption(admin, "Team", "West");
    await dialog.getByLabel("Temporary password").fill("temporary-2024");
    await dialog.getByRole("button", { name: "Add user" }).click();

    await admin.getByText("Nina New was added").waitFor();
    const row = admin.getByRole("row", { name: /Nina New/ });
    await row.waitFor();
    expect(await row.getByRole("cell").allInnerTexts()).toEqual([
      expect.stringContaining("nina.new@acme.test"),
      "Sales manager",
      "West",
      expect.stringMatching(/Active\s*Temporary password/),
      "",
    ]);
    await admin.context().close();

    const nina = await browser.newPage();
    await signIn(nina, "nina.new@acme.test", "temporary-2024");
    await nina.getByRole("heading", { name: "Choose a new password" }).waitFor();
    expect(await nina.getByRole("navigation", { name: "Main" }).count()).toBe(0);
    // Typing a URL does not get past the screen either.
    await nina.goto("/settings/profile");
    await nina.getByRole("heading", { name: "Choose a new password" }).waitFor();

    await nina.getByLabel("New password", { exact: true }).fill("ninas-own-password");
    await nina.getByLabel("Confirm new password").fill("ninas-own-password");
    await nina.getByRole("button", { name: "Set password and continue" }).click();
    await nina.getByRole("heading", { level: 1, name: "My profile" }).waitFor();
    await nina.getByRole("navigation", { name: "Main" }).waitFor();
    await nina.context().close();

    // The new password is the one that works now.
    const again = await browser.newPage();
    await signIn(again, "nina.new@acme.test", "ninas-own-password");
    await again.getByRole("heading", { name: "Welcome, Nina New" }).waitFor();
    await again.context().close();
  });

  it("a deactivated user loses their open session and is refused at sign-in with a clear message, until reactivated", async () => {
    const walt = await browser.newPage();
    await signIn(walt, "rep.west@acme.test");
    await walt.getByRole("heading", { name: "Welcome, Walt West" }).waitFor();

    const admin = await openUsersAsAdmin();
    await rowAction(admin, "Walt West", "Deactivate");
    const confirm = admin.getByRole("alertdialog", { name: "Deactivate Walt West?" });
    await confirm.getByRole("button", { name: "Deactivate" }).click();
    await admin.getByText("Walt West was deactivated").waitFor();
    await admin.getByRole("row", { name: /Walt West/ }).getByText("Deactivated").waitFor();

    // The tab Walt left open: his token still works but reads nothing, so the app signs him out.
    await walt.reload();
    await walt.getByRole("status").filter({ hasText: "Your account is deactivated" }).waitFor();
    expect(new URL(walt.url()).pathname).toBe("/sign-in");

    await signIn(walt, "rep.west@acme.test");
    await walt.getByRole("alert").filter({ hasText: "This account has been deactivated" }).waitFor();
    expect(new URL(walt.url()).pathname).toBe("/sign-in");

    await rowAction(admin, "Walt West", "Reactivate");
    await admin.getByRole("alertdialog", { name: "Reactivate Walt West?" }).getByRole("button", { name: "Reactivate" }).click();
    await admin.getByText("Walt West was reactivated").waitFor();

    await signIn(walt, "rep.west@acme.test");
    await walt.getByRole("heading", { name: "Welcome, Walt West" }).waitFor();
    await walt.context().close();
    await admin.context().close();
  });

  it("an admin creates a team and gives it a manager", async () => {
    const admin = await openUsersAsAdmin();
    await admin.getByRole("tab", { name: "Teams" }).click();
    const teams = admin.getByRole("table", { name: "Teams" });
    await teams.getByRole("row", { name: /East/ }).waitFor();
    await admin.getByRole("button", { name: "New team" }).click();
    const dialog = admin.getByRole("dialog", { name: "New team" });
    await dialog.getByLabel("Team name").fill("North");
    await chooseOption(admin, "Manager", "Marco Manager");
    await dialog.getByRole("button", { name: "Create team" }).click();

    await admin.getByText("North was created").waitFor();
    expect(await teams.getByRole("row", { name: /North/ }).getByRole("cell").allInnerTexts()).toEqual(["North", "Marco Manager", "0", ""]);

    // The database's unique name rule comes back as a field error.
    await admin.getByRole("button", { name: "New team" }).click();
    await dialog.getByLabel("Team name").fill(" North ");
    await dialog.getByRole("button", { name: "Create team" }).click();
    await dialog.getByText("A team with this name already exists").waitFor();
    await admin.context().close();
  });
});

describe("settings that save to the database", () => {
  it("an admin changes the organisation's currency and fiscal year; a reload shows them", async () => {
    const admin = await browser.newPage();
    await signIn(admin, "admin@acme.test");
    await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Organisation" }).click();
    await admin.getByLabel("Name").waitFor();
    await chooseOption(admin, "Currency", "Euro (EUR)", admin.locator("main"));
    await chooseOption(admin, "Fiscal year starts in", "April", admin.locator("main"));
    await admin.getByRole("button", { name: "Save organisation" }).click();
    await admin.getByText("Organisation saved").waitFor();

    await admin.reload();
    await admin.getByLabel("Currency").filter({ hasText: "Euro (EUR)" }).waitFor();
    expect(await admin.getByLabel("Fiscal year starts in").innerText()).toBe("April");
    await admin.context().close();
  });

  it("a rep edits their own title from the account menu's profile link", async () => {
    const rep = await browser.newPage();
    await signIn(rep, "rep2@acme.test");
    await rep.getByRole("button", { name: "Account menu" }).click();
    await rep.getByRole("menuitem", { name: "My profile" }).click();
    await rep.getByLabel("Job title").fill("Senior Account Executive");
    await rep.getByRole("button", { name: "Save profile" }).click();
    await rep.getByText("Profile saved").waitFor();

    await rep.reload();
    expect(await rep.getByLabel("Job title").inputValue()).toBe("Senior Account Executive");
    await rep.context().close();
  });
});
