import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ActivityTimeline } from "@/components/activities/ActivityTimeline";
import { renderApp } from "@/test/render";
import { mockTables, queryLog, resetSupabaseMock } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

beforeEach(() => resetSupabaseMock());

const activity = (overrides: Record<string, unknown>) => ({
  id: "a1",
  type: "call",
  subject: "Discovery call",
  body: null,
  outcome: null,
  sentiment: null,
  next_action: null,
  occurred_at: "2025-03-10T10:00:00+00:00",
  due_at: null,
  done: true,
  done_at: null,
  owner_id: "u1",
  owner: { full_name: "Rita Rep" },
  ...overrides,
});

test("lists a record's activities newest first, with outcome, sentiment and the owner", async () => {
  mockTables({
    activities: {
      data: [
        activity({ id: "a2", type: "task", subject: "Send proposal", due_at: "2099-01-01T09:00:00+00:00", done: false }),
        activity({ outcome: "Agreed on a demo", sentiment: "positive", next_action: "Book the demo" }),
      ],
      error: null,
    },
  });
  renderApp(<ActivityTimeline subject={{ type: "deal", id: "deal-1" }} />);

  const list = await screen.findByRole("list", { name: "Activities, newest first" });
  const items = within(list).getAllByRole("listitem");
  expect(items).toHaveLength(2);
  expect(items[0]).toHaveTextContent("Send proposal");
  expect(within(items[0]!).getByRole("checkbox", { name: "Done: Send proposal" })).not.toBeChecked();
  expect(items[1]).toHaveTextContent("Agreed on a demo");
  expect(items[1]).toHaveTextContent("Positive");
  expect(items[1]).toHaveTextContent("Book the demo");
  expect(items[1]).toHaveTextContent("Rita Rep");
  // A logged call has no due date, so nothing to tick.
  expect(within(items[1]!).queryByRole("checkbox")).toBeNull();

  const calls = queryLog.filter((entry) => entry.table === "activities");
  expect(calls).toContainEqual(expect.objectContaining({ method: "eq", args: ["deal_id", "deal-1"] }));
  expect(calls).toContainEqual(expect.objectContaining({ method: "order", args: ["occurred_at", { ascending: false }] }));
  // One row more than a page, to know whether there is another page.
  expect(calls).toContainEqual(expect.objectContaining({ method: "limit", args: [21] }));
  expect(screen.queryByRole("button", { name: "Show older activities" })).toBeNull();
});

test("pages on: a full page offers older activities, asked for after the last one shown", async () => {
  const page = Array.from({ length: 21 }, (_, i) =>
    activity({ id: `a${String(i).padStart(2, "0")}`, subject: `Call ${i}`, occurred_at: `2025-03-${String(28 - i).padStart(2, "0")}T10:00:00+00:00` }),
  );
  const older = activity({ id: "b1", subject: "The first call", occurred_at: "2025-01-01T10:00:00+00:00" });
  mockTables({ activities: (calls) => ({ data: calls.includes("or") ? [older] : page, error: null }) });
  renderApp(<ActivityTimeline subject={{ type: "lead", id: "lead-1" }} />);

  const more = await screen.findByRole("button", { name: "Show older activities" });
  expect(screen.getAllByRole("listitem")).toHaveLength(20);
  await userEvent.click(more);
  await waitFor(() =>
    expect(queryLog).toContainEqual(
      expect.objectContaining({
        method: "or",
        args: ['occurred_at.lt."2025-03-09T10:00:00+00:00",and(occurred_at.eq."2025-03-09T10:00:00+00:00",id.lt.a19)'],
      }),
    ),
  );
  expect(await screen.findByText("The first call")).toBeInTheDocument();
  expect(screen.getAllByRole("listitem")).toHaveLength(21);
  expect(screen.queryByRole("button", { name: "Show older activities" })).toBeNull();
});

test("shows an empty state, and the database's message when it cannot read", async () => {
  mockTables({ activities: { data: [], error: null } });
  const { unmount } = renderApp(<ActivityTimeline subject={{ type: "account", id: "acc-1" }} />);
  expect(await screen.findByText("No activity yet")).toBeInTheDocument();
  unmount();

  mockTables({ activities: { data: null, error: new Error("permission denied for table activities") } });
  renderApp(<ActivityTimeline subject={{ type: "account", id: "acc-1" }} />);
  expect(await screen.findByRole("alert")).toHaveTextContent("permission denied for table activities");
});

test("logs a call on the record from the dialog, and refuses a task without a subject", async () => {
  const user = userEvent.setup();
  mockTables({ activities: (calls) => (calls.includes("insert") ? { data: { id: "new" }, error: null } : { data: [], error: null }) });
  renderApp(<ActivityTimeline subject={{ type: "contact", id: "c-1" }} subjectName="Jane Doe" />);

  await user.click(await screen.findByRole("button", { name: "Add task" }));
  let dialog = screen.getByRole("dialog", { name: "Add task" });
  await user.click(within(dialog).getByRole("button", { name: "Add task" }));
  expect(await within(dialog).findByText("Enter a subject")).toBeInTheDocument();
  await user.click(within(dialog).getByRole("button", { name: "Cancel" }));

  await user.click(screen.getByRole("button", { name: "Log activity" }));
  dialog = screen.getByRole("dialog", { name: "Log activity" });
  expect(dialog).toHaveTextContent("On Jane Doe.");
  await user.type(within(dialog).getByLabelText("Subject"), "Intro call");
  await user.type(within(dialog).getByLabelText("Outcome"), "Interested");
  await user.click(within(dialog).getByRole("button", { name: "Log activity" }));

  await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  const insert = queryLog.find((entry) => entry.method === "insert");
  expect(insert?.args[0]).toMatchObject({ type: "call", subject: "Intro call", outcome: "Interested", contact_id: "c-1", done: true });
});
