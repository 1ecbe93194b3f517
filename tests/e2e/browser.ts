import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";

// Debian's Chromium, since Playwright cannot download its own browser here. The flags keep it from
// reaching for the network this machine does not have.
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let browser: Browser;

/** One browser per test file; each test gets a fresh context (no shared cookies or storage). */
export function setupBrowser() {
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async newPage(): Promise<Page> {
      const context = await browser.newContext({ baseURL: inject("appUrl"), viewport: { width: 1280, height: 800 } });
      return context.newPage();
    },
  };
}

export async function signIn(page: Page, email: string, password = "demo-password") {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
