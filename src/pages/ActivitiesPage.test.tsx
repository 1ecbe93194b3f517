import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { RequireAuth } from "@/components/auth/RequireAuth";
import ActivitiesPage from "@/pages/ActivitiesPage";
import { renderApp } from "@/test/render";
import { fakeSession, mockTables, queryLog, resetSupabaseMock, signedInAs } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

beforeEach(() => {
  resetSupabaseMock();
  signedInAs(fakeSession({ id: "user-1" }));
});

const task = (id: string, subject: string, due_at: string, refs: Record<string, unknown> = {}) => ({
  id,
  type: "task",
  subject,
  due_at,
  done: false,
  next_action: null,
  deal_id: null,
  account_id: null,
  lead_id: null,
  contact_id: null,
  deal: null,
  account: null,
  lead: null,
  contact: null,
  ...refs,
});

const renderPage = () =>
  renderApp(
    <RequireAuth>
      <ActivitiesPage />
    </RequireAuth>,
  );

test("splits my open tasks into overdue, due today and upcoming, linking each to its record", async () => {
  const today = new Date();
  today.setHours(12, 0, 0, 0);
  const overdue = task("t1", "Chase the signature", "2020-01-01T09:00:00Z", { deal_id: "d1", deal: { name: "Acme expansion" } });
  const dueToday = task("t2", "Prepare the demo", today.toISOString(), { account_id: "a1", account: { name: "Globex" } });
  // The bucket comes from the query's due_at range, so answer each range with its own rows.
  mockTables({
    activities: (calls) => {
      const gte = calls.includes("gte");
      const lt = calls.includes("lt");
      const rows = !gte && lt ? [overdue] : gte && lt ? [dueToday] : [];
      return { data: rows, error: null, count: rows.length };
    },
  });
  renderPage();

  const overdueRegion = await screen.findByRole("region", { name: "Overdue" });
  expect(await within(overdueRegion).findByText("Chase the signature")).toBeInTheDocument();
  expect(within(overdueRegion).getByRole("link", { name: "Acme expansion" })).toHaveAttribute("href", "/deals/d1");
  const todayRegion = screen.getByRole("region", { name: "Due today" });
  expect(within(todayRegion).getByRole("link", { name: "Globex" })).toHaveAttribute("href", "/accounts/a1");
  expect(within(screen.getByRole("region", { name: "Upcoming" })).getByText(/Nothing planned yet/)).toBeInTheDocument();

  const filters = queryLog.filter((entry) => entry.method === "eq").map((entry) => entry.args);
  expect(filters).toContainEqual(["owner_id", "user-1"]);
  expect(filters).toContainEqual(["done", false]);
});

test("ticking a task marks it done in the database and takes it off the list at once", async () => {
  const user = userEvent.setup();
  let done = false;
  mockTables({
    activities: (calls) => {
      if (calls.includes("update")) {
        done = true;
        return { data: [{ id: "t1" }], error: null };
      }
      const rows = calls.includes("gte") || done ? [] : [task("t1", "Chase the signature", "2020-01-01T09:00:00Z")];
      return { data: rows, error: null, count: rows.length };
    },
  });
  renderPage();

  await user.click(await screen.findByRole("checkbox", { name: "Done: Chase the signature" }));
  await waitFor(() => expect(screen.queryByText("Chase the signature")).toBeNull());
  expect(queryLog).toContainEqual(expect.objectContaining({ method: "update", args: [{ done: true }] }));
  expect(screen.getByText("Nothing overdue.")).toBeInTheDocument();
});

test("shows the database's message when the tasks cannot be read", async () => {
  mockTables({ activities: { data: null, error: new Error("permission denied for table activities") } });
  renderPage();
  expect(await screen.findByRole("alert")).toHaveTextContent("permission denied for table activities");
});
