import type { ComponentType, ReactNode } from "react";
import type { LucideIcon } from "lucide-react";
import type { ActivitySubjectType } from "@/domain/activities";
import type { Role } from "@/domain/navigation";
import type { ListQuery } from "@/domain/records/listState";
import type { ObjectModel } from "@/domain/records/model";
import type { RecordRow } from "@/hooks/useRecords";

export type CellRenderer = (row: RecordRow) => ReactNode;

/** A list of another object's records on a detail page (an account's deals). */
export type RelatedSpec = {
  title: string;
  /** A function, so configs may refer to one another in any order. */
  config: () => RecordConfig;
  /** The related list's column holding this record's id. */
  column: string;
  /** The related list's filter that shows the same rows ("View all"). */
  filterId: string;
  /** Columns to show (ids of the related config's columns). */
  columns: readonly string[];
  /** Offers "New" here, prefilled from this record ("New contact" on an account gets its account). */
  prefill?: (parent: RecordRow) => Record<string, unknown>;
};

/** What a list's extra panels and toolbar buttons get: the list's filters, a way to set one, and its query. */
export type ListPanelProps = {
  /** The list's filters as in the URL (filter id → value). */
  filters: Readonly<Record<string, string>>;
  /** Sets or clears one filter (the list goes back to its first page). */
  setFilter: (id: string, value: string | null) => void;
  /** The rows the list stands for, as the database receives them (for an export of the same rows). */
  query: ListQuery;
};

export type DetailSection = { title: string; fields: readonly string[]; description?: string };

/**
 * Everything the generic record pages need to know about one object: its model (data, rules) plus
 * how it looks. Leads, accounts, contacts and deals are each one of these (./configs/*), not a copy
 * of the pages.
 */
export type RecordConfig = {
  model: ObjectModel;
  /** Where its pages live ("/deals", "/deals/:id"). */
  path: string;
  icon: LucideIcon;
  /** The list column that links to the record's page. */
  linkColumn: string;
  /** Cells that need more than the column's value (money with its currency, a stage's colour). */
  cells?: Partial<Record<string, CellRenderer>>;
  /** Values a new record's form starts with (a deal's default pipeline); a hook. */
  useNewDefaults?: () => Record<string, unknown> | undefined;
  importable: boolean;
  /** The roles offered New, Edit and Delete (the database still decides); every role but executives when left out. */
  writers?: readonly Role[];
  list?: {
    /** Panels between the header and the toolbar (the customers' at-risk panel and quick filters). */
    above?: ComponentType<ListPanelProps>;
    /** More buttons at the end of the toolbar (the customers' health report). */
    toolbar?: ComponentType<ListPanelProps>;
  };
  detail: {
    /** The PostgREST select of the detail page: the row and the names its references point at. */
    select: string;
    subtitle?: (record: RecordRow) => ReactNode;
    sections: readonly DetailSection[];
    related?: readonly RelatedSpec[];
    /** The activity timeline's subject type; none for records without activities (renewals). */
    timeline?: ActivitySubjectType;
    /** Actions beside Edit and Delete (a lead's Convert). */
    actions?: ComponentType<{ record: RecordRow }>;
    /** More panels below the fields (a deal's stage history). */
    panels?: ComponentType<{ record: RecordRow }>;
  };
};

/** Whether a role is offered New, Edit and Delete on a config's pages. */
export function canWriteRecords(config: Pick<RecordConfig, "writers">, role: Role | null | undefined): boolean {
  if (!role) return false;
  return config.writers ? config.writers.includes(role) : role !== "executive";
}
