import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { PlaybookDialog } from "@/components/customers/settings/PlaybookDialog";
import type { Playbook } from "@/hooks/useCustomers";
import { renderApp } from "@/test/render";
import { mockTables, queryLog, resetSupabaseMock } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

beforeEach(() => resetSupabaseMock());

const playbook: Playbook = {
  id: "p1",
  name: "Score drop",
  description: "Health fell",
  trigger: "score_drop",
  params: { points: 15, days: 7 },
  active: true,
  updated_at: "2026-11-20T10:00:00Z",
  actions: [
    { id: "a1", kind: "in_app", subject: "Health of {{customer}} dropped", body: null, due_in_days: 0, position: 0 },
    { id: "a2", kind: "task", subject: "Check-in call", body: "Review first", due_in_days: 1, position: 1 },
  ],
};

test("editing a playbook saves its condition, deletes removed actions, updates kept ones in their new order and inserts new ones", async () => {
  mockTables({ playbooks: { data: [{ id: "p1" }], error: null }, playbook_actions: { data: [], error: null } });
  const onClose = vi.fn();
  renderApp(<PlaybookDialog playbook={playbook} onClose={onClose} />);
  const dialog = await screen.findByRole("dialog", { name: "Edit Score drop" });

  const points = within(dialog).getByLabelText("Drop of at least (points)");
  await userEvent.clear(points);
  await userEvent.type(points, "20");
  await userEvent.click(within(dialog).getByRole("button", { name: "Remove action 1" }));
  await userEvent.click(within(dialog).getByRole("button", { name: "Add action" }));
  await userEvent.type(within(dialog).getAllByLabelText("Task subject")[1]!, "Second call");
  await userEvent.click(within(dialog).getByRole("button", { name: "Save playbook" }));

  await waitFor(() => expect(onClose).toHaveBeenCalled());
  const calls = queryLog.filter((c) => c.method === "update" || c.method === "insert" || c.method === "delete" || c.method === "in");
  expect(calls).toEqual([
    expect.objectContaining({ table: "playbooks", method: "update", args: [expect.objectContaining({ trigger: "score_drop", params: { points: 20, days: 7 }, active: true })] }),
    expect.objectContaining({ table: "playbook_actions", method: "delete" }),
    expect.objectContaining({ table: "playbook_actions", method: "in", args: ["id", ["a1"]] }),
    expect.objectContaining({ table: "playbook_actions", method: "update", args: [expect.objectContaining({ position: 0, kind: "task", subject: "Check-in call" })] }),
    expect.objectContaining({ table: "playbook_actions", method: "insert", args: [expect.objectContaining({ position: 1, subject: "Second call", playbook_id: "p1" })] }),
  ]);
});

test("a condition out of range is refused on its field, and nothing is sent", async () => {
  mockTables({ playbooks: { data: [{ id: "p1" }], error: null }, playbook_actions: { data: [], error: null } });
  renderApp(<PlaybookDialog playbook={playbook} onClose={() => {}} />);
  const dialog = await screen.findByRole("dialog", { name: "Edit Score drop" });
  const days = within(dialog).getByLabelText("Within (days)");
  await userEvent.clear(days);
  await userEvent.type(days, "120");
  await userEvent.click(within(dialog).getByRole("button", { name: "Save playbook" }));
  expect(await within(dialog).findByText("A whole number between 1 and 90")).toBeInTheDocument();
  expect(queryLog.filter((c) => c.table === "playbooks")).toEqual([]);
});
