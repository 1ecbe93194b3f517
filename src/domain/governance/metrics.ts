/**
 * The Governance page's pure parts (PRODUCT.md GOV-5, AN-4, AN-5, AN-10): the period a reader
 * picks, how durations and rates read, and each chart's data as CSV. The metrics themselves are
 * SQL functions; nothing here aggregates deals.
 */
import { endOfDay, format, startOfDay, startOfMonth, startOfYear, subDays, subMonths } from "date-fns";
import { csvLine } from "@/domain/csv";

export const PERIODS = [
  { value: "30d", label: "Last 30 days" },
  { value: "90d", label: "Last 90 days" },
  { value: "6m", label: "Last 6 months" },
  { value: "12m", label: "Last 12 months" },
  { value: "ytd", label: "Year to date" },
] as const;
export type PeriodValue = (typeof PERIODS)[number]["value"];
export const DEFAULT_PERIOD: PeriodValue = "90d";

export const GRAINS = [
  { value: "week", label: "By week" },
  { value: "month", label: "By month" },
] as const;
export type Grain = (typeof GRAINS)[number]["value"];

export function isPeriod(value: unknown): value is PeriodValue {
  return PERIODS.some((period) => period.value === value);
}

export function isGrain(value: unknown): value is Grain {
  return GRAINS.some((grain) => grain.value === value);
}

/** The period as the SQL functions take it: ISO timestamps, from the start of its first day to now's day end. */
export function periodRange(period: PeriodValue, now: Date = new Date()): { from: string; to: string } {
  const to = endOfDay(now);
  const from =
    period === "30d"
      ? subDays(startOfDay(now), 29)
      : period === "90d"
        ? subDays(startOfDay(now), 89)
        : period === "6m"
          ? startOfMonth(subMonths(now, 5))
          : period === "12m"
            ? startOfMonth(subMonths(now, 11))
            : startOfYear(now);
  return { from: from.toISOString(), to: to.toISOString() };
}

/** The period's bounds as calendar days, for a file name ("2025-01-01_2025-03-31"). */
export function periodSlug(range: { from: string; to: string }) {
  return `${format(new Date(range.from), "yyyy-MM-dd")}_${format(new Date(range.to), "yyyy-MM-dd")}`;
}

/** "45 min", "5.5 h", "3.2 days": the unit a reader would use for a cycle time given in hours. */
export function formatHours(hours: number | null | undefined) {
  if (hours === null || hours === undefined || !Number.isFinite(hours)) return "—";
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`;
  if (hours < 48) return `${round1(hours)} h`;
  return `${round1(hours / 24)} days`;
}

function round1(value: number) {
  return new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 }).format(Math.round(value * 10) / 10);
}

export type CsvColumn<Row> = { header: string; value: (row: Row) => unknown };

/** A trend CSV's first column: the week or month of the row. */
export function bucketColumn<Row extends { bucket: string }>(grain: Grain): CsvColumn<Row> {
  return { header: grain === "week" ? "Week of" : "Month", value: (row) => row.bucket };
}

/** A chart's data as a CSV file's text: a header line, then one line per row (formulas defused). */
export function chartCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  return csvLine(columns.map((column) => column.header)) + rows.map((row) => csvLine(columns.map((column) => column.value(row)))).join("");
}

/** "score-distribution_2025-01-01_2025-03-31.csv". */
export function csvFilename(chart: string, range: { from: string; to: string }) {
  const slug = chart
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `${slug}_${periodSlug(range)}.csv`;
}

/**
 * Rows of a trend with one row per (bucket, series) pivoted to one row per bucket with a column per
 * series, as a stacked chart wants them; series missing from a bucket count 0.
 */
export function pivotTrend<Row extends { bucket: string; series: string; count: number }>(rows: readonly Row[]) {
  const series = [...new Set(rows.map((row) => row.series))].sort((a, b) => a.localeCompare(b));
  const byBucket = new Map<string, Record<string, number | string>>();
  for (const row of rows) {
    const entry = byBucket.get(row.bucket) ?? Object.fromEntries([["bucket", row.bucket], ...series.map((name) => [name, 0])]);
    entry[row.series] = (Number(entry[row.series]) || 0) + row.count;
    byBucket.set(row.bucket, entry);
  }
  const buckets = [...byBucket.values()].sort((a, b) => String(a.bucket).localeCompare(String(b.bucket)));
  return { series, buckets };
}
