import { describe, expect, it } from "vitest";
import { DurationError, parseGoDuration } from "./duration.ts";

const HOUR = 3_600_000_000_000n;

describe("parseGoDuration (Go's time.ParseDuration)", () => {
  it.each([
    ["0", 0n],
    ["876000h", 876_000n * HOUR],
    ["1h30m", HOUR + 30n * 60_000_000_000n],
    ["1.5h", HOUR + HOUR / 2n],
    ["300ms", 300_000_000n],
    ["2us", 2_000n],
    ["2µs", 2_000n],
    ["+5s", 5_000_000_000n],
    ["-5s", -5_000_000_000n],
    [".5s", 500_000_000n],
  ])("parses %s", (input, expected) => {
    expect(parseGoDuration(input)).toBe(expected);
  });

  it.each([
    ["", 'time: invalid duration ""'],
    ["abc", 'time: invalid duration "abc"'],
    ["1", 'time: missing unit in duration "1"'],
    ["1d", 'time: unknown unit "d" in duration "1d"'],
    [".h", 'time: invalid duration ".h"'],
    ["3000000h", 'time: invalid duration "3000000h"'],
  ])("refuses %j with Go's message", (input, message) => {
    expect(() => parseGoDuration(input)).toThrow(new DurationError(message));
  });
});
