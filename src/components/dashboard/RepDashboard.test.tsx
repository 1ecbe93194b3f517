import { screen, within } from "@testing-library/react";
import { RequireAuth } from "@/components/auth/RequireAuth";
// Loaded up front, so HomePage's lazy import of it (and of the charts) resolves at once.
import "@/components/dashboard/RepDashboard";
import HomePage from "@/pages/HomePage";
import { renderApp } from "@/test/render";
import { fakeSession, mockRpc, mockTables, queryLog, resetSupabaseMock, signedInAs } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

const dashboard = {
  pipeline: [
    { pipeline_id: "p1", pipeline_name: "Sales", stage_id: "s2", stage_name: "Proposal", stage_colour: "#a78bfa", stage_position: 2, deal_count: 2, amount: 30000, weighted_amount: 15000 },
    { pipeline_id: "p1", pipeline_name: "Sales", stage_id: "s1", stage_name: "Lead", stage_colour: "#94a3b8", stage_position: 0, deal_count: 3, amount: 12000, weighted_amount: 1200 },
  ],
  tasks_due_today: 1,
  tasks_overdue: 2,
  tasks: [
    { id: "t1", type: "call", subject: "Call the CFO", due_at: "2020-01-01T09:00:00Z", overdue: true, deal_id: "d1", account_id: null, lead_id: null, contact_id: null },
  ],
  stale_deals: [
    {
      id: "d9",
      name: "Initech renewal",
      account_name: "Initech",
      stage_name: "Proposal",
      amount: 42000,
      currency: "USD",
      days_in_stage: 45,
      is_stale: true,
      expected_close_date: "2025-06-01",
    },
  ],
};

function renderHomeAs(role: string) {
  signedInAs(fakeSession({ id: "user-1" }));
  mockTables({
    profiles: { data: { id: "user-1", full_name: "Rita Rep", role, org_id: "org-1", organizations: { name: "Acme" } }, error: null },
    organizations: { data: { id: "org-1", name: "Acme", currency: "USD", fiscal_year_start_month: 1, updated_at: "" }, error: null },
  });
  mockRpc({ rep_dashboard: { data: dashboard, error: null } });
  return renderApp(
    <RequireAuth>
      <HomePage />
    </RequireAuth>,
  );
}

beforeEach(() => resetSupabaseMock());

test("a rep's home page shows their open pipeline by stage, tasks due and stale deals from rep_dashboard", async () => {
  renderHomeAs("rep");

  expect(await screen.findByRole("heading", { level: 1, name: "Welcome, Rita Rep" })).toBeInTheDocument();
  const numbers = await screen.findByRole("region", { name: "Your numbers" });
  expect(numbers).toHaveTextContent("$42,000");
  expect(numbers).toHaveTextContent("5 open deals");
  expect(numbers).toHaveTextContent("2 overdue, 1 due today");

  const pipeline = screen.getByRole("region", { name: "My open pipeline by stage" });
  const rows = within(pipeline).getAllByRole("row").slice(1);
  expect(rows.map((row) => row.textContent)).toEqual(["Lead3$12,000$1,200", "Proposal2$30,000$15,000"]);

  const tasks = screen.getByRole("region", { name: "My tasks due" });
  expect(within(tasks).getByRole("checkbox", { name: "Done: Call the CFO" })).not.toBeChecked();
  expect(within(tasks).getByRole("link", { name: "Open deal" })).toHaveAttribute("href", "/deals/d1");
  expect(tasks).toHaveTextContent("Overdue");

  const stale = screen.getByRole("region", { name: "My stale deals" });
  expect(within(stale).getByRole("link", { name: "Initech renewal" })).toHaveAttribute("href", "/deals/d9");
  expect(stale).toHaveTextContent("In stage 45 days, no activity scheduled");

  expect(queryLog).toContainEqual(expect.objectContaining({ table: "rpc:rep_dashboard", args: [{ time_zone: expect.any(String) }] }));
});

test("other roles keep the account card, and never ask for the rep dashboard", async () => {
  renderHomeAs("executive");
  expect(await screen.findByText("Your account")).toBeInTheDocument();
  expect(screen.queryByRole("region", { name: "Your numbers" })).toBeNull();
  expect(queryLog.some((entry) => entry.table === "rpc:rep_dashboard")).toBe(false);
});

test("shows the database's message when the dashboard cannot be computed", async () => {
  signedInAs(fakeSession({ id: "user-1" }));
  mockTables({
    profiles: { data: { id: "user-1", full_name: "Marco", role: "manager", org_id: "org-1", organizations: { name: "Acme" } }, error: null },
    organizations: { data: null, error: null },
  });
  mockRpc({ rep_dashboard: { data: null, error: { message: "canceling statement due to statement timeout", code: "57014" } } });
  renderApp(
    <RequireAuth>
      <HomePage />
    </RequireAuth>,
  );
  expect(await screen.findByRole("alert")).toHaveTextContent("canceling statement due to statement timeout");
});
