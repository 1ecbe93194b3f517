import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { PolicyDialog } from "@/components/settings/approvals/PolicyDialog";
import { renderApp } from "@/test/render";
import { mockRpc, queryLog, resetSupabaseMock } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

beforeEach(() => resetSupabaseMock());

const people = [{ id: "u-grace", full_name: "Grace Hopper", role: "executive" }];

async function openNew(onClose = vi.fn()) {
  renderApp(<PolicyDialog classes={["A", "B", "C", "D"]} people={people} onClose={onClose} />);
  const dialog = await screen.findByRole("dialog", { name: "New approval policy" });
  await userEvent.type(within(dialog).getByLabelText("Name"), "Deep discounts");
  await userEvent.type(within(dialog).getByLabelText("Discount above (%)"), "25");
  return dialog;
}

const saves = () => queryLog.filter((entry) => entry.table === "rpc:save_approval_policy");

test("a policy with no steps is refused on the form, before asking the database", async () => {
  mockRpc({ save_approval_policy: { data: {}, error: null } });
  const dialog = await openNew();
  await userEvent.click(within(dialog).getByRole("button", { name: "Remove step 1" }));
  await userEvent.click(within(dialog).getByRole("button", { name: "Create policy" }));

  expect(await within(dialog).findByText("A policy needs at least one step: who approves?")).toBeInTheDocument();
  expect(saves()).toHaveLength(0);
});

test("a step with neither a role nor named people is refused on the step", async () => {
  mockRpc({ save_approval_policy: { data: {}, error: null } });
  const dialog = await openNew();
  await userEvent.click(within(dialog).getByRole("combobox", { name: "Step 1 approver role" }));
  await userEvent.click(await screen.findByRole("option", { name: "No role: only the people below" }));
  await userEvent.click(within(dialog).getByRole("button", { name: "Create policy" }));

  expect(await within(dialog).findByText("Choose who approves: a role, named people, or both")).toBeInTheDocument();
  expect(saves()).toHaveLength(0);
});

test("the database's refusal of the steps is shown above them, and the dialog stays open", async () => {
  mockRpc({
    save_approval_policy: { data: null, error: { code: "23514", message: "Step 1: u-grace is not an active member of this organisation", hint: "unknown_approver", details: null } },
  });
  const onClose = vi.fn();
  const dialog = await openNew(onClose);
  await userEvent.click(within(dialog).getByRole("checkbox", { name: "Grace Hopper (Executive)" }));
  await userEvent.click(within(dialog).getByRole("button", { name: "Create policy" }));

  expect(await within(dialog).findByRole("alert")).toHaveTextContent("Step 1: u-grace is not an active member of this organisation");
  await waitFor(() => expect(saves()).toHaveLength(1));
  expect(saves()[0]!.args[0]).toMatchObject({
    policy: { name: "Deep discounts", discount_above: 25, steps: [{ name: null, approver_role: "manager", approver_ids: ["u-grace"] }] },
  });
  expect(onClose).not.toHaveBeenCalled();
});
