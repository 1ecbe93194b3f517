/**
 * Go's `time.ParseDuration`, which Supabase Auth uses for `ban_duration` ("876000h", "1h30m", "none"
 * is handled by the caller). Returns nanoseconds; throws a DurationError with Go's message.
 */
export class DurationError extends Error {}

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  "µs": 1_000n, // U+00B5
  "μs": 1_000n, // U+03BC
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const MAX = 1n << 63n;
const quote = (s: string) => JSON.stringify(s);
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

export function parseGoDuration(input: string): bigint {
  const invalid = () => new DurationError(`time: invalid duration ${quote(input)}`);
  let s = input;
  let neg = false;
  if (s.startsWith("-") || s.startsWith("+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") throw invalid();

  let total = 0n;
  while (s !== "") {
    if (!(s[0] === "." || isDigit(s[0]))) throw invalid();
    let i = 0;
    while (isDigit(s[i])) i++;
    const intDigits = s.slice(0, i);
    s = s.slice(i);
    let fracDigits = "";
    if (s.startsWith(".")) {
      s = s.slice(1);
      let j = 0;
      while (isDigit(s[j])) j++;
      fracDigits = s.slice(0, j);
      s = s.slice(j);
    }
    if (intDigits === "" && fracDigits === "") throw invalid();
    let k = 0;
    while (k < s.length && s[k] !== "." && !isDigit(s[k])) k++;
    if (k === 0) throw new DurationError(`time: missing unit in duration ${quote(input)}`);
    const unitName = s.slice(0, k);
    s = s.slice(k);
    const unit = UNITS[unitName];
    if (unit === undefined) throw new DurationError(`time: unknown unit ${quote(unitName)} in duration ${quote(input)}`);

    const whole = intDigits === "" ? 0n : BigInt(intDigits);
    if (whole > MAX / unit) throw invalid();
    let value = whole * unit;
    if (fracDigits !== "") {
      const fraction = Number(`0.${fracDigits}`);
      value += BigInt(Math.floor(fraction * Number(unit)));
      if (value > MAX) throw invalid();
    }
    total += value;
    if (total > MAX) throw invalid();
  }
  if (neg) return -total;
  if (total > MAX - 1n) throw invalid();
  return total;
}
