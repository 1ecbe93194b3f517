/** Cells several configs share. */
import type { RecordRow } from "@/hooks/useRecords";
import { formatMoney, formatRelative } from "@/lib/format";

export const money = (column: string) => (row: RecordRow) =>
  row[column] === null || row[column] === undefined ? <span className="text-muted-foreground">—</span> : formatMoney(row[column] as number, String(row.currency ?? "USD"));

export const relative = (column: string) => (row: RecordRow) =>
  row[column] ? <time dateTime={String(row[column])}>{formatRelative(String(row[column]))}</time> : <span className="text-muted-foreground">—</span>;
