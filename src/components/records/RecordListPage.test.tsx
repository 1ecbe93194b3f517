import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes, useLocation } from "react-router-dom";
import { RequireAuth } from "@/components/auth/RequireAuth";
import { dealRecords } from "@/components/records/configs/deals";
import { RecordListPage } from "@/components/records/RecordListPage";
import { renderApp } from "@/test/render";
import { fakeSession, mockRpc, mockTables, queryLog, resetSupabaseMock, signedInAs } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

const profile = { id: "user-1", email: "rita@example.com", full_name: "Rita Rep", title: null, role: "rep", org_id: "org-1", team_id: "east", active: true, must_change_password: false, organizations: { name: "Acme" } };

const deal = (n: number) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  name: `Deal ${n}`,
  account_id: "a1",
  account_name: "Acme",
  stage_name: "Proposal",
  stage_colour: "#8b5cf6",
  amount: 1000 * n,
  currency: "USD",
  expected_close_date: "2026-03-01",
  probability: 50,
  owner_name: "Rita Rep",
  status: "open",
});

function Location() {
  const location = useLocation();
  return <output data-testid="location">{location.search}</output>;
}

function renderDeals(route: string, dealList: Parameters<typeof mockTables>[0][string], role = "rep") {
  signedInAs(fakeSession());
  mockTables({ profiles: { data: { ...profile, role }, error: null }, deal_list: dealList, saved_views: { data: [], error: null } });
  return renderApp(
    <Routes>
      <Route
        path="/deals"
        element={
          <RequireAuth>
            <RecordListPage config={dealRecords} />
            <Location />
          </RequireAuth>
        }
      />
    </Routes>,
    { route },
  );
}

/** deal_list answers the page query with rows and the count query (a HEAD) with a count. */
const pageAndCount = (rows: unknown[], count: number) => (calls: string[]) =>
  calls.includes("range") ? { data: rows, error: null } : { data: null, error: null, count };

beforeEach(resetSupabaseMock);

// The first render loads the profile, then the page and its count: generous on a loaded machine.
const SLOW = { timeout: 10_000 };

test("shows a page of rows from the database with its count, and asks with the URL's search, filters, sort and the reader's scope", async () => {
  renderDeals("/deals?q=acme%20big&f.status=open,won&sort=-amount&page=2", pageAndCount(Array.from({ length: 26 }, (_, i) => deal(i + 1)), 80));

  expect(await screen.findByRole("link", { name: "Deal 1" }, SLOW)).toHaveAttribute("href", "/deals/00000000-0000-4000-8000-000000000001");
  expect(await screen.findByText("26–50 of 80", {}, SLOW)).toBeInTheDocument();
  expect(screen.getByText("Page 2 of 4")).toBeInTheDocument();
  expect(screen.getByRole("columnheader", { name: /Amount/ })).toHaveAttribute("aria-sort", "descending");
  expect(screen.getByRole("button", { name: /Next/ })).toBeEnabled();

  const sent = queryLog.filter((entry) => entry.table === "deal_list").map((entry) => [entry.method, ...entry.args]);
  expect(sent).toContainEqual(["eq", "owner_id", "user-1"]);
  expect(sent).toContainEqual(["in", "status", ["open", "won"]]);
  expect(sent).toContainEqual(["or", "name.ilike.*acme*"]);
  expect(sent).toContainEqual(["or", "name.ilike.*big*"]);
  expect(sent).toContainEqual(["order", "amount", { ascending: false, nullsFirst: false }]);
  expect(sent).toContainEqual(["order", "id", { ascending: false }]);
  expect(sent).toContainEqual(["range", 25, 50]);
  // The full page (26 rows for 25) is why the count was asked for.
  expect(sent).toContainEqual(["select", "id", { count: "estimated", head: true }]);
});

test("sorting by a column and removing a filter chip change the URL and go back to page 1", async () => {
  const user = userEvent.setup();
  renderDeals("/deals?f.status=open&page=3", pageAndCount([deal(1)], 51));
  await screen.findByRole("link", { name: "Deal 1" }, SLOW);

  await user.click(screen.getByRole("button", { name: /Close date/ }));
  await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("?f.status=open&sort=-expected_close_date"), SLOW);

  await user.click(within(screen.getByRole("list", { name: "Active filters" })).getByRole("button", { name: "Remove the Status filter" }));
  await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("?sort=-expected_close_date"), SLOW);
});

test("says when nothing matches, and clears the search and filters on request", async () => {
  const user = userEvent.setup();
  renderDeals("/deals?q=zzz&f.status=lost", pageAndCount([], 0));

  expect(await screen.findByText("No deals match", {}, SLOW)).toBeInTheDocument();
  await user.click(screen.getByRole("button", { name: "Clear search and filters" }));
  await waitFor(() => expect(screen.getByTestId("location")).toBeEmptyDOMElement(), SLOW);
});

test("shows the database's error with a way to try again", async () => {
  const user = userEvent.setup();
  let fail = true;
  renderDeals("/deals", (calls) =>
    fail && calls.includes("range") ? { data: null, error: { message: "canceling statement due to statement timeout", code: "57014" } } : pageAndCount([deal(3)], 1)(calls),
  );

  expect(await screen.findByText("Could not load the deals", {}, SLOW)).toBeInTheDocument();
  expect(screen.getByText("canceling statement due to statement timeout")).toBeInTheDocument();
  fail = false;
  await user.click(screen.getByRole("button", { name: "Try again" }));
  expect(await screen.findByRole("link", { name: "Deal 3" }, SLOW)).toBeInTheDocument();
});

test("an executive's search goes through search_deal_list, with the other filters on top", async () => {
  mockRpc({ search_deal_list: { data: [deal(5)], error: null, count: 1 } as never });
  renderDeals("/deals?q=acme&f.status=open&sort=-amount", pageAndCount([], 0), "executive");

  expect(await screen.findByRole("link", { name: "Deal 5" }, SLOW)).toBeInTheDocument();
  const rpc = queryLog.filter((entry) => entry.table === "rpc:search_deal_list").map((entry) => [entry.method, ...entry.args]);
  expect(rpc).toContainEqual(["rpc", { search: "acme" }]);
  expect(rpc).toContainEqual(["eq", "status", "open"]);
  expect(rpc.some(([method]) => method === "or")).toBe(false);
  expect(queryLog.some((entry) => entry.table === "deal_list")).toBe(false);
  // No index orders a whole organisation's deals by amount: the list keeps the close-date order.
  expect(rpc).toContainEqual(["order", "expected_close_date", { ascending: true }]);
  expect(screen.getByRole("columnheader", { name: /Close date/ })).toHaveAttribute("aria-sort", "ascending");
  expect(within(screen.getByRole("columnheader", { name: /Amount/ })).queryByRole("button")).toBeNull();
});

test("a page that is not full gives the total without asking the database to count", async () => {
  renderDeals("/deals?page=3", pageAndCount([deal(1), deal(2)], 999));
  expect(await screen.findByText("51–52 of 52", {}, SLOW)).toBeInTheDocument();
  expect(screen.getByText("Page 3 of 3")).toBeInTheDocument();
  expect(queryLog.some((entry) => entry.table === "deal_list" && entry.method === "select" && (entry.args[1] as { head?: boolean } | undefined)?.head)).toBe(false);
});

test("shows each deal's score with its class, and a dash for a deal not scored yet", async () => {
  renderDeals("/deals", pageAndCount([{ ...deal(1), score: 82, score_class: "A" }, { ...deal(2), score: null, score_class: null }], 2));
  const scored = (await screen.findByRole("link", { name: "Deal 1" }, SLOW)).closest("tr")!;
  expect(screen.getByRole("columnheader", { name: /Score/ })).toBeInTheDocument();
  expect(within(scored).getByRole("img", { name: "Deal score 82 of 100, class A" })).toBeInTheDocument();
  const unscored = screen.getByRole("link", { name: "Deal 2" }).closest("tr")!;
  expect(within(unscored).queryByTestId("deal-score")).toBeNull();
});
