import { AuthApiError } from "@supabase/supabase-js";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactElement } from "react";
import { RequireAuth } from "@/components/auth/RequireAuth";
import { Toaster } from "@/components/ui/sonner";
import PasswordPage from "@/pages/settings/PasswordPage";
import ProfilePage from "@/pages/settings/ProfilePage";
import { renderApp } from "@/test/render";
import { fakeSession, mockTables, queryLog, resetSupabaseMock, signedInAs, supabase } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

const me = {
  id: "user-1",
  email: "ada@example.com",
  full_name: "Ada Lovelace",
  title: "Analyst",
  role: "rep",
  org_id: "org-1",
  team_id: null,
  active: true,
  must_change_password: false,
  organizations: { name: "Acme" },
};

beforeEach(() => {
  resetSupabaseMock();
  signedInAs(fakeSession());
});

const renderPage = (page: ReactElement) =>
  renderApp(
    <>
      <RequireAuth>{page}</RequireAuth>
      <Toaster />
    </>,
  );

describe("My profile", () => {
  test("saves the trimmed name and an emptied title as null, then says so", async () => {
    mockTables({ profiles: (calls) => (calls.includes("update") ? { data: [{ id: "user-1" }], error: null } : { data: me, error: null }) });
    renderPage(<ProfilePage />);
    const user = userEvent.setup();

    const name = await screen.findByLabelText("Full name");
    await user.clear(name);
    await user.type(name, "  Ada King ");
    await user.clear(screen.getByLabelText("Job title"));
    await user.click(screen.getByRole("button", { name: "Save profile" }));

    expect(await screen.findByText("Profile saved")).toBeInTheDocument();
    const update = queryLog.find((call) => call.table === "profiles" && call.method === "update");
    expect(update?.args).toEqual([{ full_name: "Ada King", title: null }]);
  });

  test("a blank name is a field error; a database refusal is shown as it came", async () => {
    mockTables({
      profiles: (calls) =>
        calls.includes("update")
          ? { data: null, error: new Error('new row for relation "profiles" violates check constraint "profiles_title_check"') }
          : { data: me, error: null },
    });
    renderPage(<ProfilePage />);
    const user = userEvent.setup();

    await user.clear(await screen.findByLabelText("Full name"));
    await user.click(screen.getByRole("button", { name: "Save profile" }));
    expect(await screen.findByText("Enter your name")).toBeInTheDocument();

    await user.type(screen.getByLabelText("Full name"), "Ada");
    await user.click(screen.getByRole("button", { name: "Save profile" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("violates check constraint");
  });
});

describe("Password", () => {
  test("refuses a mismatch before calling Auth, and explains same_password on the field", async () => {
    mockTables({ profiles: { data: me, error: null } });
    supabase.auth.updateUser.mockResolvedValue({
      data: { user: null },
      error: new AuthApiError("New password should be different from the old password.", 422, "same_password"),
    });
    renderPage(<PasswordPage />);
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText("New password"), "demo-password");
    await user.type(screen.getByLabelText("Confirm new password"), "demo-passwort");
    await user.click(screen.getByRole("button", { name: "Change password" }));
    expect(await screen.findByText("The passwords do not match")).toBeInTheDocument();
    expect(supabase.auth.updateUser).not.toHaveBeenCalled();

    await user.clear(screen.getByLabelText("Confirm new password"));
    await user.type(screen.getByLabelText("Confirm new password"), "demo-password");
    await user.click(screen.getByRole("button", { name: "Change password" }));
    expect(await screen.findByText("Choose a password different from your current one")).toBeInTheDocument();
    expect(screen.getByLabelText("New password")).toHaveAttribute("aria-invalid", "true");
  }, 15_000);

  test("a changed password is confirmed with a toast and the form is cleared", async () => {
    mockTables({ profiles: { data: me, error: null } });
    supabase.auth.updateUser.mockResolvedValue({ data: { user: fakeSession().user }, error: null });
    renderPage(<PasswordPage />);
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText("New password"), "a new password");
    await user.type(screen.getByLabelText("Confirm new password"), "a new password");
    await user.click(screen.getByRole("button", { name: "Change password" }));

    expect(await screen.findByText("Password changed")).toBeInTheDocument();
    expect(supabase.auth.updateUser).toHaveBeenCalledWith({ password: "a new password" });
    expect(screen.getByLabelText("New password")).toHaveValue("");
  });
});
