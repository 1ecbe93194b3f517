import {
  describeLimits,
  heldDealsPath,
  moveItem,
  newPipelineSchema,
  nextPosition,
  stageKind,
  stageSchema,
  toStageRow,
  type StageInput,
} from "@/domain/pipelines";
import { formatRole } from "@/lib/format";

const stage = (overrides: Partial<StageInput> = {}): StageInput => ({
  name: "Proposal",
  kind: "open",
  win_probability: "50",
  colour: "#A78BFA",
  rotting_days: "21",
  exit_criteria: ["amount"],
  allowed_to: [],
  ...overrides,
});

describe("stageSchema", () => {
  it("reads the form's strings into the stage's columns", () => {
    const values = stageSchema.parse(stage());
    expect(toStageRow(values)).toEqual({
      name: "Proposal",
      win_probability: 50,
      colour: "#a78bfa",
      rotting_days: 21,
      exit_criteria: ["amount"],
      is_won: false,
      is_lost: false,
    });
  });

  it("treats empty rotting days as never stale", () => {
    expect(stageSchema.parse(stage({ rotting_days: " " })).rotting_days).toBeNull();
  });

  it("mirrors the database's checks", () => {
    const issues = (input: Partial<StageInput>) => stageSchema.safeParse(stage(input)).error?.issues.map((issue) => [issue.path[0], issue.message]);
    expect(issues({ name: " " })).toEqual([["name", "Enter a name"]]);
    expect(issues({ name: "x".repeat(101) })).toEqual([["name", "Use at most 100 characters"]]);
    expect(issues({ win_probability: "101" })).toEqual([["win_probability", "Enter a whole number from 0 to 100"]]);
    expect(issues({ win_probability: "12.5" })).toEqual([["win_probability", "Enter a whole number from 0 to 100"]]);
    expect(issues({ colour: "red" })).toEqual([["colour", "Use a colour like #64748b"]]);
    expect(issues({ rotting_days: "0" })).toEqual([["rotting_days", "Enter 1 to 3650 days, or leave it empty for never"]]);
    expect(issues({ rotting_days: "3651" })).toEqual([["rotting_days", "Enter 1 to 3650 days, or leave it empty for never"]]);
  });

  it("keeps won stages at 100 % and lost ones at 0 %", () => {
    expect(stageSchema.safeParse(stage({ kind: "won", win_probability: "90" })).error?.issues[0]?.message).toBe(
      "A won stage has a 100 % win probability",
    );
    expect(stageSchema.safeParse(stage({ kind: "lost", win_probability: "5" })).error?.issues[0]?.message).toBe(
      "A lost stage has a 0 % win probability",
    );
    expect(toStageRow(stageSchema.parse(stage({ kind: "won", win_probability: "100" })))).toMatchObject({ is_won: true, is_lost: false });
  });
});

test("newPipelineSchema needs a name and a known template", () => {
  expect(newPipelineSchema.safeParse({ name: "  ", template: "default", is_default: false }).success).toBe(false);
  expect(newPipelineSchema.safeParse({ name: "Renewals", template: "spin", is_default: false }).success).toBe(false);
  expect(newPipelineSchema.parse({ name: " Renewals ", template: "peak", is_default: true })).toEqual({
    name: "Renewals",
    template: "peak",
    is_default: true,
  });
});

test("moveItem moves one stage and leaves the rest in order", () => {
  expect(moveItem(["a", "b", "c", "d"], 0, 2)).toEqual(["b", "c", "a", "d"]);
  expect(moveItem(["a", "b", "c", "d"], 3, 0)).toEqual(["d", "a", "b", "c"]);
  expect(moveItem(["a", "b"], 1, 5)).toEqual(["a", "b"]);
});

test("stageKind, nextPosition", () => {
  expect(stageKind({ is_won: true, is_lost: false })).toBe("won");
  expect(stageKind({ is_won: false, is_lost: true })).toBe("lost");
  expect(stageKind({ is_won: false, is_lost: false })).toBe("open");
  expect(nextPosition([])).toBe(0);
  expect(nextPosition([{ position: 0 }, { position: 4 }])).toBe(5);
  expect(nextPosition([{ position: 100 }])).toBe(100);
});

test("describeLimits says who may use a pipeline", () => {
  const teams = [
    { id: "t1", name: "East" },
    { id: "t2", name: "West" },
  ];
  expect(describeLimits({ team_ids: [], roles: [] }, teams, formatRole)).toBe("Everyone");
  expect(describeLimits({ team_ids: ["t1"], roles: [] }, teams, formatRole)).toBe("Team East");
  expect(describeLimits({ team_ids: ["t1", "gone"], roles: ["rep", "manager"] }, teams, formatRole)).toBe(
    "Teams East, a removed team · Sales rep, Sales manager",
  );
});

describe("heldDealsPath", () => {
  it("points at the deals list filtered to the stage or pipeline that holds the deals", () => {
    const refusal = { code: "23503", hint: "has_deals", message: 'Stage "Proposal" of pipeline "Sales" holds 3 deals: move them to another stage first' };
    expect(heldDealsPath(refusal, { stage: "s 1" })).toBe("/deals?f.stage=s+1");
    expect(heldDealsPath(refusal, { pipeline: "p1" })).toBe("/deals?f.pipeline=p1");
  });

  it("offers nothing for any other refusal", () => {
    expect(heldDealsPath({ code: "42501", message: "permission denied" }, { stage: "s1" })).toBeNull();
    expect(heldDealsPath(new Error("offline"), { stage: "s1" })).toBeNull();
    expect(heldDealsPath(null, { pipeline: "p1" })).toBeNull();
  });
});
