import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "@/App";
import type { Role } from "@/domain/navigation";
import { renderApp } from "@/test/render";
import { emitAuthChange, fakeSession, mockTables, resetSupabaseMock, signedInAs, supabase } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

const profileRow = (role: Role, must_change_password = false) => ({
  id: "user-1",
  email: "ada@example.com",
  full_name: "Ada Lovelace",
  title: null,
  role,
  org_id: "org-1",
  team_id: null,
  active: true,
  must_change_password,
  organizations: { name: "Acme" },
});

function signedInWithRole(role: Role) {
  signedInAs(fakeSession());
  mockTables({ profiles: { data: profileRow(role), error: null } });
}

beforeEach(resetSupabaseMock);

const navLinks = async () =>
  within(await screen.findByRole("navigation", { name: "Main" }))
    .getAllByRole("link")
    .map((link) => link.textContent);

test("a rep's sidebar lists only the pages a rep may open", async () => {
  signedInWithRole("rep");
  renderApp(<App />);

  expect(await navLinks()).toEqual(["Home", "Pipeline", "Deals", "Leads", "Accounts", "Contacts", "My tasks", "Customers", "Renewals", "My profile", "Password"]);
  expect(screen.getByRole("link", { name: "Home" })).toHaveAttribute("aria-current", "page");
});

test("an admin's sidebar adds users, teams and the organisation", async () => {
  signedInWithRole("admin");
  renderApp(<App />);

  expect(await navLinks()).toEqual([
    "Home", "Pipeline", "Deals", "Leads", "Accounts", "Contacts", "My tasks", "Approvals", "Customers", "Renewals", "Email outbox",
    "My profile", "Password", "Users & teams", "Organisation", "Pipelines", "Scoring", "Approval policies", "Health score", "Playbooks",
  ]);
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
  signedInAs(fakeSession());
  mockTables({
    profiles: { data: profileRow("admin"), error: null },
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
    "Pipeline",
    "Deals",
    "Leads",
    "Accounts",
    "Contacts",
    "My tasks",
    "Approvals",
    "Customers",
    "Renewals",
    "Email outbox",
    "My profile",
    "Password",
    "Users & teams",
    "Organisation",
    "Pipelines",
    "Scoring",
    "Approval policies",
    "Health score",
    "Playbooks",
  ]);

  await user.type(within(palette).getByRole("combobox"), "fiscal");
  expect(within(palette).getAllByRole("option").map((option) => option.textContent)).toEqual(["Organisation"]);
  await user.keyboard("{Enter}");

  expect(await screen.findByRole("heading", { level: 1, name: "Organisation" })).toBeInTheDocument();
  expect(screen.queryByRole("dialog", { name: "Go to page" })).not.toBeInTheDocument();
});

test("a user with a temporary password must choose a new one before seeing the app", async () => {
  // The database clears the flag when the password changes in Auth.
  let passwordChanged = false;
  signedInAs(fakeSession());
  mockTables({ profiles: () => ({ data: profileRow("rep", !passwordChanged), error: null }) });
  supabase.auth.updateUser.mockImplementation(async () => {
    passwordChanged = true;
    const session = fakeSession();
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

  expect(supabase.auth.updateUser).toHaveBeenCalledWith({ password: "my own password" });
  expect(await screen.findByRole("navigation", { name: "Main" })).toBeInTheDocument();
  expect(await screen.findByText("Password set. Welcome!")).toBeInTheDocument();
});

test("a signed-in user whose profile no longer reads (deactivated) is signed out and told why", async () => {
  signedInAs(fakeSession());
  mockTables({ profiles: { data: null, error: null } });
  renderApp(<App />, { route: "/settings/profile" });

  expect(await screen.findByText(/Your account is deactivated or no longer part of an organisation/)).toHaveAttribute("role", "status");
  expect(supabase.auth.signOut).toHaveBeenCalled();
  expect(screen.getByRole("button", { name: "Sign in" })).toBeInTheDocument();
});
