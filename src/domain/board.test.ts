import {
  allowedTargets,
  appendCards,
  applyMove,
  classifyMoveError,
  confirmMove,
  formatTotal,
  hasMoreCards,
  nextPageCursor,
  revertMove,
  staleReason,
  toBoardColumn,
  weightedAmount,
  type Board,
  type BoardColumn,
  type BoardDeal,
} from "@/domain/board";

const NOW = new Date("2025-03-14T12:00:00Z");

const deal = (id: string, overrides: Partial<BoardDeal> = {}): BoardDeal => ({
  id,
  name: `Deal ${id}`,
  owner_id: "rep",
  owner_name: "Rita Rep",
  account_id: "acc",
  account_name: "Acme",
  pipeline_id: "p",
  stage_id: "lead",
  status: "open",
  amount: 1000,
  currency: "USD",
  probability: 10,
  weighted_amount: 100,
  expected_close_date: "2025-04-01",
  stage_entered_at: "2025-01-01T00:00:00Z",
  days_in_stage: 72,
  is_stale: true,
  version: 3,
  ...overrides,
});

const column = (stage_id: string, win_probability: number, deals: BoardDeal[], extra: Partial<BoardColumn> = {}): BoardColumn => ({
  stage_id,
  name: stage_id,
  colour: "#64748b",
  position: 0,
  win_probability,
  rotting_days: 14,
  is_won: false,
  is_lost: false,
  deal_count: deals.length,
  amount: deals.reduce((sum, d) => sum + (d.amount ?? 0), 0),
  weighted_amount: deals.reduce((sum, d) => sum + (d.weighted_amount ?? 0), 0),
  deals,
  ...extra,
});

const a = deal("a");
const b = deal("b", { expected_close_date: "2025-05-01", amount: 2500.5, weighted_amount: 250.05 });
const board = (): Board => ({
  columns: [
    column("lead", 10, [a, b]),
    column("proposal", 50, [deal("c", { stage_id: "proposal", expected_close_date: "2025-03-20", probability: 50, weighted_amount: 500 })]),
    column("won", 100, [], { is_won: true, rotting_days: null }),
  ],
});

describe("applyMove", () => {
  it("moves the card in close-date order and shifts both columns' totals by that one deal", () => {
    const moved = applyMove(board(), { deal: a, fromStageId: "lead", toStageId: "proposal" }, NOW);
    const [lead, proposal] = moved.columns;
    expect(lead!.deals.map((d) => d.id)).toEqual(["b"]);
    expect(lead).toMatchObject({ deal_count: 1, amount: 2500.5, weighted_amount: 250.05 });
    expect(proposal!.deals.map((d) => d.id)).toEqual(["c", "a"]);
    expect(proposal).toMatchObject({ deal_count: 2, amount: 2000, weighted_amount: 1000 });
    // The card takes the stage's probability and a fresh clock, so it is no longer stale.
    expect(proposal!.deals[1]).toMatchObject({
      stage_id: "proposal",
      probability: 50,
      weighted_amount: 500,
      days_in_stage: 0,
      is_stale: false,
      stage_entered_at: NOW.toISOString(),
    });
  });

  it("sets won or lost from the target stage", () => {
    const moved = applyMove(board(), { deal: b, fromStageId: "lead", toStageId: "won" }, NOW);
    expect(moved.columns[2]!.deals[0]).toMatchObject({ status: "won", probability: 100, weighted_amount: 2500.5 });
    expect(moved.columns[2]).toMatchObject({ deal_count: 1, amount: 2500.5, weighted_amount: 2500.5 });
  });

  it("leaves the card to a later page when the target column is not loaded that far, but counts it", () => {
    const partial = board();
    partial.columns[1] = { ...partial.columns[1]!, deal_count: 400 };
    const moved = applyMove(partial, { deal: b, fromStageId: "lead", toStageId: "proposal" }, NOW);
    expect(moved.columns[1]!.deals.map((d) => d.id)).toEqual(["c"]);
    expect(moved.columns[1]!.deal_count).toBe(401);
  });

  it("does nothing for a drop on the same stage or an unknown one", () => {
    const before = board();
    expect(applyMove(before, { deal: a, fromStageId: "lead", toStageId: "lead" })).toBe(before);
    expect(applyMove(before, { deal: a, fromStageId: "lead", toStageId: "nowhere" })).toBe(before);
  });
});

describe("revertMove", () => {
  it("puts the card and both columns' totals back exactly", () => {
    const before = board();
    const move = { deal: a, fromStageId: "lead", toStageId: "proposal" };
    expect(revertMove(applyMove(before, move, NOW), move)).toEqual(before);
  });

  it("keeps another move made meanwhile", () => {
    const first = { deal: a, fromStageId: "lead", toStageId: "proposal" };
    const second = { deal: b, fromStageId: "lead", toStageId: "won" };
    const both = applyMove(applyMove(board(), first, NOW), second, NOW);
    const reverted = revertMove(both, first);
    expect(reverted.columns.map((c) => c.deals.map((d) => d.id))).toEqual([["a"], ["c"], ["b"]]);
    expect(reverted.columns[0]).toMatchObject({ deal_count: 1, amount: 1000, weighted_amount: 100 });
    expect(reverted.columns[2]).toMatchObject({ deal_count: 1, amount: 2500.5 });
  });

  it("brings back the last loaded card of a column that has more pages", () => {
    const partial = board();
    partial.columns[0] = { ...partial.columns[0]!, deal_count: 300 };
    const move = { deal: b, fromStageId: "lead", toStageId: "proposal" };
    expect(revertMove(applyMove(partial, move, NOW), move).columns[0]!.deals.map((d) => d.id)).toEqual(["a", "b"]);
  });
});

test("confirmMove takes the database's version and probability for the card", () => {
  const moved = applyMove(board(), { deal: a, fromStageId: "lead", toStageId: "proposal" }, NOW);
  const confirmed = confirmMove(moved, { id: "a", stage_id: "proposal", version: 4, probability: 50, amount: 1000, status: "open" });
  expect(confirmed.columns[1]!.deals.find((d) => d.id === "a")).toMatchObject({ version: 4, probability: 50, weighted_amount: 500 });
});

test("appendCards adds the next page without showing a card twice, and the cursor follows the last card", () => {
  const more = appendCards(board(), "lead", [b, deal("d", { expected_close_date: "2025-06-01" })]);
  expect(more.columns[0]!.deals.map((d) => d.id)).toEqual(["a", "b", "d"]);
  expect(nextPageCursor(more.columns[0]!)).toEqual({ after_close_date: "2025-06-01", after_id: "d" });
  expect(nextPageCursor(more.columns[2]!)).toBeNull();
  expect(hasMoreCards({ deals: [a], deal_count: 2 })).toBe(true);
  expect(hasMoreCards({ deals: [a], deal_count: 1 })).toBe(false);
});

test("staleReason says how long the deal has idled and that nothing is scheduled", () => {
  expect(staleReason({ is_stale: true, days_in_stage: 45 })).toBe("In stage 45 days, no activity scheduled");
  expect(staleReason({ is_stale: true, days_in_stage: 1 }, 1)).toBe("In stage 1 day (limit 1), no activity scheduled");
  expect(staleReason({ is_stale: false, days_in_stage: 400 })).toBeNull();
  expect(staleReason({ is_stale: null, days_in_stage: 400 })).toBeNull();
});

test("weightedAmount rounds like the database", () => {
  expect(weightedAmount(333.33, 25)).toBe(83.33);
  expect(weightedAmount(null, 25)).toBeNull();
});

test("allowedTargets: any other stage unless transitions are listed", () => {
  const stages = ["lead", "proposal", "won"];
  expect([...allowedTargets("lead", stages, [])]).toEqual(["proposal", "won"]);
  expect([...allowedTargets("lead", stages, [{ from_stage_id: "lead", to_stage_id: "proposal" }])]).toEqual(["proposal"]);
});

describe("classifyMoveError", () => {
  it("reads the database's hints", () => {
    expect(
      classifyMoveError({ code: "P0001", message: "Missing required fields: Amount, Next step", hint: "missing_fields", details: '["amount", "next_step"]' }),
    ).toEqual({ kind: "missing_fields", fields: ["amount", "next_step"], message: "Missing required fields: Amount, Next step" });
    expect(classifyMoveError({ code: "P0001", message: "no", hint: "transition_not_allowed", details: '["s2"]' })).toMatchObject({
      kind: "transition_not_allowed",
      allowed: ["s2"],
    });
    expect(classifyMoveError({ code: "PT409", message: "This deal changed since you loaded it", hint: "stale_version" }).kind).toBe("conflict");
    expect(classifyMoveError({ code: "42501", message: "permission denied" }).kind).toBe("forbidden");
    expect(classifyMoveError({ code: "P0002", message: "Deal not found", hint: "not_found" }).kind).toBe("not_found");
    expect(classifyMoveError(new Error("Failed to fetch"))).toEqual({ kind: "other", message: "Failed to fetch" });
    expect(classifyMoveError({ hint: "missing_fields", details: "not json", message: "x" })).toMatchObject({ fields: [] });
  });
});

test("toBoardColumn reads pipeline_board's row, numbers and cards", () => {
  const row = {
    stage_id: "s",
    name: "Lead",
    colour: "#000000",
    position: 0,
    win_probability: 10,
    rotting_days: null,
    is_won: false,
    is_lost: false,
    deal_count: 2,
    amount: 10,
    weighted_amount: 1,
    deals: [a],
  };
  expect(toBoardColumn(row)).toMatchObject({ deal_count: 2, deals: [a], rotting_days: null });
  expect(toBoardColumn({ ...row, deals: null }).deals).toEqual([]);
});

test("formatTotal shows whole units, compact from a billion, and a dash for nothing", () => {
  expect(formatTotal(2_643_000, "USD")).toBe("$2,643,000");
  expect(formatTotal(1234.56, "USD")).toBe("$1,235");
  expect(formatTotal("1000.4", "EUR")).toBe("€1,000");
  expect(formatTotal(0, "USD")).toBe("$0");
  expect(formatTotal(1_250_000_000, "USD")).toBe("$1.3B");
  expect(formatTotal(null, "USD")).toBe("—");
  expect(formatTotal("abc", "USD")).toBe("—");
});
