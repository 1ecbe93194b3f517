import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { RequireAuth } from "@/components/auth/RequireAuth";
import { HealthReportButton } from "@/components/customers/HealthReportButton";
import { renderApp } from "@/test/render";
import { fakeSession, mockTables, resetSupabaseMock, signedInAs, supabase } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

beforeEach(resetSupabaseMock);

const morgan = { id: "user-1", email: "csm@example.com", full_name: "Morgan Reyes", title: null, role: "cs_manager", org_id: "org-1", team_id: null, active: true, must_change_password: false, is_lead_csm: false };
const casey = { ...morgan, id: "user-2", email: "cs@example.com", full_name: "Casey Success", is_lead_csm: true };

test("a CSM who sees only their own book exports the list's customers at once, without choosing a CSM", async () => {
  signedInAs(fakeSession());
  mockTables({ profiles: (calls) => ({ data: calls.includes("maybeSingle") ? morgan : [morgan, casey], error: null }) });
  supabase.functions.invoke.mockResolvedValue({ data: "Customer\r\n", error: null });
  URL.createObjectURL ??= () => "blob:report";
  URL.revokeObjectURL ??= () => {};
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
  const query = { filters: [{ column: "is_active", op: "eq" as const, value: true }], search: null, order: [] };
  renderApp(
    <RequireAuth>
      <HealthReportButton filters={{}} setFilter={() => {}} query={query} />
    </RequireAuth>,
  );

  const button = await screen.findByRole("button", { name: "Health report" });
  await waitFor(() => expect(button).toBeEnabled());
  await userEvent.click(button);
  expect(screen.queryByRole("menu")).not.toBeInTheDocument();
  await waitFor(() => expect(supabase.functions.invoke).toHaveBeenCalledTimes(1));
  const [, options] = supabase.functions.invoke.mock.calls[0] as [string, { body: Record<string, unknown> }];
  expect(options.body).toMatchObject({ object: "health_report", query: { filters: [{ column: "is_active", op: "eq", value: true }] } });
});
