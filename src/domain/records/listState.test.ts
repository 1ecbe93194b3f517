import { dealModel } from "@/domain/records/deals";
import { leadModel } from "@/domain/records/leads";
import {
  activeFilterCount,
  canSortBy,
  effectiveOrder,
  isNarrowed,
  cleanFilterValue,
  emptyListState,
  fromSavedView,
  matchesSavedView,
  pageRange,
  readListState,
  searchTerm,
  toListQuery,
  toSavedView,
  visibleColumns,
  visibleOwners,
  withOwnerScope,
  writeListState,
} from "@/domain/records/listState";

const ME = "00000000-0000-4000-b000-000000000004";
const STAGE = "11111111-1111-4111-8111-111111111111";

describe("list state in the URL", () => {
  it("a fresh list has a clean URL and the model's defaults", () => {
    const state = readListState(new URLSearchParams(), dealModel);
    expect(state).toEqual(emptyListState(dealModel));
    expect(writeListState(state, dealModel).toString()).toBe("");
  });

  it("round-trips search, filters, sort, page, size and columns", () => {
    const params = new URLSearchParams(
      `q=acme&f.status=open,won&f.stage=${STAGE}&f.amount=1000..&f.close=2026-01-01..2026-03-31&f.owner=me&sort=-amount,name&page=3&size=50&cols=name,amount`,
    );
    const state = readListState(params, dealModel);
    expect(state).toMatchObject({
      search: "acme",
      filters: { status: "open,won", stage: STAGE, amount: "1000..", close: "2026-01-01..2026-03-31", owner: "me" },
      sort: [
        { column: "amount", ascending: false },
        { column: "name", ascending: true },
      ],
      page: 3,
      pageSize: 50,
      columns: ["name", "amount"],
    });
    expect(readListState(writeListState(state, dealModel), dealModel)).toEqual(state);
  });

  it("drops what the model does not know or what is malformed", () => {
    const state = readListState(
      new URLSearchParams("f.status=open,nonsense&f.stage=not-a-uuid&f.bogus=1&sort=-owner_name,-secret&page=-2&size=7&cols=name,secret&f.amount=abc..5&f.close=2026-13"),
      dealModel,
    );
    expect(state.filters).toEqual({ status: "open" });
    expect(state.sort).toEqual(dealModel.defaultSort);
    expect(state.page).toBe(1);
    expect(state.pageSize).toBe(25);
    expect(state.columns).toEqual(["name"]);
  });

  it("shows the default columns unless the state chose some, in the chosen order", () => {
    const defaults = visibleColumns({ columns: null }, leadModel).map((c) => c.id);
    expect(defaults).toContain("company");
    expect(defaults).not.toContain("phone");
    expect(visibleColumns({ columns: ["phone", "company"] }, leadModel).map((c) => c.id)).toEqual(["phone", "company"]);
  });
});

describe("the query a list stands for", () => {
  it("turns filters into column conditions, resolving 'me' to the reader", () => {
    const state = readListState(
      new URLSearchParams(`f.status=open,won&f.stage=${STAGE}&f.amount=1000..5000&f.close=..2026-03-31&f.owner=me&f.stale=true&f.type=renewal`),
      dealModel,
    );
    expect(toListQuery(state, dealModel, ME).filters).toEqual([
      { column: "status", op: "in", value: ["open", "won"] },
      { column: "stage_id", op: "eq", value: STAGE },
      { column: "owner_id", op: "eq", value: ME },
      { column: "deal_type", op: "eq", value: "renewal" },
      { column: "amount", op: "gte", value: 1000 },
      { column: "amount", op: "lte", value: 5000 },
      { column: "expected_close_date", op: "lte", value: "2026-03-31" },
      { column: "is_stale", op: "eq", value: true },
    ]);
  });

  it("searches the model's columns with a term safe for ilike and PostgREST's or()", () => {
    expect(toListQuery({ search: "  Acme, (Inc) 50%_off*  ", filters: {}, sort: [] }, leadModel, ME)).toEqual({
      filters: [],
      search: { words: ["Acme", "Inc", "50", "off"], columns: ["company", "first_name", "last_name", "email"] },
      order: leadModel.defaultSort,
    });
    expect(searchTerm("%%%")).toBeNull();
    expect(activeFilterCount({ search: " ", filters: { a: "1", b: "" } })).toBe(1);
  });

  it("pages as PostgREST's inclusive ranges", () => {
    expect(pageRange(1, 25)).toEqual([0, 24]);
    expect(pageRange(3, 50)).toEqual([100, 149]);
  });

  it("cleans enum, boolean and range values", () => {
    const filter = (id: string) => dealModel.filters.find((f) => f.id === id)!;
    expect(cleanFilterValue(filter("status"), "won,won,open")).toBe("won,open");
    expect(cleanFilterValue(filter("stale"), "yes")).toBeNull();
    expect(cleanFilterValue(filter("amount"), "..")).toBeNull();
    expect(cleanFilterValue(filter("close"), "2026-01-01..")).toBe("2026-01-01..");
  });
});

describe("saved views", () => {
  it("store the search with the filters, and come back as the same list on page 1", () => {
    const state = { ...readListState(new URLSearchParams("q=acme&f.status=open&sort=-amount&cols=name,amount&page=4"), dealModel) };
    const saved = toSavedView(state);
    expect(saved).toEqual({
      filters: { status: "open", q: "acme" },
      sort: [{ column: "amount", ascending: false }],
      columns: ["name", "amount"],
    });
    const view = { id: "22222222-2222-4222-8222-222222222222", ...saved };
    const restored = fromSavedView(view, dealModel);
    expect(restored).toMatchObject({ search: "acme", filters: { status: "open" }, page: 1, view: view.id });
    expect(matchesSavedView(restored, saved)).toBe(true);
    expect(matchesSavedView({ ...restored, filters: {} }, saved)).toBe(false);
  });

  it("ignore parts of a view the list no longer knows", () => {
    const restored = fromSavedView(
      { id: "22222222-2222-4222-8222-222222222222", filters: { gone: "x", status: 5 }, sort: [{ column: "gone" }, "junk"], columns: ["gone"] },
      dealModel,
    );
    expect(restored.filters).toEqual({});
    expect(restored.sort).toEqual(dealModel.defaultSort);
    expect(restored.columns).toBeNull();
  });
});

describe("the reader's owner scope", () => {
  const people = [
    { id: "rep", team_id: "east" },
    { id: "rep2", team_id: "east" },
    { id: "west", team_id: "west" },
    { id: "boss", team_id: null },
  ];
  const teams = [
    { id: "east", manager_id: "boss" },
    { id: "west", manager_id: "other" },
  ];

  it("is the rep, a manager and their teams, or everyone for executives, admins and shared directories", () => {
    expect(visibleOwners("sales", { id: "rep", role: "rep" }, people, teams)).toEqual(["rep"]);
    expect(visibleOwners("sales", { id: "boss", role: "manager" }, people, teams)).toEqual(["boss", "rep", "rep2"]);
    expect(visibleOwners("sales", { id: "boss", role: "rep" }, people, teams)).toEqual(["boss"]);
    expect(visibleOwners("sales", { id: "x", role: "executive" }, people, teams)).toBeNull();
    expect(visibleOwners("sales", { id: "x", role: "admin" }, people, teams)).toBeNull();
    expect(visibleOwners("organisation", { id: "rep", role: "rep" }, people, teams)).toBeNull();
    expect(visibleOwners("customer_success", { id: "cs", role: "cs_manager", is_lead_csm: true }, people, teams)).toBeNull();
    expect(visibleOwners("sales", { id: "cs", role: "cs_manager", is_lead_csm: true }, people, teams)).toEqual(["cs"]);
  });

  it("goes in front of the list's own filters", () => {
    const query = { filters: [{ column: "status", op: "eq" as const, value: "open" }], search: null, order: [] };
    expect(withOwnerScope(query, ["rep"]).filters[0]).toEqual({ column: "owner_id", op: "eq", value: "rep" });
    expect(withOwnerScope(query, ["a", "b"]).filters[0]).toEqual({ column: "owner_id", op: "in", value: ["a", "b"] });
    expect(withOwnerScope(query, null)).toBe(query);
  });
});

describe("text filters (one exact value of a free-text column)", () => {
  const spec = { id: "industry", label: "Industry", kind: "text", column: "industry" } as const;
  const model = { filters: [spec], searchColumns: ["name"], defaultSort: [{ column: "name", ascending: true }] };

  it("keeps a trimmed value and drops empty or overlong ones", () => {
    expect(cleanFilterValue(spec, "  Software ")).toBe("Software");
    expect(cleanFilterValue(spec, "   ")).toBeNull();
    expect(cleanFilterValue(spec, "x".repeat(201))).toBeNull();
  });

  it("asks the database for that value exactly", () => {
    expect(toListQuery({ search: "", filters: { industry: "Software" }, sort: [] }, model, ME).filters).toEqual([
      { column: "industry", op: "eq", value: "Software" },
    ]);
  });
});

describe("default filters (a list that starts narrowed, like active customers)", () => {
  const model = { ...leadModel, defaultFilters: { status: "new,contacted" } };

  it("applies them when the URL names no filter, and keeps that URL clean", () => {
    const state = readListState(new URLSearchParams(), model);
    expect(state.filters).toEqual({ status: "new,contacted" });
    expect(writeListState(state, model).toString()).toBe("");
    expect(emptyListState(model).filters).toEqual({ status: "new,contacted" });
  });

  it("takes the URL's filters instead, and remembers that the user removed them all", () => {
    expect(readListState(new URLSearchParams("f.source=event"), model).filters).toEqual({ source: "event" });
    const cleared = { ...readListState(new URLSearchParams(), model), filters: {} };
    const url = writeListState(cleared, model);
    expect(url.toString()).toBe("f=none");
    expect(readListState(url, model).filters).toEqual({});
  });

  it("leaves lists without defaults as they were", () => {
    const state = { ...readListState(new URLSearchParams(), leadModel), filters: {} };
    expect(writeListState(state, leadModel).toString()).toBe("");
  });

  it("applies a saved view's filters as saved, even none", () => {
    expect(fromSavedView({ id: "11111111-1111-4111-8111-111111111111", filters: {}, sort: [], columns: [] }, model).filters).toEqual({});
  });
});

describe("orders the database can serve", () => {
  it("sorts a narrowed list by any sortable column, a whole organisation's only by indexed ones", () => {
    const amount = dealModel.columns.find((c) => c.id === "amount")!;
    const close = dealModel.columns.find((c) => c.id === "expected_close_date")!;
    expect(canSortBy(amount, true)).toBe(true);
    expect(canSortBy(amount, false)).toBe(false);
    expect(canSortBy(close, false)).toBe(true);
    const byAmount = [{ column: "amount", ascending: false }];
    expect(effectiveOrder(byAmount, dealModel, true)).toEqual(byAmount);
    expect(effectiveOrder(byAmount, dealModel, false)).toEqual(dealModel.defaultSort);
    expect(isNarrowed({ filters: [{ column: "owner_id", op: "eq", value: "x" }] })).toBe(true);
    expect(isNarrowed({ filters: [{ column: "status", op: "eq", value: "open" }] })).toBe(false);
  });
});
