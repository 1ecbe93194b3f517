import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes, useLocation } from "react-router-dom";
import { RequireAuth } from "@/components/auth/RequireAuth";
import CustomersPage from "@/pages/CustomersPage";
import { renderApp } from "@/test/render";
import { fakeSession, mockRpc, mockTables, queryLog, resetSupabaseMock, signedInAs, supabase } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

const profile = { id: "user-1", email: "cs@example.com", full_name: "Casey Success", title: null, role: "cs_manager", org_id: "org-1", team_id: null, active: true, must_change_password: false, organizations: { name: "Acme" } };

const people = [
  { ...profile, is_lead_csm: true },
  { ...profile, id: "user-2", email: "csm@example.com", full_name: "Morgan Reyes", is_lead_csm: false },
  { ...profile, id: "user-3", email: "rep@example.com", full_name: "Riley Rep", role: "rep", is_lead_csm: false },
];

const customer = (n: number, status: "healthy" | "at_risk" | "critical", score: number) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  name: `Customer ${n}`,
  health_score: score,
  health_status: status,
  health_trend_7d: -16,
  arr: 120000,
  mrr: 10000,
  currency: "USD",
  tier: 1,
  industry: "Software",
  owner_name: "Casey Success",
  contract_end: "2027-01-31",
  days_to_contract_end: 70,
  next_renewal_date: "2027-01-31",
  churn_risk: 60,
  top_churn_factor: "No login for 21 days",
  is_active: true,
});

const summary = {
  customers: 3,
  by_status: { healthy: 1, at_risk: 1, critical: 1, unscored: 0 },
  mrr: 30000,
  arr: 360000,
  arr_by_status: { healthy: 120000, at_risk: 120000, critical: 120000 },
  average_score: 55,
  by_tier: [{ tier: 1, customers: 3, at_risk: 2, average_score: 55, arr: 360000 }],
  by_industry: [{ industry: "Software", customers: 3, at_risk: 2, average_score: 55, arr: 360000 }],
  renewals: { "30": { count: 0, value: 0 }, "60": { count: 0, value: 0 }, "90": { count: 1, value: 120000 }, "180": { count: 1, value: 120000 }, high_risk_90: 0 },
};

function Location() {
  return <output data-testid="location">{useLocation().search}</output>;
}

beforeEach(resetSupabaseMock);

const SLOW = { timeout: 10_000 };

test("the dashboard starts on active customers, filters by one click on a status, and exports the health report of the same customers, every CSM's or one CSM's", async () => {
  signedInAs(fakeSession());
  mockTables({
    // The signed-in profile, or the directory (a lead CSM and a CSM of their own book).
    profiles: (calls) => (calls.includes("maybeSingle") ? { data: profile, error: null } : { data: people, error: null }),
    organizations: { data: { id: "org-1", name: "Acme", currency: "USD", fiscal_year_start_month: 1, updated_at: "2025-01-01T00:00:00Z" }, error: null },
    saved_views: { data: [], error: null },
    health_score_configs: { data: { healthy_min: 70, at_risk_min: 40 }, error: null },
    customer_list: (calls) => (calls.includes("range") ? { data: [customer(1, "critical", 22), customer(2, "at_risk", 55)], error: null } : { data: [customer(1, "critical", 22)], error: null }),
  });
  mockRpc({ customer_dashboard_summary: { data: summary, error: null } });
  supabase.functions.invoke.mockResolvedValue({ data: "Customer,Domain\r\nCustomer 1,c1.example\r\n", error: null });
  // jsdom does not download: catch the file the page saves.
  const saved: string[] = [];
  URL.createObjectURL ??= () => "blob:report";
  URL.revokeObjectURL ??= () => {};
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    saved.push(this.download);
  });
  renderApp(
    <Routes>
      <Route
        path="/customers"
        element={
          <RequireAuth>
            <CustomersPage />
            <Location />
          </RequireAuth>
        }
      />
    </Routes>,
    { route: "/customers" },
  );

  const table = await screen.findByRole("table", { name: /Customers, page 1/ }, SLOW);
  expect(await within(table).findByRole("link", { name: "Customer 1" }, SLOW)).toHaveAttribute("href", "/customers/00000000-0000-4000-8000-000000000001");
  // Health in words beside its colour, the trend named a drop.
  expect(within(table).getAllByRole("row")[1]).toHaveTextContent(/Critical· 22/);
  expect(within(table).getAllByRole("row")[1]).toHaveTextContent("−16 (score drop)");
  // Only active customers, worst health first, and a clean URL.
  const listCalls = queryLog.filter((c) => c.table === "customer_list");
  expect(listCalls).toContainEqual(expect.objectContaining({ method: "eq", args: ["is_active", true] }));
  expect(listCalls).toContainEqual(expect.objectContaining({ method: "order", args: ["health_score", { ascending: true, nullsFirst: false }] }));
  expect(screen.getByTestId("location")).toHaveTextContent(/^$/);

  // The at-risk panel.
  const panel = screen.getByRole("region", { name: /At-risk customers/ });
  expect(await within(panel).findByText("Customer 1")).toBeInTheDocument();
  expect(panel).toHaveTextContent("No login for 21 days");

  // One click: critical only.
  await userEvent.click(within(screen.getByRole("group", { name: "Health status" })).getByRole("button", { name: /Critical/ }));
  await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("?f.active=true&f.health=critical"));
  await waitFor(() => expect(queryLog).toContainEqual(expect.objectContaining({ table: "customer_list", method: "eq", args: ["health_status", "critical"] })));

  // The health report of every CSM: the same filters, the report's columns.
  await userEvent.click(screen.getByRole("button", { name: "Health report" }));
  const menu = await screen.findByRole("menu");
  // Only CS managers are offered, by name.
  expect(within(menu).getAllByRole("menuitem").map((item) => item.textContent)).toEqual(["All CSMs", "Casey Success", "Morgan Reyes"]);
  await userEvent.click(within(menu).getByRole("menuitem", { name: "All CSMs" }));
  await waitFor(() => expect(supabase.functions.invoke).toHaveBeenCalledTimes(1));
  const [name, options] = supabase.functions.invoke.mock.calls[0] as [string, { body: Record<string, unknown> }];
  expect(name).toBe("export-csv");
  expect(options.body).toMatchObject({
    object: "health_report",
    query: { filters: [{ column: "health_status", op: "eq", value: "critical" }, { column: "is_active", op: "eq", value: true }] },
  });
  expect((options.body.columns as { id: string }[])[0]).toEqual({ id: "customer", label: "Customer" });
  await waitFor(() => expect(saved).toEqual([expect.stringMatching(/^customer-health-\d{4}-\d{2}-\d{2}\.csv$/)]));

  // And one CSM's: their customers among the same filters, named after them.
  await userEvent.click(screen.getByRole("button", { name: "Health report" }));
  await userEvent.click(within(await screen.findByRole("menu")).getByRole("menuitem", { name: "Morgan Reyes" }));
  await waitFor(() => expect(supabase.functions.invoke).toHaveBeenCalledTimes(2));
  const [, forMorgan] = supabase.functions.invoke.mock.calls[1] as [string, { body: Record<string, unknown> }];
  expect(forMorgan.body).toMatchObject({
    object: "health_report",
    query: {
      filters: [
        { column: "owner_id", op: "eq", value: "user-2" },
        { column: "health_status", op: "eq", value: "critical" },
        { column: "is_active", op: "eq", value: true },
      ],
    },
  });
  await waitFor(() => expect(saved[1]).toMatch(/^customer-health-morgan-reyes-\d{4}-\d{2}-\d{2}\.csv$/));
});
