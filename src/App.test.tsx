import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "@/App";
import { renderApp } from "@/test/render";
import {
  emitAuthChange,
  fakeSession,
  mockQueryResult,
  resetSupabaseMock,
  signedInAs,
  supabase,
} from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

beforeEach(() => {
  resetSupabaseMock();
  mockQueryResult({
    data: { id: "user-1", full_name: "Ada Lovelace", role: "rep", org_id: "org-1", organizations: { name: "Acme" } },
    error: null,
  });
});

test("a signed-out visitor signs in and is welcomed by name", async () => {
  supabase.auth.signInWithPassword.mockImplementation(async () => {
    const session = fakeSession();
    emitAuthChange("SIGNED_IN", session);
    return { data: { user: session.user, session }, error: null };
  });
  renderApp(<App />, { route: "/" });
  const user = userEvent.setup();

  await user.type(await screen.findByLabelText("Email"), "ada@example.com");
  await user.type(screen.getByLabelText("Password"), "secret");
  await user.click(screen.getByRole("button", { name: "Sign in" }));

  expect(await screen.findByRole("heading", { level: 1, name: "Welcome, Ada Lovelace" })).toBeInTheDocument();
});

test("unknown routes show a 404 page with a link home", async () => {
  renderApp(<App />, { route: "/no/such/page" });

  expect(await screen.findByRole("heading", { name: "Page not found" })).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "Go to the home page" })).toHaveAttribute("href", "/");
});

test("the account menu switches the theme and signs out", async () => {
  signedInAs(fakeSession());
  renderApp(<App />);
  const user = userEvent.setup();

  await user.click(await screen.findByRole("button", { name: "Account menu" }));
  await user.click(await screen.findByRole("menuitemradio", { name: "Dark" }));
  expect(document.documentElement).toHaveClass("dark");

  await user.click(screen.getByRole("button", { name: "Account menu" }));
  const menu = await screen.findByRole("menu");
  expect(within(menu).getByText("Ada Lovelace")).toBeInTheDocument();
  await user.click(within(menu).getByRole("menuitem", { name: "Sign out" }));

  expect(supabase.auth.signOut).toHaveBeenCalled();
  expect(await screen.findByRole("button", { name: "Sign in" })).toBeInTheDocument();
});
