/**
 * What the generic record engine knows about an object (leads, accounts, contacts, deals), with
 * no React in it: where its list reads from, its columns, filters, search, sort, form fields and
 * the zod schema that mirrors the database's checks. src/components/records/ renders lists,
 * detail pages and forms from this; the CSV import validates with the same schema; the export
 * function receives the query this produces.
 */
import type { z } from "zod";
import type { Database } from "@/types/database";

export type ObjectName = "leads" | "accounts" | "contacts" | "deals" | "customers" | "renewals";
export type PublicView = keyof Database["public"]["Views"];
export type PublicTable = keyof Database["public"]["Tables"];

export type Option = { value: string; label: string };

export type FieldKind =
  | "text"
  | "textarea"
  | "email"
  | "phone"
  | "domain"
  | "integer"
  | "money"
  | "percent"
  | "number"
  | "date"
  | "datetime"
  | "enum"
  | "reference"
  | "tags";

/** Records a reference field may point at; each has a name column to show and search. */
export type ReferenceTarget = "accounts" | "contacts" | "profiles" | "pipelines" | "pipeline_stages" | "customers";

export type FieldSpec = {
  key: string;
  label: string;
  kind: FieldKind;
  /** Shows an asterisk; the schema decides. */
  required?: boolean;
  options?: readonly Option[];
  reference?: {
    target: ReferenceTarget;
    /** Another form field whose value narrows the choices (a stage of the chosen pipeline). */
    dependsOn?: { field: string; column: string; required?: boolean };
  };
  /** Where the detail row holds the referenced record's name: "account.name". */
  labelPath?: string;
  /** For money: the row key holding the currency code. */
  currencyKey?: string;
  description?: string;
  /** Shown on the detail page but not in the form (the database sets it). */
  readOnly?: boolean;
  /** Spans both columns of the form grid. */
  wide?: boolean;
};

export type SortKey = { column: string; ascending: boolean };

export type FilterSpec =
  /** Any of the chosen values: `column in (...)`. */
  | { id: string; label: string; kind: "enum"; column: string; options: readonly Option[] }
  /** One record: `column = id`; the owner filter also takes "me". */
  | { id: string; label: string; kind: "reference"; column: string; target: ReferenceTarget }
  /** From and/or to: `column >= from and column <= to`. */
  | { id: string; label: string; kind: "range"; column: string; type: "number" | "date" }
  | { id: string; label: string; kind: "boolean"; column: string; trueLabel: string; falseLabel: string }
  /** One exact value of a free-text column (an industry): `column = value`. */
  | { id: string; label: string; kind: "text"; column: string; placeholder?: string };

export type ColumnSpec = {
  /** Id in the URL and saved views; also the source column exported. */
  id: string;
  label: string;
  /**
   * true: the list may sort by it. "narrowed": only when the list is narrowed to some owners (a
   * rep's or a manager's list, or an owner filter): no index serves that order across a whole
   * organisation of a million deals, so readers of everything sort by the indexed columns.
   */
  sortable?: boolean | "narrowed";
  /** Never null: sorted in Postgres's default null order, which the column's index serves. */
  notNull?: boolean;
  /** Shown when no view chose columns. */
  defaultVisible?: boolean;
};

export type ObjectModel = {
  name: ObjectName;
  singular: string;
  plural: string;
  /** The base table: detail, create, update, delete. */
  table: PublicTable;
  /** The security-invoker view the list and the export read (flat columns, names joined in). */
  listSource: PublicView;
  /** Columns matched by the search box (ilike, served by trigram indexes). */
  searchColumns: readonly string[];
  /**
   * An RPC returning the list view's rows whose searched columns hold every word, with the read
   * policy applied inside it (RLS keeps ILIKE from using an index): the list searches through it
   * when nothing else narrows the owners, i.e. for readers of the whole organisation.
   */
  searchRpc?: string;
  searchPlaceholder: string;
  columns: readonly ColumnSpec[];
  filters: readonly FilterSpec[];
  defaultSort: readonly SortKey[];
  /** Filters a list starts with when its URL names none (filter id → value); removable like any other. */
  defaultFilters?: Readonly<Record<string, string>>;
  /** The row's name (detail title, links, confirmations). */
  titleColumn: string;
  fields: readonly FieldSpec[];
  /** Form and import validation; output = the insert/update payload. */
  schema: z.ZodType<Record<string, unknown>, Record<string, unknown>>;
  /**
   * Whose rows row level security lets the reader see (docs/permissions.md): the list also sends
   * that as a filter on owner_id, so the planner uses the per-owner index and estimates well.
   */
  readScope: "sales" | "customer_success" | "organisation";
  /** NOT NULL columns with a default: null means "the default" on insert and "unchanged" on update. */
  omitWhenNull: readonly string[];
  /** Large tables (deals) count with the planner's estimate once past a page or so. */
  countMode: "exact" | "estimated";
};
