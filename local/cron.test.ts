import { describe, expect, it } from "vitest";
import { cronMatches, parseCron } from "./cron.ts";

const at = (iso: string) => new Date(iso);

describe("cron", () => {
  it("fires a daily job only at its minute", () => {
    const daily = parseCron("15 2 * * *");
    expect(cronMatches(daily, at("2026-11-21T02:15:30Z"))).toBe(true);
    expect(cronMatches(daily, at("2026-11-21T02:16:00Z"))).toBe(false);
    expect(cronMatches(daily, at("2026-11-21T03:15:00Z"))).toBe(false);
  });

  it("understands steps, ranges and lists", () => {
    const s = parseCron("*/15 9-17 * * 1-5");
    expect(cronMatches(s, at("2026-11-23T09:45:00Z"))).toBe(true); // Monday
    expect(cronMatches(s, at("2026-11-23T09:50:00Z"))).toBe(false);
    expect(cronMatches(s, at("2026-11-22T09:45:00Z"))).toBe(false); // Sunday
    expect([...parseCron("0 0 1,15 * *").daysOfMonth]).toEqual([1, 15]);
  });

  it("treats 7 as Sunday and ORs the two day fields when both are set", () => {
    expect(cronMatches(parseCron("0 0 * * 7"), at("2026-11-22T00:00:00Z"))).toBe(true);
    const either = parseCron("0 0 1 * 1");
    expect(cronMatches(either, at("2026-11-01T00:00:00Z"))).toBe(true); // the 1st, a Sunday
    expect(cronMatches(either, at("2026-11-23T00:00:00Z"))).toBe(true); // a Monday
    expect(cronMatches(either, at("2026-11-24T00:00:00Z"))).toBe(false);
  });

  it("refuses expressions it cannot honour, naming the field", () => {
    expect(() => parseCron("* * *")).toThrow(/expected 5 fields/);
    expect(() => parseCron("61 * * * *")).toThrow(/minute/);
    expect(() => parseCron("0 0 * 13 *")).toThrow(/month/);
    expect(() => parseCron("0 0 * * mon")).toThrow(/day of week/);
  });
});
