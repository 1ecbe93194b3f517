import { Badge } from "@/components/ui/badge";
import type { FieldSpec, ObjectModel, Option } from "@/domain/records/model";
import { labelOf } from "@/domain/records/options";
import type { RecordRow } from "@/hooks/useRecords";
import { formatDate, formatDateTime, formatMoney, formatNumber } from "@/lib/format";

export const EMPTY = "—";

/** A value at a path of a row ("account.name"). */
export function valueAt(row: Record<string, unknown>, path: string): unknown {
  return path.split(".").reduce<unknown>((value, key) => (value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined), row);
}

/** A field's value as text, by its kind: money in the row's currency, dates, labels of enums. */
export function formatFieldValue(field: Pick<FieldSpec, "kind" | "options" | "currencyKey" | "labelPath" | "key">, row: RecordRow): string {
  const value = field.labelPath ? valueAt(row, field.labelPath) : row[field.key];
  if (value === null || value === undefined || value === "") return EMPTY;
  switch (field.kind) {
    case "money":
      return formatMoney(value as number, String(row[field.currencyKey ?? "currency"] ?? "USD"));
    case "integer":
    case "number":
      return formatNumber(value as number);
    case "percent":
      return `${formatNumber(value as number)} %`;
    case "date":
      return formatDate(value as string);
    case "datetime":
      return formatDateTime(value as string);
    case "enum":
      return labelOf(field.options ?? [], value);
    case "tags":
      return Array.isArray(value) && value.length ? value.join(", ") : EMPTY;
    default:
      return String(value);
  }
}

/** The options of a column if it is an enumeration (from the model's filters or fields). */
export function columnOptions(model: ObjectModel, column: string): readonly Option[] | undefined {
  for (const filter of model.filters) if (filter.kind === "enum" && filter.column === column) return filter.options;
  return model.fields.find((f) => f.key === column && f.kind === "enum")?.options;
}

/** A list cell by default: enums as a badge with their label, dates and numbers formatted, text as is. */
export function defaultCell(model: ObjectModel, column: string, row: RecordRow) {
  const value = row[column];
  if (value === null || value === undefined || value === "") return <span className="text-muted-foreground">{EMPTY}</span>;
  const options = columnOptions(model, column);
  if (options) return <Badge variant="secondary">{labelOf(options, value)}</Badge>;
  const field = model.fields.find((f) => f.key === column);
  if (field) return formatFieldValue(field, row);
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (column.endsWith("_at")) return formatDate(value as string);
  if (typeof value === "number") return formatNumber(value);
  return String(value);
}
