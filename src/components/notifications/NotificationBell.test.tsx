import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router-dom";
import { RequireAuth } from "@/components/auth/RequireAuth";
import { badgeText } from "@/components/notifications/badgeText";
import { NotificationBell } from "@/components/notifications/NotificationBell";
import { renderApp } from "@/test/render";
import { fakeSession, mockTables, queryLog, resetSupabaseMock, signedInAs } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

beforeEach(() => {
  resetSupabaseMock();
  signedInAs(fakeSession({ id: "user-1" }));
});

const approval = {
  id: "n1",
  kind: "approval.requested",
  title: "Approve Acme expansion",
  body: "Discount 30 % needs your approval",
  link: "/approvals",
  read_at: null,
  created_at: "2025-01-01T10:00:00Z",
};
const old = { ...approval, id: "n2", kind: "customer.critical", title: "Globex turned critical", body: null, link: "/customers/c1", read_at: "2025-01-01T11:00:00Z" };

function renderBell() {
  return renderApp(
    <RequireAuth>
      <Routes>
        <Route path="/" element={<NotificationBell />} />
        <Route path="/approvals" element={<h1>Approvals inbox</h1>} />
      </Routes>
    </RequireAuth>,
  );
}

test("the badge counts unread notifications and caps at 99+", () => {
  expect(badgeText(3)).toBe("3");
  expect(badgeText(99)).toBe("99");
  expect(badgeText(120)).toBe("99+");
});

test("shows the unread count, lists the newest notifications, and opening one marks it read and follows its link", async () => {
  const user = userEvent.setup();
  let unread = 1;
  mockTables({
    notifications: (calls) => {
      if (calls.includes("update")) {
        unread = 0;
        return { data: null, error: null };
      }
      if (calls.includes("limit")) return { data: [unread ? approval : { ...approval, read_at: "now" }, old], error: null };
      return { data: null, error: null, count: unread } as { data: null; error: null };
    },
  });
  renderBell();

  const bell = await screen.findByRole("button", { name: "Notifications, 1 unread" });
  await user.click(bell);
  const item = await screen.findByRole("menuitem", { name: /Approve Acme expansion \(unread\)/ });
  expect(screen.getByRole("menuitem", { name: /Globex turned critical/ })).toBeInTheDocument();

  await user.click(item);
  expect(await screen.findByRole("heading", { name: "Approvals inbox" })).toBeInTheDocument();
  const update = queryLog.filter((entry) => entry.table === "notifications" && entry.method === "update");
  expect(update).toHaveLength(1);
  expect(queryLog.filter((entry) => entry.method === "eq").map((entry) => entry.args)).toContainEqual(["id", "n1"]);
  await waitFor(() => expect(screen.queryByTestId("notification-count")).not.toBeInTheDocument());
});

test("says so when there is nothing, and marks all read in one request", async () => {
  const user = userEvent.setup();
  mockTables({
    notifications: (calls) => {
      if (calls.includes("update")) return { data: null, error: null };
      if (calls.includes("limit")) return { data: [], error: null };
      return { data: null, error: null, count: 2 } as { data: null; error: null };
    },
  });
  renderBell();

  await user.click(await screen.findByRole("button", { name: "Notifications, 2 unread" }));
  expect(await screen.findByText("You have no notifications.")).toBeInTheDocument();
  await user.click(screen.getByRole("button", { name: "Mark all read" }));
  await waitFor(() => expect(queryLog.filter((entry) => entry.method === "update")).toHaveLength(1));
  // Every unread row of the user, not one id.
  expect(queryLog.filter((entry) => entry.method === "eq").map((entry) => entry.args)).not.toContainEqual(["id", expect.anything()]);
});
