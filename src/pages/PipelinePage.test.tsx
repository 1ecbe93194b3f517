import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { RequireAuth } from "@/components/auth/RequireAuth";
import { Toaster } from "@/components/ui/sonner";
import type { BoardDeal } from "@/domain/board";
import PipelinePage from "@/pages/PipelinePage";
import { renderApp } from "@/test/render";
import { fakeSession, mockRpc, mockTables, queryLog, resetSupabaseMock, signedInAs } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

const deal = (id: string, stage_id: string, overrides: Partial<BoardDeal> = {}): BoardDeal => ({
  id,
  name: `Deal ${id}`,
  owner_id: "user-1",
  owner_name: "Rita Rep",
  account_id: "acc-1",
  account_name: "Acme",
  pipeline_id: "p1",
  stage_id,
  status: "open",
  amount: 10_000,
  currency: "USD",
  probability: 10,
  weighted_amount: 1000,
  expected_close_date: "2025-06-01",
  stage_entered_at: "2025-01-01T00:00:00Z",
  days_in_stage: 45,
  is_stale: false,
  version: 3,
  ...overrides,
});

const column = (stage_id: string, name: string, win_probability: number, deals: BoardDeal[], extra: Record<string, unknown> = {}) => ({
  stage_id,
  name,
  colour: "#64748b",
  position: 0,
  win_probability,
  rotting_days: 14,
  is_won: false,
  is_lost: false,
  deal_count: deals.length,
  amount: deals.reduce((sum, d) => sum + (d.amount ?? 0), 0),
  weighted_amount: deals.reduce((sum, d) => sum + (d.weighted_amount ?? 0), 0),
  deals,
  ...extra,
});

const board = () => [
  column("lead", "Lead", 10, [deal("a", "lead", { is_stale: true }), deal("b", "lead", { amount: 2500, weighted_amount: 250 })], {
    deal_count: 120,
    amount: 1_234_567,
    weighted_amount: 123_456.7,
  }),
  column("won", "Closed Won", 100, [], { is_won: true, rotting_days: null }),
  column("lost", "Closed Lost", 0, [], { is_lost: true, rotting_days: null }),
];

beforeEach(() => {
  resetSupabaseMock();
  signedInAs(fakeSession({ id: "user-1" }));
  mockTables({
    profiles: { data: { id: "user-1", full_name: "Rita Rep", role: "rep", org_id: "org-1", organizations: { name: "Acme" } }, error: null },
    organizations: { data: { id: "org-1", name: "Acme", currency: "USD", fiscal_year_start_month: 1, updated_at: "" }, error: null },
    pipelines: {
      data: [
        { id: "p1", name: "Sales", is_default: true, team_ids: [], roles: [], stages: [{ count: 3 }] },
        { id: "p2", name: "Partners", is_default: false, team_ids: [], roles: [], stages: [{ count: 0 }] },
      ],
      error: null,
    },
    pipeline_stage_transitions: { data: [], error: null },
    deals: (calls) => (calls.includes("update") ? { data: [{ version: 4 }], error: null } : { data: { version: 4 }, error: null }),
  });
});

const renderBoard = (route = "/pipeline") =>
  renderApp(
    <RequireAuth>
      <Toaster />
      <PipelinePage />
    </RequireAuth>,
    { route },
  );

// `hidden`: an open dialog hides the board from the accessibility tree, and the tests look behind it.
const columnNamed = (name: string) => screen.getByRole("region", { name, hidden: true });

test("shows each stage's SQL totals, the stale reason on a card, and offers the rest of a long column", async () => {
  mockRpc({ pipeline_board: { data: board(), error: null } });
  renderBoard();

  const lead = await screen.findByRole("region", { name: "Lead" });
  expect(within(lead).getByLabelText("120 deals")).toHaveTextContent("120");
  expect(within(lead).getByTestId("stage-amount")).toHaveTextContent("$1,234,567");
  expect(within(lead).getByTestId("stage-weighted")).toHaveTextContent("$123,457");
  expect(within(lead).getByRole("article", { name: "Deal a" })).toHaveTextContent("In stage 45 days (limit 14), no activity scheduled");
  expect(within(lead).getByRole("article", { name: "Deal b" })).not.toHaveTextContent("no activity scheduled");
  expect(within(lead).getByRole("button", { name: "Load more (118 more)" })).toBeInTheDocument();
  expect(queryLog).toContainEqual(expect.objectContaining({ table: "rpc:pipeline_board", args: [{ pipeline_id: "p1", per_stage_limit: 50 }] }));
  // A rep sees only their own deals: no owner names on the cards.
  expect(within(lead).queryByText(/Rita Rep/)).toBeNull();
});

test("loads the next page of a column after its last card", async () => {
  const user = userEvent.setup();
  mockRpc({
    pipeline_board: { data: board(), error: null },
    pipeline_stage_deals: {
      data: Array.from({ length: 50 }, (_, i) => deal(`c${i}`, "lead", { expected_close_date: "2025-07-01" })),
      error: null,
    },
  });
  renderBoard();

  await user.click(await screen.findByRole("button", { name: "Load more (118 more)" }));
  expect(await within(columnNamed("Lead")).findByRole("article", { name: "Deal c49" })).toBeInTheDocument();
  expect(within(columnNamed("Lead")).getByRole("button", { name: "Load more (68 more)" })).toBeInTheDocument();
  expect(queryLog).toContainEqual(
    expect.objectContaining({
      table: "rpc:pipeline_stage_deals",
      args: [{ stage_id: "lead", page_size: 50, after_close_date: "2025-06-01", after_id: "b" }],
    }),
  );
});

test("the pipeline switcher follows the URL", async () => {
  mockRpc({ pipeline_board: (args) => ({ data: args.pipeline_id === "p2" ? [] : board(), error: null }) });
  renderBoard("/pipeline?pipeline=p2");
  expect(await screen.findByText("This pipeline has no stages")).toBeInTheDocument();
  expect(queryLog).toContainEqual(expect.objectContaining({ table: "rpc:pipeline_board", args: [{ pipeline_id: "p2", per_stage_limit: 50 }] }));
});

test(
  "a refused move goes back, names the missing field, and moves once it is filled",
  async () => {
    const user = userEvent.setup();
    let moves = 0;
    mockRpc({
      pipeline_board: { data: board(), error: null },
      deal_fields: { data: [{ key: "lost_reason", label: "Lost reason" }], error: null },
      move_deal_stage: (args) => {
        moves += 1;
        return moves === 1
          ? {
              data: null,
              error: { code: "P0001", message: "Missing required fields: Lost reason", hint: "missing_fields", details: '["lost_reason"]' },
            }
          : { data: { ...deal("b", "lost"), version: Number(args.expected_version) + 1, probability: 0, status: "lost" }, error: null };
      },
    });
    renderBoard();

    await user.click(await screen.findByRole("button", { name: "Actions for Deal b" }));
    await user.click(await screen.findByRole("menuitem", { name: "Mark as lost" }));

    const dialog = await screen.findByRole("dialog", { name: "Fill in to move Deal b" });
    expect(dialog).toHaveTextContent("To move to Closed Lost, this deal needs: Lost reason.");
    expect(await screen.findByText("Missing required fields: Lost reason")).toBeInTheDocument();
    // Rolled back: the card is where it was.
    expect(within(columnNamed("Lead")).getByRole("article", { name: "Deal b", hidden: true })).toBeInTheDocument();
    expect(queryLog).toContainEqual(
      expect.objectContaining({ table: "rpc:move_deal_stage", args: [{ deal_id: "b", to_stage_id: "lost", expected_version: 3 }] }),
    );

    await user.click(within(dialog).getByRole("button", { name: "Save and move" }));
    expect(await within(dialog).findByText("Enter lost reason")).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText("Lost reason"), "Went with a competitor");
    await user.click(within(dialog).getByRole("button", { name: "Save and move" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(queryLog).toContainEqual(expect.objectContaining({ table: "deals", method: "update", args: [{ lost_reason: "Went with a competitor" }] }));
    expect(queryLog).toContainEqual(expect.objectContaining({ table: "deals", method: "eq", args: ["version", 3] }));
    // The second try sends the version the save returned.
    await waitFor(() =>
      expect(queryLog).toContainEqual(
        expect.objectContaining({ table: "rpc:move_deal_stage", args: [{ deal_id: "b", to_stage_id: "lost", expected_version: 4 }] }),
      ),
    );
  },
  30_000,
);

test(
  "a deal changed since the board was read is not overwritten: the move is undone with a clear message",
  async () => {
    const user = userEvent.setup();
    mockRpc({
      pipeline_board: { data: board(), error: null },
      move_deal_stage: {
        data: null,
        error: { code: "PT409", message: "This deal changed since you loaded it", hint: "stale_version", details: '{"version": 5}' },
      },
    });
    renderBoard();

    await user.click(await screen.findByRole("button", { name: "Actions for Deal a" }));
    await user.click(await screen.findByRole("menuitem", { name: "Mark as won" }));

    expect(await screen.findByText("Deal a changed since the board was loaded, so it was not moved.")).toBeInTheDocument();
    expect(within(columnNamed("Lead")).getByRole("article", { name: "Deal a" })).toBeInTheDocument();
    expect(within(columnNamed("Closed Won")).queryByRole("article")).toBeNull();
    // And the board is read again, to show the deal as it is now.
    await waitFor(() => expect(queryLog.filter((entry) => entry.table === "rpc:pipeline_board").length).toBeGreaterThan(1));
  },
  30_000,
);

test(
  "a move to a stage the database no longer knows (deleted since the board was read) is undone, saying so",
  async () => {
    const user = userEvent.setup();
    const message = "Unknown stage: won is not a stage of this deal's pipeline";
    mockRpc({
      pipeline_board: { data: board(), error: null },
      move_deal_stage: { data: null, error: { code: "P0001", message, hint: "invalid_stage" } },
    });
    renderBoard();

    await user.click(await screen.findByRole("button", { name: "Actions for Deal a" }));
    await user.click(await screen.findByRole("menuitem", { name: "Mark as won" }));

    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(screen.getByText("Deal a stays in Lead.")).toBeInTheDocument();
    expect(within(columnNamed("Lead")).getByRole("article", { name: "Deal a" })).toBeInTheDocument();
    expect(within(columnNamed("Closed Won")).queryByRole("article")).toBeNull();
  },
  30_000,
);
