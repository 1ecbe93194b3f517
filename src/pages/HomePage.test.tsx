import { screen } from "@testing-library/react";
import { RequireAuth } from "@/components/auth/RequireAuth";
import HomePage from "@/pages/HomePage";
import { renderApp } from "@/test/render";
import { fakeSession, mockQueryResult, resetSupabaseMock, signedInAs, supabase } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

beforeEach(() => {
  resetSupabaseMock();
  signedInAs(fakeSession({ id: "user-1", email: "ada@example.com" }));
});

const renderHome = () =>
  renderApp(
    <RequireAuth>
      <HomePage />
    </RequireAuth>,
  );

test("greets the user by the name in their profile, with role and organisation", async () => {
  mockQueryResult({
    data: { id: "user-1", full_name: "Ada Lovelace", role: "cs_manager", org_id: "org-1", organizations: { name: "Acme" } },
    error: null,
  });
  renderHome();

  expect(await screen.findByRole("heading", { level: 1, name: "Welcome, Ada Lovelace" })).toBeInTheDocument();
  expect(screen.getByText("Customer success manager")).toBeInTheDocument();
  expect(screen.getByText("Acme")).toBeInTheDocument();
  expect(supabase.from).toHaveBeenCalledWith("profiles");
});

test("falls back to the email when the profile is missing", async () => {
  mockQueryResult({ data: null, error: null });
  renderHome();

  expect(await screen.findByText(/has no profile yet/)).toBeInTheDocument();
  expect(screen.getByRole("heading", { level: 1, name: "Welcome, ada@example.com" })).toBeInTheDocument();
});

test("shows the database's message when the profile cannot be read", async () => {
  mockQueryResult({ data: null, error: new Error("permission denied for table profiles") });
  renderHome();

  expect(await screen.findByRole("alert")).toHaveTextContent("permission denied for table profiles");
  expect(screen.getByRole("heading", { level: 1, name: "Welcome, ada@example.com" })).toBeInTheDocument();
});
