import { bucketColumn, chartCsv, csvFilename, formatHours, isGrain, isPeriod, periodRange, pivotTrend } from "@/domain/governance/metrics";

const now = new Date(2025, 2, 15, 14, 30); // 15 March 2025, local time

test("a period runs from the start of its first day to the end of today", () => {
  const days = periodRange("30d", now);
  expect(new Date(days.from)).toEqual(new Date(2025, 1, 14, 0, 0, 0, 0));
  expect(new Date(days.to)).toEqual(new Date(2025, 2, 15, 23, 59, 59, 999));
  expect(new Date(periodRange("12m", now).from)).toEqual(new Date(2024, 3, 1));
  expect(new Date(periodRange("6m", now).from)).toEqual(new Date(2024, 9, 1));
  expect(new Date(periodRange("ytd", now).from)).toEqual(new Date(2025, 0, 1));
});

test("only known periods and grains pass (they come from the URL)", () => {
  expect(isPeriod("90d")).toBe(true);
  expect(isPeriod("5y")).toBe(false);
  expect(isGrain("week")).toBe(true);
  expect(isGrain("day")).toBe(false);
});

test("cycle times read in the unit a person would use", () => {
  expect(formatHours(0.25)).toBe("15 min");
  expect(formatHours(0)).toBe("1 min");
  expect(formatHours(5.54)).toBe("5.5 h");
  expect(formatHours(72)).toBe("3 days");
  expect(formatHours(null)).toBe("—");
});

test("a chart's CSV has a header and one CRLF line per row, with formulas defused", () => {
  const csv = chartCsv(
    [
      { header: "Class", value: (row: { label: string; count: number }) => row.label },
      { header: "Deals", value: (row) => row.count },
    ],
    [
      { label: "A", count: 12 },
      { label: "=HYPERLINK()", count: 3 },
    ],
  );
  expect(csv).toBe("Class,Deals\r\nA,12\r\n'=HYPERLINK(),3\r\n");
  expect(csvFilename("Score distribution", { from: new Date(2025, 0, 1).toISOString(), to: new Date(2025, 2, 31, 23).toISOString() })).toBe(
    "score-distribution_2025-01-01_2025-03-31.csv",
  );
});

test("a trend pivots to one row per bucket with a column per class, zero where a class is missing", () => {
  const { series, buckets } = pivotTrend([
    { bucket: "2025-02-01", series: "B", count: 2 },
    { bucket: "2025-01-01", series: "A", count: 5 },
    { bucket: "2025-01-01", series: "B", count: 1 },
  ]);
  expect(series).toEqual(["A", "B"]);
  expect(buckets).toEqual([
    { bucket: "2025-01-01", A: 5, B: 1 },
    { bucket: "2025-02-01", A: 0, B: 2 },
  ]);
});

test("a trend's CSV starts with its week or month", () => {
  const rows = [{ bucket: "2025-01-06", deals: 3 }];
  expect(chartCsv([bucketColumn<(typeof rows)[number]>("week"), { header: "Deals", value: (row) => row.deals }], rows)).toBe("Week of,Deals\r\n2025-01-06,3\r\n");
  expect(chartCsv([bucketColumn<(typeof rows)[number]>("month")], rows)).toBe("Month\r\n2025-01-06\r\n");
});
