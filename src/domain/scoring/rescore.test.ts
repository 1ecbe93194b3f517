import { isLatestRunShown, isRunFinished } from "@/domain/scoring/rescore";

const now = new Date("2026-11-21T12:00:00Z");

test("a run has ended when it is done, failed or cancelled", () => {
  expect(["queued", "running", "done", "failed", "cancelled"].map((status) => isRunFinished({ status: status as "done" }))).toEqual([false, false, true, true, true]);
  expect(isRunFinished(null)).toBe(false);
});

test("the latest run shows while under way, when it failed, and for an hour after it finished", () => {
  expect(isLatestRunShown({ status: "queued", finished_at: null }, now)).toBe(true);
  expect(isLatestRunShown({ status: "running", finished_at: null }, now)).toBe(true);
  expect(isLatestRunShown({ status: "failed", finished_at: "2026-11-01T04:30:00Z" }, now)).toBe(true);
  expect(isLatestRunShown({ status: "done", finished_at: "2026-11-21T11:00:00Z" }, now)).toBe(true);
  expect(isLatestRunShown({ status: "done", finished_at: "2026-11-21T10:59:59Z" }, now)).toBe(false);
  expect(isLatestRunShown({ status: "cancelled", finished_at: "2026-11-21T11:59:00Z" }, now)).toBe(false);
  expect(isLatestRunShown(null, now)).toBe(false);
});
