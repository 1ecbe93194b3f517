import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { RequireAuth } from "@/components/auth/RequireAuth";
import { Toaster } from "@/components/ui/sonner";
import PipelinesPage from "@/pages/settings/PipelinesPage";
import { renderApp } from "@/test/render";
import { fakeSession, mockRpc, mockTables, queryLog, resetSupabaseMock, signedInAs } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

const stage = (id: string, name: string, position: number, extra: Record<string, unknown> = {}) => ({
  id,
  pipeline_id: "p1",
  name,
  position,
  win_probability: position * 25,
  colour: "#64748b",
  rotting_days: 14,
  exit_criteria: [],
  is_won: false,
  is_lost: false,
  ...extra,
});

beforeEach(() => {
  resetSupabaseMock();
  signedInAs(fakeSession({ id: "admin-1" }));
  mockTables({
    profiles: { data: { id: "admin-1", full_name: "Ada Admin", role: "admin", org_id: "org-1", organizations: { name: "Acme" } }, error: null },
    teams: { data: [{ id: "t1", name: "East", manager_id: null }], error: null },
    pipelines: {
      data: [{ id: "p1", name: "Sales", is_default: true, team_ids: ["t1"], roles: ["rep"], stages: [{ count: 3 }] }],
      error: null,
    },
    pipeline_stages: (calls) =>
      calls.includes("delete")
        ? {
            data: null,
            error: {
              code: "23503",
              message: 'Stage "Proposal" of pipeline "Sales" holds 78 deals: move them to another stage first',
              hint: "has_deals",
            },
          }
        : calls.includes("update")
          ? { data: [{ id: "x" }], error: null }
          : {
              data: [stage("s0", "Lead", 0, { exit_criteria: ["amount"] }), stage("s1", "Qualified", 1), stage("s2", "Proposal", 2)],
              error: null,
            },
    pipeline_stage_transitions: { data: [{ id: "tr1", from_stage_id: "s1", to_stage_id: "s2" }], error: null },
  });
  mockRpc({
    deal_fields: { data: [{ key: "amount", label: "Amount" }, { key: "next_step", label: "Next step" }], error: null },
    create_pipeline_from_template: { data: { id: "p9", name: "Renewals" }, error: null },
  });
});

const renderPage = () =>
  renderApp(
    <RequireAuth>
      <Toaster />
      <PipelinesPage />
    </RequireAuth>,
    { route: "/settings/pipelines" },
  );

test("lists the stages in order with their rules, and who may use the pipeline", async () => {
  renderPage();
  const list = await screen.findByRole("list", { name: "Stages in board order" });
  const items = within(list).getAllByRole("listitem");
  expect(items.map((item) => within(item).getAllByText(/^(Lead|Qualified|Proposal)$/)[0]?.textContent)).toEqual(["Lead", "Qualified", "Proposal"]);
  // The label comes from public.deal_fields().
  await waitFor(() => expect(items[0]).toHaveTextContent("Needs Amount to leave"));
  expect(items[1]).toHaveTextContent("Moves to Proposal");
  expect(items[2]).toHaveTextContent("Moves to any stage");
  expect(await screen.findByText(/Used by: Team East · Sales rep\./)).toBeInTheDocument();
  expect(within(items[0]!).getByRole("button", { name: "Move Lead up" })).toBeDisabled();
});

test("moving a stage down writes the new positions", async () => {
  const user = userEvent.setup();
  renderPage();
  await user.click(await screen.findByRole("button", { name: "Move Lead down" }));
  // Lead takes position 1 and Qualified 0; Proposal keeps 2 and is not written.
  await waitFor(() => {
    const updates = queryLog.filter((entry) => entry.table === "pipeline_stages" && entry.method === "update").map((entry) => entry.args[0]);
    expect(updates).toHaveLength(2);
    expect(updates).toEqual(expect.arrayContaining([{ position: 1 }, { position: 0 }]));
  });
});

test("creates a pipeline from the PEAK template", async () => {
  const user = userEvent.setup();
  renderPage();
  await user.click(await screen.findByRole("button", { name: "New pipeline" }));
  const dialog = screen.getByRole("dialog", { name: "New pipeline" });
  await user.click(within(dialog).getByRole("button", { name: "Create pipeline" }));
  expect(await within(dialog).findByText("Enter a name")).toBeInTheDocument();
  await user.type(within(dialog).getByLabelText("Name"), "Renewals");
  await user.click(within(dialog).getByRole("radio", { name: /PEAK/ }));
  await user.click(within(dialog).getByRole("button", { name: "Create pipeline" }));
  await waitFor(() =>
    expect(queryLog).toContainEqual(
      expect.objectContaining({ table: "rpc:create_pipeline_from_template", args: [{ name: "Renewals", template: "peak", is_default: false }] }),
    ),
  );
});

test("deleting a stage that holds deals asks first, then shows the database's answer saying where they are, with a link to them", async () => {
  const user = userEvent.setup();
  renderPage();
  await user.click(await screen.findByRole("button", { name: "Delete Proposal" }));
  const confirm = screen.getByRole("alertdialog", { name: "Delete the stage Proposal?" });
  await user.click(within(confirm).getByRole("button", { name: "Delete stage" }));
  const alert = await within(confirm).findByRole("alert");
  expect(alert).toHaveTextContent('Stage "Proposal" of pipeline "Sales" holds 78 deals: move them to another stage first');
  expect(within(alert).getByRole("link", { name: "Show these deals" })).toHaveAttribute("href", "/deals?f.stage=s2");
});

test("edits a stage: exit criteria from the deal fields, no stale days = never, its allowed moves ticked", async () => {
  const user = userEvent.setup();
  renderPage();
  await user.click(await screen.findByRole("button", { name: "Edit Qualified" }));
  const dialog = screen.getByRole("dialog", { name: "Edit Qualified" });
  expect(within(dialog).getByRole("checkbox", { name: "Proposal" })).toBeChecked();
  await user.click(await within(dialog).findByRole("checkbox", { name: "Next step" }));
  await user.clear(within(dialog).getByLabelText("Stale after (days)"));
  await user.click(within(dialog).getByRole("button", { name: "Save stage" }));
  await waitFor(() =>
    expect(queryLog).toContainEqual(
      expect.objectContaining({
        table: "pipeline_stages",
        method: "update",
        args: [expect.objectContaining({ name: "Qualified", exit_criteria: ["next_step"], rotting_days: null, win_probability: 25 })],
      }),
    ),
  );
}, 30_000);
