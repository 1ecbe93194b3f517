import { describe, expect, it } from "vitest";
import { formatTrend, healthColour, healthStatusOf, isScoreDrop } from "@/domain/customer-success/health";

describe("health status and colour (CS-2)", () => {
  it.each([
    [100, "healthy"],
    [70, "healthy"],
    [69, "at_risk"],
    [40, "at_risk"],
    [39, "critical"],
    [0, "critical"],
  ] as const)("a score of %i is %s under the default thresholds", (score, status) => {
    expect(healthStatusOf(score)).toBe(status);
  });

  it("follows the organisation's thresholds", () => {
    expect(healthStatusOf(75, { healthyMin: 80, atRiskMin: 50 })).toBe("at_risk");
    expect(healthStatusOf(49, { healthyMin: 80, atRiskMin: 50 })).toBe("critical");
    expect(healthStatusOf(80, { healthyMin: 80, atRiskMin: 50 })).toBe("healthy");
  });

  it("gives every status a colour and words, and says so when there is no score", () => {
    expect(healthColour("healthy")).toEqual({ colour: "green", label: "Healthy" });
    expect(healthColour("at_risk")).toEqual({ colour: "yellow", label: "At risk" });
    expect(healthColour("critical")).toEqual({ colour: "red", label: "Critical" });
    expect(healthColour(null)).toEqual({ colour: null, label: "Not scored" });
    expect(healthColour("bogus" as never)).toEqual({ colour: null, label: "Not scored" });
  });

  it("signs the 7-day trend and spots CS-4's 15-point drop", () => {
    expect(formatTrend(4)).toBe("+4");
    expect(formatTrend(-12)).toBe("−12");
    expect(formatTrend(0)).toBe("±0");
    expect(formatTrend(null)).toBeNull();
    expect(isScoreDrop(-15)).toBe(true);
    expect(isScoreDrop(-14)).toBe(false);
    expect(isScoreDrop(null)).toBe(false);
  });
});

describe("customers quick filters (CS-5)", async () => {
  const { contractEndPreset, contractEndRange, singleHealthStatus } = await import("@/domain/customer-success/customers");
  const today = new Date(2026, 10, 21, 9);

  it("writes 'contract ends within N days' as a date range from today", () => {
    expect(contractEndRange(30, today)).toBe("2026-11-21..2026-12-21");
    expect(contractEndRange(180, today)).toBe("2026-11-21..2027-05-20");
  });

  it("recognises today's presets and nothing else", () => {
    expect(contractEndPreset("2026-11-21..2027-02-19", today)).toBe(90);
    expect(contractEndPreset("2026-11-20..2027-02-18", today)).toBeNull();
    expect(contractEndPreset(null, today)).toBeNull();
  });

  it("reads one health status from a filter value", () => {
    expect(singleHealthStatus("critical")).toBe("critical");
    expect(singleHealthStatus("at_risk,critical")).toBeNull();
    expect(singleHealthStatus("nope")).toBeNull();
  });
});
