import { FunctionsHttpError } from "@supabase/supabase-js";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router-dom";
import { RequireAuth } from "@/components/auth/RequireAuth";
import { Toaster } from "@/components/ui/sonner";
import UsersPage from "@/pages/settings/UsersPage";
import { renderApp } from "@/test/render";
import { fakeSession, mockTables, resetSupabaseMock, signedInAs, supabase } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

const person = (id: string, full_name: string, extra: Record<string, unknown> = {}) => ({
  id,
  email: `${id}@acme.test`,
  full_name,
  title: null,
  role: "rep",
  team_id: null,
  is_lead_csm: false,
  active: true,
  must_change_password: false,
  ...extra,
});

const users = [
  person("admin", "Ada Admin", { role: "admin" }),
  person("marco", "Marco Manager", { role: "manager", team_id: "east" }),
  person("rita", "Rita Rep", { team_id: "east", title: "Account Executive" }),
  person("walt", "Walt West", { active: false }),
];

const me = { ...users[0], org_id: "org-1", organizations: { name: "Acme" } };

beforeEach(() => {
  resetSupabaseMock();
  signedInAs(fakeSession({ id: "admin", email: "admin@acme.test" }));
  mockTables({
    // useProfile reads the signed-in admin's row with maybeSingle(); useUsers reads the list.
    profiles: (calls) => (calls.includes("maybeSingle") ? { data: me, error: null } : { data: users, error: null }),
    teams: { data: [{ id: "east", name: "East", manager_id: "marco" }], error: null },
  });
});

function renderUsers(route = "/settings/users") {
  return renderApp(
    <>
      <Routes>
        <Route
          path="/settings/users"
          element={
            <RequireAuth>
              <UsersPage />
            </RequireAuth>
          }
        />
      </Routes>
      <Toaster />
    </>,
    { route },
  );
}

const rowOf = async (name: string) => (await screen.findByText(name)).closest("tr") as HTMLElement;

test("lists the organisation's people with role, team and status, and filters them by search", async () => {
  renderUsers();

  const rita = await rowOf("Rita Rep");
  expect(within(rita).getByText("Sales rep")).toBeInTheDocument();
  expect(within(rita).getByText("East")).toBeInTheDocument();
  expect(within(rita).getByText("Active")).toBeInTheDocument();
  expect(within(await rowOf("Walt West")).getByText("Deactivated")).toBeInTheDocument();

  await userEvent.type(screen.getByLabelText("Search users"), "account exec");
  expect(screen.getAllByRole("row")).toHaveLength(2); // header + Rita
  await userEvent.clear(screen.getByLabelText("Search users"));
  await userEvent.type(screen.getByLabelText("Search users"), "nobody");
  expect(screen.getByText("No user matches your search")).toBeInTheDocument();
});

test("adds a user through the admin-users function and shows its field errors", async () => {
  supabase.functions.invoke.mockResolvedValueOnce({
    data: null,
    error: new FunctionsHttpError(
      new Response(JSON.stringify({ error: "A user with this email already exists", fields: { email: "Already registered" } }), {
        status: 409,
      }),
    ),
  });
  renderUsers();
  const user = userEvent.setup();

  await user.click(await screen.findByRole("button", { name: "Add user" }));
  const dialog = await screen.findByRole("dialog", { name: "Add user" });
  await user.click(within(dialog).getByRole("button", { name: "Add user" }));
  expect(await within(dialog).findByText("Enter a valid email address")).toBeInTheDocument();
  expect(within(dialog).getByText("Enter the person's name")).toBeInTheDocument();
  expect(supabase.functions.invoke).not.toHaveBeenCalled();

  await user.type(within(dialog).getByLabelText("Email"), "Nora@Acme.test");
  await user.type(within(dialog).getByLabelText("Full name"), "Nora New");
  await user.clear(within(dialog).getByLabelText("Temporary password"));
  await user.type(within(dialog).getByLabelText("Temporary password"), "temporary-pass");
  await user.click(within(dialog).getByRole("button", { name: "Add user" }));

  expect(await within(dialog).findByText("Already registered")).toBeInTheDocument();
  expect(supabase.functions.invoke).toHaveBeenCalledWith("admin-users", {
    body: { action: "create", email: "nora@acme.test", full_name: "Nora New", role: "rep", team_id: null, password: "temporary-pass" },
  });

  supabase.functions.invoke.mockResolvedValueOnce({ data: { user: person("nora", "Nora New") }, error: null });
  await user.clear(within(dialog).getByLabelText("Email"));
  await user.type(within(dialog).getByLabelText("Email"), "nora2@acme.test");
  await user.click(within(dialog).getByRole("button", { name: "Add user" }));
  expect(await screen.findByText("Nora New was added")).toBeInTheDocument();
  expect(screen.queryByRole("dialog", { name: "Add user" })).not.toBeInTheDocument();
}, 15_000);

test("deactivating asks for confirmation first, and an admin cannot deactivate themselves", async () => {
  supabase.functions.invoke.mockResolvedValue({ data: { user: { ...users[2], active: false } }, error: null });
  renderUsers();
  const user = userEvent.setup();

  await user.click(within(await rowOf("Ada Admin")).getByRole("button", { name: "Actions for Ada Admin" }));
  expect(await screen.findByRole("menuitem", { name: "Deactivate" })).toHaveAttribute("aria-disabled", "true");
  await user.keyboard("{Escape}");

  await user.click(within(await rowOf("Rita Rep")).getByRole("button", { name: "Actions for Rita Rep" }));
  await user.click(await screen.findByRole("menuitem", { name: "Deactivate" }));
  const confirm = await screen.findByRole("alertdialog", { name: "Deactivate Rita Rep?" });
  expect(supabase.functions.invoke).not.toHaveBeenCalled();

  await user.click(within(confirm).getByRole("button", { name: "Deactivate" }));
  expect(await screen.findByText("Rita Rep was deactivated")).toBeInTheDocument();
  expect(supabase.functions.invoke).toHaveBeenCalledWith("admin-users", { body: { action: "deactivate", user_id: "rita" } });
  expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
});

test("an admin changes someone's role and team; the lead-CSM choice appears for customer-success managers only", async () => {
  supabase.functions.invoke.mockResolvedValue({ data: { user: users[2] }, error: null });
  renderUsers();
  const user = userEvent.setup();

  await user.click(within(await rowOf("Rita Rep")).getByRole("button", { name: "Actions for Rita Rep" }));
  await user.click(await screen.findByRole("menuitem", { name: "Edit role and team" }));
  const dialog = await screen.findByRole("dialog", { name: "Edit Rita Rep" });
  expect(within(dialog).queryByLabelText("Lead customer-success manager")).not.toBeInTheDocument();

  await user.click(within(dialog).getByRole("combobox", { name: "Role" }));
  await user.click(await screen.findByRole("option", { name: "Customer success manager" }));
  await user.click(within(dialog).getByLabelText("Lead customer-success manager"));
  await user.click(within(dialog).getByRole("combobox", { name: "Team" }));
  await user.click(await screen.findByRole("option", { name: "No team" }));
  await user.click(within(dialog).getByRole("button", { name: "Save changes" }));

  expect(await screen.findByText("Rita Rep was updated")).toBeInTheDocument();
  expect(supabase.functions.invoke).toHaveBeenCalledWith("admin-users", {
    body: { action: "update", user_id: "rita", role: "cs_manager", team_id: null, is_lead_csm: true },
  });
}, 15_000);

test("an admin's own role cannot be changed from the dialog", async () => {
  renderUsers();
  const user = userEvent.setup();

  await user.click(within(await rowOf("Ada Admin")).getByRole("button", { name: "Actions for Ada Admin" }));
  await user.click(await screen.findByRole("menuitem", { name: "Edit role and team" }));
  const dialog = await screen.findByRole("dialog", { name: "Edit Ada Admin" });
  expect(within(dialog).getByRole("combobox", { name: "Role" })).toBeDisabled();
  expect(within(dialog).getByText("You cannot change your own role.")).toBeInTheDocument();
});

test("the teams tab lists teams with manager and member count", async () => {
  renderUsers("/settings/users?tab=teams");

  const east = await rowOf("East");
  expect(within(east).getByText("Marco Manager")).toBeInTheDocument();
  expect(within(east).getByText("2")).toBeInTheDocument();
});

test("shows the database's message when the users cannot be read", async () => {
  mockTables({
    profiles: (calls) =>
      calls.includes("maybeSingle") ? { data: me, error: null } : { data: null, error: new Error("permission denied for table profiles") },
    teams: { data: [], error: null },
  });
  renderUsers();

  expect(await screen.findByRole("alert")).toHaveTextContent("permission denied for table profiles");
  expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
});
