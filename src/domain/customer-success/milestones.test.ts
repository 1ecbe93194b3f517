import { describe, expect, it } from "vitest";
import { milestoneKind, milestoneSchema, toMilestoneInsert } from "@/domain/customer-success/milestones";

describe("success milestones a CSM records", () => {
  it("derives a kind the table accepts from the title", () => {
    expect(milestoneKind("Go-live in EMEA!")).toBe("go_live_in_emea");
    expect(milestoneKind("  Première réussite ")).toBe("premiere_reussite");
    expect(milestoneKind("100 users")).toBe("milestone_100_users");
    expect(milestoneKind("!!!")).toBe("milestone");
    const long = milestoneKind("a".repeat(49) + " b c");
    expect(long).toMatch(/^[a-z][a-z0-9_]{0,49}$/);
    expect(long.endsWith("_")).toBe(false);
  });

  it("needs a title of at most 200 characters and a day not in the future", () => {
    const issues = (values: { title: string; achieved_on: string }) =>
      milestoneSchema.safeParse(values).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];
    expect(issues({ title: "Executive sponsor signed off", achieved_on: "2026-01-15" })).toEqual([]);
    expect(issues({ title: " ", achieved_on: "" })).toEqual(["title: Name the milestone", "achieved_on: Enter when it was reached"]);
    expect(issues({ title: "x".repeat(201), achieved_on: "2999-01-01" })).toEqual(["title: Use at most 200 characters", "achieved_on: It cannot be in the future"]);
  });

  it("inserts the trimmed title with its kind", () => {
    expect(toMilestoneInsert("c1", { title: " First QBR ", achieved_on: "2026-11-02" })).toEqual({
      customer_id: "c1",
      kind: "first_qbr",
      title: "First QBR",
      achieved_on: "2026-11-02",
    });
  });
});
