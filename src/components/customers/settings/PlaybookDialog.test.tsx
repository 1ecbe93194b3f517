import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { PlaybookDialog } from "@/components/customers/settings/PlaybookDialog";
import type { Playbook } from "@/hooks/useCustomers";
import { renderApp } from "@/test/render";
import { mockRpc, queryLog, resetSupabaseMock } from "@/test/supabase";

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

test("editing a playbook saves it with its actions in one call: the condition, kept actions in their new order by id, new ones without", async () => {
  mockRpc({ save_playbook: { data: "p1", error: null } });
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
  expect(queryLog).toEqual([
    {
      table: "rpc:save_playbook",
      method: "rpc",
      args: [
        {
          p_id: "p1",
          p_name: "Score drop",
          p_description: "Health fell",
          p_trigger: "score_drop",
          p_params: { points: 20, days: 7 },
          p_active: true,
          p_actions: [
            { id: "a2", kind: "task", subject: "Check-in call", body: "Review first", due_in_days: 1 },
            { id: undefined, kind: "task", subject: "Second call", body: null, due_in_days: 1 },
          ],
        },
      ],
    },
  ]);
});

test("the database's refusal is shown in the dialog, which stays open", async () => {
  mockRpc({ save_playbook: { data: null, error: { message: "invalid playbook: action 1: subject: enter between 1 and 200 characters", code: "22023" } } });
  const onClose = vi.fn();
  renderApp(<PlaybookDialog playbook={playbook} onClose={onClose} />);
  const dialog = await screen.findByRole("dialog", { name: "Edit Score drop" });
  await userEvent.click(within(dialog).getByRole("button", { name: "Save playbook" }));
  expect(await within(dialog).findByText(/action 1: subject: enter between 1 and 200 characters/)).toBeInTheDocument();
  expect(onClose).not.toHaveBeenCalled();
});

test("a name another playbook has is refused on the name field", async () => {
  mockRpc({ save_playbook: { data: null, error: { message: 'duplicate key value violates unique constraint "playbooks_name_key"', code: "23505" } } });
  renderApp(<PlaybookDialog playbook={playbook} onClose={() => {}} />);
  const dialog = await screen.findByRole("dialog", { name: "Edit Score drop" });
  await userEvent.click(within(dialog).getByRole("button", { name: "Save playbook" }));
  expect(await within(dialog).findByText("A playbook with this name already exists")).toBeInTheDocument();
});

test("a condition out of range is refused on its field, and nothing is sent", async () => {
  mockRpc({ save_playbook: { data: "p1", error: null } });
  renderApp(<PlaybookDialog playbook={playbook} onClose={() => {}} />);
  const dialog = await screen.findByRole("dialog", { name: "Edit Score drop" });
  const days = within(dialog).getByLabelText("Within (days)");
  await userEvent.clear(days);
  await userEvent.type(days, "120");
  await userEvent.click(within(dialog).getByRole("button", { name: "Save playbook" }));
  expect(await within(dialog).findByText("A whole number between 1 and 90")).toBeInTheDocument();
  expect(queryLog).toEqual([]);
});
