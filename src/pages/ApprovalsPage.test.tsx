import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { RequireAuth } from "@/components/auth/RequireAuth";
import ApprovalsPage from "@/pages/ApprovalsPage";
import { renderApp } from "@/test/render";
import { fakeSession, mockRpc, mockTables, queryLog, resetSupabaseMock, signedInAs } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

beforeEach(() => {
  resetSupabaseMock();
  signedInAs(fakeSession({ id: "manager-1" }));
  mockTables({ scoring_models: { data: { classification_bands: [{ label: "A", min_score: 75 }, { label: "D", min_score: 0 }] }, error: null } });
});

const item = {
  request_id: "r1",
  step_id: "s1",
  step_position: 1,
  step_count: 2,
  step_name: "Sales manager",
  deal_id: "d1",
  policy_id: "p1",
  policy_name: "Discounts above 20 %",
  reasons: ["Discount 30 % is above 20 %"],
  deal_values: { name: "Acme expansion", owner_name: "Rita Rep", amount: 33000, currency: "USD", discount_pct: 30, score: 58, classification: "D", stage: "Negotiation" },
  requested_at: "2025-01-01T10:00:00Z",
  opened_at: "2025-01-01T10:00:00Z",
};

const renderPage = (route = "/approvals") =>
  renderApp(
    <RequireAuth>
      <ApprovalsPage />
    </RequireAuth>,
    { route },
  );

test("lists what waits for me with why, and approving asks for a comment and sends it", async () => {
  const user = userEvent.setup();
  let pending = [item];
  mockRpc({
    approval_inbox: () => ({ data: pending, error: null }),
    decide_approval: () => {
      pending = [];
      return { data: { id: "r1", status: "pending" }, error: null };
    },
  });
  renderPage("/approvals?request=r1");

  const card = await screen.findByRole("listitem", { name: "Acme expansion: Discounts above 20 %" });
  expect(within(card).getByText("Discount 30 % is above 20 %")).toBeInTheDocument();
  expect(within(card).getByText("1 of 2 (Sales manager)")).toBeInTheDocument();
  expect(within(card).getByText("$33,000.00")).toBeInTheDocument();
  expect(within(card).getByRole("img", { name: "Deal score 58 of 100, class D" })).toBeInTheDocument();
  expect(within(card).getByRole("link", { name: "Acme expansion" })).toHaveAttribute("href", "/deals/d1");

  await user.click(within(card).getByRole("button", { name: "Approve Acme expansion" }));
  const dialog = await screen.findByRole("dialog", { name: "Approve Acme expansion" });
  await user.click(within(dialog).getByRole("button", { name: "Approve" }));
  expect(await within(dialog).findByText("Write a comment: the rep sees it with your decision")).toBeInTheDocument();
  await user.type(within(dialog).getByLabelText("Comment"), "Fine for a two-year term");
  await user.click(within(dialog).getByRole("button", { name: "Approve" }));

  await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
  expect(queryLog.find((entry) => entry.table === "rpc:decide_approval")?.args[0]).toEqual({ request_id: "r1", decision: "approve", comment: "Fine for a two-year term" });
  expect(await screen.findByText("Nothing waits for your decision")).toBeInTheDocument();
});

test("a refusal from the database stays in the dialog in its own words", async () => {
  const user = userEvent.setup();
  mockRpc({
    approval_inbox: { data: [item], error: null },
    decide_approval: { data: null, error: { message: "Managers decide approvals only for deals of a team they manage", code: "42501", hint: "other_team" } },
  });
  renderPage();
  await user.click(await screen.findByRole("button", { name: "Reject Acme expansion" }));
  const dialog = await screen.findByRole("dialog", { name: "Reject Acme expansion" });
  await user.type(within(dialog).getByLabelText("Comment"), "Too deep");
  await user.click(within(dialog).getByRole("button", { name: "Reject" }));
  expect(await within(dialog).findByRole("alert")).toHaveTextContent("Managers decide approvals only for deals of a team they manage");
});

test("says so when nothing waits", async () => {
  mockRpc({ approval_inbox: { data: [], error: null } });
  renderPage();
  expect(await screen.findByText("Nothing waits for your decision")).toBeInTheDocument();
});
