import { describe, expect, it } from "vitest";
import { signIn, setupBrowser } from "./browser.ts";

const browser = setupBrowser();

describe("signing in and out", () => {
  it("a rep signs in with the demo login, sees their page, and signs out", async () => {
    const page = await browser.newPage();
    await page.goto("/");
    await page.waitForURL("**/sign-in**");

    await signIn(page, "rep@acme.test");
    await page.getByRole("heading", { name: "Welcome, Rita Rep" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/");

    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in");
    await page.goto("/");
    await page.waitForURL("**/sign-in**");
  });

  it("a wrong password is refused with the server's message and the user stays on the sign-in page", async () => {
    const page = await browser.newPage();
    await signIn(page, "rep@acme.test", "wrong-password");
    const alert = page.getByRole("alert").filter({ hasText: "Invalid login credentials" });
    await alert.waitFor();
    expect(new URL(page.url()).pathname).toBe("/sign-in");
  });

  it("the session survives a reload", async () => {
    const page = await browser.newPage();
    await signIn(page, "manager@acme.test");
    await page.getByRole("heading", { name: "Welcome, Marco Manager" }).waitFor();
    await page.reload();
    await page.getByRole("heading", { name: "Welcome, Marco Manager" }).waitFor();
  });
});
