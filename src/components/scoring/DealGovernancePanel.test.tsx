import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { RequireAuth } from "@/components/auth/RequireAuth";
import DealGovernancePanel from "@/components/scoring/DealGovernancePanel";
import type { Role } from "@/domain/navigation";
import { renderApp } from "@/test/render";
import { fakeSession, mockRpc, mockTables, queryLog, resetSupabaseMock, signedInAs } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

const explanation = {
  deal_id: "d1",
  status: "open",
  model_id: "m1",
  model_version: 2,
  model_name: "Default",
  score: 58,
  classification: "C",
  factors: [
    {
      factor: "discount",
      label: "Discount",
      unit: "%",
      weight: 20,
      input: 30,
      points: 10,
      contribution: 2,
      max_contribution: 20,
      suggestion: { factor: "discount", field: "discount_pct", action: "lower", from: 30, to: 10, gain: 18, text: "Lower the discount from 30 % to 10 %: +18" },
    },
    { factor: "margin", label: "Margin", unit: "%", weight: 80, input: 60, points: 70, contribution: 56, max_contribution: 80, suggestion: null },
  ],
};

const request = {
  id: "r1",
  deal_id: "d1",
  status: "pending",
  reasons: ["Discount 30 % is above 20 %"],
  deal_values: {},
  created_at: "2025-01-02T10:00:00Z",
  decided_at: null,
  current_step: 1,
  policy: { name: "Discounts above 20 %" },
  steps: [{ id: "s1", position: 1, name: null, approver_role: "manager", approver_ids: [], status: "pending", opened_at: null, decided_at: null, comment: null, decider: null }],
};

const history = [{ id: "h1", score: 76, classification: "A", previous_score: null, reason: "created", model_version: 2, scored_at: "2025-01-01T00:00:00Z" }];

type Result = { data: unknown; error: unknown };

function arrange(
  role: Role,
  {
    inbox = [] as unknown[],
    score = (): Result => ({ data: explanation, error: null }),
    scoreHistory = { data: history, error: null } as Result,
  } = {},
) {
  signedInAs(fakeSession({ id: "user-1" }));
  mockTables({
    profiles: { data: { id: "user-1", role, org_id: "org-1", full_name: "Mo Manager" }, error: null },
    scoring_models: { data: { classification_bands: [{ label: "A", min_score: 75 }, { label: "C", min_score: 45 }, { label: "D", min_score: 0 }] }, error: null },
    deal_score_history: scoreHistory,
    approval_requests: { data: [request], error: null },
    approval_exceptions: { data: [], error: null },
  });
  mockRpc({
    score_deal: score,
    approval_inbox: { data: inbox, error: null },
    decide_approval: { data: { id: "r1", status: "approved" }, error: null },
    override_approval: { data: { id: "r1", status: "overridden" }, error: null },
  });
}

const deal = { id: "d1", name: "Acme expansion", status: "open", owner_id: "rep-1", version: 3 };

const renderPanel = (record: typeof deal = deal) =>
  renderApp(
    <RequireAuth>
      <DealGovernancePanel record={record} />
    </RequireAuth>,
  );

beforeEach(resetSupabaseMock);

test("the score explains itself: class, each factor's points and what would raise it, biggest gain first", async () => {
  arrange("rep");
  renderPanel();
  expect(await screen.findByRole("img", { name: "Deal score 58 of 100, class C" })).toBeInTheDocument();
  const breakdown = screen.getByRole("table", { name: "Score breakdown" });
  expect(within(breakdown).getByRole("row", { name: /Discount 30 % 2 of 20 points/ })).toBeInTheDocument();
  expect(within(breakdown).getByRole("row", { name: /Margin 60 % 56 of 80 points/ })).toBeInTheDocument();
  const raise = screen.getByRole("list", { name: "What would raise this score" });
  expect(within(raise).getAllByRole("listitem").map((item) => item.textContent)).toEqual(["+18Lower the discount from 30 % to 10 %Discount"]);
  expect(await screen.findByTestId("approval-state")).toHaveTextContent("Waiting for step 1 of 1: Sales manager");
  expect(screen.getByRole("list", { name: "Approval timeline" })).toHaveTextContent("Discount 30 % is above 20 %");
  // A rep neither decides nor overrides.
  expect(screen.queryByRole("button", { name: /Approve|Override/ })).not.toBeInTheDocument();
});

test("an approver of the open step approves from the deal page", async () => {
  const user = userEvent.setup();
  arrange("manager", { inbox: [{ request_id: "r1", step_id: "s1", deal_id: "d1", reasons: ["Discount 30 % is above 20 %"], deal_values: {} }] });
  renderPanel();
  await user.click(await screen.findByRole("button", { name: "Approve" }));
  const dialog = await screen.findByRole("dialog", { name: "Approve Acme expansion" });
  await user.type(within(dialog).getByLabelText("Comment"), "OK for two years");
  await user.click(within(dialog).getByRole("button", { name: "Approve" }));
  await waitFor(() => expect(queryLog.some((entry) => entry.table === "rpc:decide_approval")).toBe(true));
  expect(queryLog.find((entry) => entry.table === "rpc:decide_approval")?.args[0]).toEqual({ request_id: "r1", decision: "approve", comment: "OK for two years" });
});

test("an executive overrides with a reason of at least 10 characters, recorded as an exception", async () => {
  const user = userEvent.setup();
  arrange("executive");
  renderPanel();
  await user.click(await screen.findByRole("button", { name: "Override" }));
  const dialog = await screen.findByRole("dialog", { name: "Override the approval of Acme expansion" });
  await user.type(within(dialog).getByLabelText("Reason"), "Too short");
  await user.click(within(dialog).getByRole("button", { name: "Override and record exception" }));
  expect(await within(dialog).findByText(/at least 10 characters/)).toBeInTheDocument();
  await user.type(within(dialog).getByLabelText("Reason"), " — strategic logo");
  await user.click(within(dialog).getByRole("button", { name: "Override and record exception" }));
  await waitFor(() => expect(queryLog.find((entry) => entry.table === "rpc:override_approval")?.args[0]).toEqual({ request_id: "r1", reason: "Too short — strategic logo" }));
});

test("the score history shows each change; a deal with none yet says so", async () => {
  arrange("rep");
  const { unmount } = renderPanel();
  const table = await screen.findByRole("table", { name: "Score history" });
  expect(within(table).getAllByRole("row")).toHaveLength(2);
  expect(within(table).getByRole("row", { name: /76 A/ })).toBeInTheDocument();

  unmount();
  resetSupabaseMock();
  arrange("rep", { scoreHistory: { data: [], error: null } });
  renderPanel({ ...deal, id: "d2" });
  expect(await screen.findByText("No score history yet.")).toBeInTheDocument();
});

test("a score that cannot be loaded says why and loads again on Try again", async () => {
  const user = userEvent.setup();
  let calls = 0;
  arrange("rep", {
    score: () => (++calls === 1 ? { data: null, error: { message: "Deal not found", code: "PT404" } } : { data: explanation, error: null }),
  });
  renderPanel();
  const alert = await screen.findByRole("alert");
  expect(alert).toHaveTextContent("Could not load the score");
  expect(alert).toHaveTextContent("Deal not found");
  await user.click(within(alert).getByRole("button", { name: "Try again" }));
  expect(await screen.findByRole("img", { name: "Deal score 58 of 100, class C" })).toBeInTheDocument();
});

test("a history that cannot be loaded says so under the score, which still shows", async () => {
  arrange("rep", { scoreHistory: { data: null, error: { message: "permission denied", code: "42501" } } });
  renderPanel();
  expect(await screen.findByText("Could not load the score history")).toBeInTheDocument();
  expect(screen.getByRole("table", { name: "Score breakdown" })).toBeInTheDocument();
});

test("a deal whose every factor gives its best says nothing would raise it; a closed deal offers no changes", async () => {
  const best = { ...explanation, factors: explanation.factors.map((factor) => ({ ...factor, suggestion: null })) };
  arrange("rep", { score: () => ({ data: best, error: null }) });
  const { unmount } = renderPanel();
  expect(await screen.findByText("Every factor already gives its best: nothing would raise this score.")).toBeInTheDocument();

  unmount();
  resetSupabaseMock();
  arrange("rep");
  renderPanel({ ...deal, id: "d3", status: "won" });
  await screen.findByRole("table", { name: "Score breakdown" });
  expect(screen.queryByRole("heading", { name: "What would raise this score" })).not.toBeInTheDocument();
});
