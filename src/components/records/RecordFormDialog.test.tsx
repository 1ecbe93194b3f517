import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { RequireAuth } from "@/components/auth/RequireAuth";
import { dealRecords } from "@/components/records/configs/deals";
import { RecordFormDialog } from "@/components/records/RecordFormDialog";
import { renderApp } from "@/test/render";
import { fakeSession, mockTables, queryLog, resetSupabaseMock, signedInAs } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

const profile = { id: "user-1", email: "rita@example.com", full_name: "Rita Rep", title: null, role: "rep", org_id: "org-1", team_id: "east", active: true, must_change_password: false, organizations: { name: "Acme" } };

/** A deal as its detail page reads it, so the form opens with every required field filled. */
const deal = {
  id: "00000000-0000-4000-8000-000000000001",
  version: 3,
  name: "Acme platform",
  account_id: "00000000-0000-4000-8000-00000000000a",
  account: { id: "00000000-0000-4000-8000-00000000000a", name: "Acme" },
  pipeline_id: "00000000-0000-4000-8000-00000000000b",
  stage_id: "00000000-0000-4000-8000-00000000000c",
  stage: { id: "00000000-0000-4000-8000-00000000000c", name: "Proposal", pipeline: { id: "00000000-0000-4000-8000-00000000000b", name: "Sales" } },
  amount: 5000,
  currency: "USD",
  expected_close_date: "2026-06-30",
  probability: 50,
  deal_type: "new",
  forecast_category: "pipeline",
};

type DealsResult = Parameters<typeof mockTables>[0][string];

function editDeal(deals: DealsResult = { data: [{ id: deal.id }], error: null }) {
  signedInAs(fakeSession());
  mockTables({ profiles: { data: profile, error: null }, deals });
  const onClose = vi.fn();
  renderApp(
    <RequireAuth>
      <RecordFormDialog config={dealRecords} record={deal} onClose={onClose} />
    </RequireAuth>,
  );
  return onClose;
}

const writes = () => queryLog.filter((entry) => entry.table === "deals" && (entry.method === "update" || entry.method === "insert"));

beforeEach(resetSupabaseMock);

const SLOW = { timeout: 10_000 };

test("a negative amount, a close date in year 9999 and a 10,000-character name are refused on their fields, and nothing is sent", async () => {
  const user = userEvent.setup();
  const onClose = editDeal();
  const name = await screen.findByRole("textbox", { name: "Deal name" }, SLOW);

  fireEvent.change(name, { target: { value: "x".repeat(10_000) } });
  await user.clear(screen.getByRole("textbox", { name: "Amount" }));
  await user.type(screen.getByRole("textbox", { name: "Amount" }), "-250");
  fireEvent.change(screen.getByLabelText("Expected close date"), { target: { value: "9999-12-31" } });
  await user.click(screen.getByRole("button", { name: "Save" }));

  expect(await screen.findByText("Use at most 200 characters", {}, SLOW)).toBeInTheDocument();
  expect(screen.getByText("Must be 0 or more")).toBeInTheDocument();
  expect(screen.getByText("Choose a date from 2000 to 2100")).toBeInTheDocument();
  expect(screen.getByRole("textbox", { name: "Deal name" })).toHaveAttribute("aria-invalid", "true");
  expect(screen.getByRole("textbox", { name: "Amount" })).toHaveAttribute("aria-invalid", "true");
  expect(writes()).toEqual([]);
  expect(onClose).not.toHaveBeenCalled();
});

test("a stage the database does not know (deleted since the form opened) is refused on the Stage field, and the form stays open", async () => {
  const user = userEvent.setup();
  const refusal = {
    code: "P0001",
    hint: "invalid_stage",
    message: `Unknown stage: ${deal.stage_id} is not a stage of this deal's pipeline`,
  };
  const onClose = editDeal({ data: null, error: refusal });
  await user.click(await screen.findByRole("button", { name: "Save" }, SLOW));

  expect(await screen.findByText(refusal.message, {}, SLOW)).toBeInTheDocument();
  expect(writes().map((entry) => entry.method)).toEqual(["update"]);
  expect(onClose).not.toHaveBeenCalled();
});

test("a value the database still refuses lands on its field in plain words", async () => {
  const user = userEvent.setup();
  const refusal = { code: "23514", message: 'new row for relation "deals" violates check constraint "deals_amount_not_negative"' };
  const onClose = editDeal({ data: null, error: refusal });
  await user.click(await screen.findByRole("button", { name: "Save" }, SLOW));

  await waitFor(() => expect(screen.getByRole("textbox", { name: "Amount" })).toHaveAttribute("aria-invalid", "true"), SLOW);
  expect(screen.getByText("Must be 0 or more")).toBeInTheDocument();
  expect(screen.queryByText(refusal.message)).toBeNull();
  expect(onClose).not.toHaveBeenCalled();
});
