import { describe, expect, it } from "vitest";
import { daysUntil, renewalBucket, valueChange } from "@/domain/customer-success/renewals";

const today = new Date(2026, 10, 21, 15, 30); // 21 Nov 2026, mid-afternoon local time

describe("renewal timeline buckets (CS-7)", () => {
  it.each([
    ["2026-11-20", "overdue"],
    ["2026-11-21", "30"],
    ["2026-12-21", "30"], // day 30
    ["2026-12-22", "60"], // day 31
    ["2027-01-20", "60"], // day 60
    ["2027-01-21", "90"],
    ["2027-02-19", "90"], // day 90
    ["2027-02-20", "180"],
    ["2027-05-20", "180"], // day 180
    ["2027-05-21", "later"],
  ] as const)("%s falls in %s", (date, bucket) => {
    expect(renewalBucket(date, today)).toBe(bucket);
  });

  it("counts calendar days whatever the time of day", () => {
    expect(daysUntil("2026-11-22", today)).toBe(1);
    expect(daysUntil("2026-11-21", new Date(2026, 10, 21, 23, 59))).toBe(0);
  });

  it("puts renewed and churned renewals apart, whatever their date", () => {
    expect(renewalBucket("2026-12-01", today, "renewed")).toBe("closed");
    expect(renewalBucket("2026-10-01", today, "churned")).toBe("closed");
    expect(renewalBucket("2026-12-01", today, "in_progress")).toBe("30");
  });

  it("measures the proposed change against the current value", () => {
    expect(valueChange(10_000, 12_000)).toEqual({ amount: 2000, ratio: 0.2 });
    expect(valueChange(0, 500)).toEqual({ amount: 500, ratio: null });
    expect(valueChange(10_000, null)).toBeNull();
  });
});
