import {
  formatDate,
  formatDateTime,
  formatInitials,
  formatMoney,
  formatNumber,
  formatPercent,
  formatRelative,
  formatRole,
} from "@/lib/format";

describe("formatMoney", () => {
  test("formats an amount in its currency", () => {
    expect(formatMoney(1234.5, "USD")).toBe("$1,234.50");
    expect(formatMoney(1234.5, "EUR")).toBe("€1,234.50");
  });

  test("accepts numeric strings as PostgREST may send them", () => {
    expect(formatMoney("99999999999.99", "USD")).toBe("$99,999,999,999.99");
  });

  test("abbreviates large amounts when compact", () => {
    expect(formatMoney(1_250_000, "USD", { compact: true })).toBe("$1.3M");
  });

  test("shows a dash for missing or unparsable amounts", () => {
    expect(formatMoney(null, "USD")).toBe("—");
    expect(formatMoney("abc", "USD")).toBe("—");
  });
});

describe("formatNumber and formatPercent", () => {
  test("groups thousands and limits fractions", () => {
    expect(formatNumber(1234567.891)).toBe("1,234,567.89");
    expect(formatNumber(15300, { compact: true })).toBe("15.3K");
  });

  test("formats ratios as percentages", () => {
    expect(formatPercent(0.256)).toBe("26%");
    expect(formatPercent(0.256, 1)).toBe("25.6%");
    expect(formatPercent(undefined)).toBe("—");
  });
});

describe("dates", () => {
  test("formats a bare date without shifting the day", () => {
    expect(formatDate("2025-03-04")).toBe("4 Mar 2025");
  });

  test("formats a date and time", () => {
    expect(formatDateTime(new Date(2025, 2, 4, 9, 5))).toBe("4 Mar 2025, 09:05");
  });

  test("describes a date relative to now", () => {
    const now = new Date(2025, 2, 10);
    expect(formatRelative(new Date(2025, 2, 7), now)).toBe("3 days ago");
    expect(formatRelative(new Date(2025, 4, 10), now)).toBe("in 2 months");
  });

  test("shows a dash for missing or invalid dates", () => {
    expect(formatDate(null)).toBe("—");
    expect(formatDate("not a date")).toBe("—");
  });
});

test("formatRole names each role for people", () => {
  expect(formatRole("cs_manager")).toBe("Customer success manager");
  expect(formatRole("rep")).toBe("Sales rep");
});

test("formatInitials takes the first and last initials of a name or an email", () => {
  expect(formatInitials("Ada King Lovelace")).toBe("AL");
  expect(formatInitials("ada.lovelace@example.com")).toBe("AL");
  expect(formatInitials("ada@example.com")).toBe("A");
  expect(formatInitials("")).toBe("?");
});
