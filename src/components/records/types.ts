import type { ComponentType, ReactNode } from "react";
import type { LucideIcon } from "lucide-react";
import type { ActivitySubjectType } from "@/domain/activities";
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
  detail: {
    /** The PostgREST select of the detail page: the row and the names its references point at. */
    select: string;
    subtitle?: (record: RecordRow) => ReactNode;
    sections: readonly DetailSection[];
    related?: readonly RelatedSpec[];
    /** The activity timeline's subject type. */
    timeline: ActivitySubjectType;
    /** Actions beside Edit and Delete (a lead's Convert). */
    actions?: ComponentType<{ record: RecordRow }>;
    /** More panels below the fields (a deal's stage history). */
    panels?: ComponentType<{ record: RecordRow }>;
  };
};
