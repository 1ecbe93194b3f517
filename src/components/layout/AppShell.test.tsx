import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "@/App";
import type { Role } from "@/domain/navigation";
import { renderApp } from "@/test/render";
import { emitAuthChange, fakeSession, mockTables, resetSupabaseMock, signedInAs, supabase } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

function signedInWithRole(role: Role, user_metadata: Record<string, unknown> = {}) {
  signedInAs(fakeSession({ user_metadata }));
  mockTables({
    profiles: {
      data: { id: "user-1", full_name: "Ada Lovelace", title: null, role, org_id: "org-1", active: true, organizations: { name: "Acme" } },
      error: null,
    },
  });
}

beforeEach(resetSupabaseMock);

const navLinks = async () =>
  within(await screen.findByRole("navigation", { name: "Main" }))
    .getAllByRole("link")
    .map((link) => link.textContent);

test("a rep's sidebar lists only the pages a rep may open", async () => {
  signedInWithRole("rep");
  renderApp(<App />);

  expect(await navLinks()).toEqual(["Home", "My profile", "Password"]);
  expect(screen.getByRole("link", { name: "Home" })).toHaveAttribute("aria-current", "page");
});

test("an admin's sidebar adds users, teams and the organisation", async () => {
  signedInWithRole("admin");
  renderApp(<App />);

  expect(await navLinks()).toEqual(["Home", "My profile", "Password", "Users & teams", "Organisation"]);
});

test("a rep who types an admin page's URL gets the not-allowed page, naming their role, with a way home", async () => {
  signedInWithRole("rep");
  renderApp(<App />, { route: "/settings/users" });

  expect(await screen.findByRole("heading", { level: 1, name: "You don't have access to this page" })).toBeInTheDocument();
  expect(screen.getByText("Sales rep")).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "Go to the home page" })).toHaveAttribute("href", "/");
  expect(screen.queryByRole("heading", { name: "Page not found" })).not.toBeInTheDocument();
});

test("Ctrl-K opens the command palette with the role's pages and goes to the chosen one", async () => {
  signedInWithRole("admin");
  mockTables({
    profiles: {
      data: { id: "user-1", full_name: "Ada Lovelace", title: null, role: "admin", org_id: "org-1", active: true, organizations: { name: "Acme" } },
      error: null,
    },
    organizations: {
      data: { id: "org-1", name: "Acme", currency: "USD", fiscal_year_start_month: 4, updated_at: "2025-01-01T00:00:00Z" },
      error: null,
    },
  });
  renderApp(<App />);
  const user = userEvent.setup();
  await screen.findByRole("navigation", { name: "Main" });

  await user.keyboard("{Control>}k{/Control}");
  const palette = await screen.findByRole("dialog", { name: "Go to page" });
  expect(within(palette).getAllByRole("option").map((option) => option.textContent)).toEqual([
    "Home",
    "My profile",
    "Password",
    "Users & teams",
    "Organisation",
  ]);

  await user.type(within(palette).getByRole("combobox"), "fiscal");
  expect(within(palette).getAllByRole("option").map((option) => option.textContent)).toEqual(["Organisation"]);
  await user.keyboard("{Enter}");

  expect(await screen.findByRole("heading", { level: 1, name: "Organisation" })).toBeInTheDocument();
  expect(screen.queryByRole("dialog", { name: "Go to page" })).not.toBeInTheDocument();
});

test("a user with a temporary password must choose a new one before seeing the app", async () => {
  signedInWithRole("rep", { must_change_password: true });
  supabase.auth.updateUser.mockImplementation(async () => {
    const session = fakeSession({ user_metadata: { must_change_password: false } });
    emitAuthChange("USER_UPDATED", session);
    return { data: { user: session.user }, error: null };
  });
  renderApp(<App />);
  const user = userEvent.setup();

  expect(await screen.findByRole("heading", { name: "Choose a new password" })).toBeInTheDocument();
  expect(screen.queryByRole("navigation", { name: "Main" })).not.toBeInTheDocument();

  await user.type(screen.getByLabelText("New password"), "my own password");
  await user.type(screen.getByLabelText("Confirm new password"), "my own password");
  await user.click(screen.getByRole("button", { name: "Set password and continue" }));

  expect(supabase.auth.updateUser).toHaveBeenCalledWith({ password: "my own password", data: { must_change_password: false } });
  expect(await screen.findByRole("navigation", { name: "Main" })).toBeInTheDocument();
  expect(await screen.findByText("Password set. Welcome!")).toBeInTheDocument();
});
