/**
 * Renewals (PRODUCT.md CS-7): the rules of public.renewals, and how the renewals table
 * (public.renewal_list, soonest first) and the create and edit dialog show them. The risk level,
 * score and factors are the database's, from the customer's health, usage trend and support load.
 */
import { z } from "zod";
import { BUCKET_LABELS, RENEWAL_BUCKETS, RENEWAL_STATUS_LABELS, RISK_LEVEL_LABELS } from "@/domain/customer-success/renewals";
import { currency, date, money, oneOf, reference, text } from "@/domain/records/fields";
import type { ObjectModel, Option } from "@/domain/records/model";

const options = (labels: Record<string, string>): readonly Option[] => Object.entries(labels).map(([value, label]) => ({ value, label }));

export const RENEWAL_STATUS_OPTIONS = options(RENEWAL_STATUS_LABELS);
export const RISK_LEVEL_OPTIONS = options(RISK_LEVEL_LABELS);
export const BUCKET_OPTIONS: readonly Option[] = RENEWAL_BUCKETS.map((bucket) => ({ value: bucket, label: BUCKET_LABELS[bucket] }));

export const renewalSchema = z.object({
  customer_id: reference({ required: "Choose the customer" }),
  renewal_date: date({ min: "2000-01-01", max: "2100-12-31", required: "Choose the renewal date" }),
  current_value: money({ required: "Enter what the customer pays now" }),
  proposed_value: money(),
  currency: currency(),
  status: oneOf(["upcoming", "in_progress", "renewed", "churned"], RENEWAL_STATUS_LABELS, { defaultValue: "upcoming" }),
  notes: text(2000),
});

export const renewalModel = {
  name: "renewals",
  singular: "renewal",
  plural: "renewals",
  table: "renewals",
  listSource: "renewal_list",
  searchColumns: ["customer_name"],
  searchPlaceholder: "Search customer…",
  titleColumn: "customer.account.name",
  readScope: "organisation",
  countMode: "exact",
  omitWhenNull: ["currency", "status"],
  defaultSort: [{ column: "renewal_date", ascending: true }],
  // The work is the open ones; renewed and churned are a filter away.
  defaultFilters: { status: "upcoming,in_progress" },
  // renewal_date is indexed; other orders are offered once the list is narrowed to a CSM.
  columns: [
    { id: "customer_name", label: "Customer", sortable: "narrowed" },
    { id: "renewal_date", label: "Renewal date", sortable: true, notNull: true },
    { id: "days_until", label: "Days", sortable: "narrowed" },
    { id: "status", label: "Status", sortable: "narrowed", notNull: true },
    { id: "risk_level", label: "Risk", sortable: "narrowed" },
    { id: "current_value", label: "Current value", sortable: "narrowed", notNull: true },
    { id: "proposed_value", label: "Proposed value", sortable: "narrowed" },
    { id: "value_change", label: "Change", sortable: "narrowed" },
    { id: "health_score", label: "Health", sortable: "narrowed" },
    { id: "owner_name", label: "CSM" },
    { id: "renewal_deal_id", label: "Renewal deal" },
    { id: "bucket", label: "Timeline", defaultVisible: false },
    { id: "risk_score", label: "Risk score", sortable: "narrowed", defaultVisible: false },
    { id: "tier", label: "Tier", defaultVisible: false },
    { id: "closed_on", label: "Closed on", defaultVisible: false },
    { id: "notes", label: "Notes", defaultVisible: false },
  ],
  filters: [
    { id: "bucket", label: "Timeline", kind: "enum", column: "bucket", options: BUCKET_OPTIONS },
    { id: "status", label: "Status", kind: "enum", column: "status", options: RENEWAL_STATUS_OPTIONS },
    { id: "risk", label: "Risk", kind: "enum", column: "risk_level", options: RISK_LEVEL_OPTIONS },
    { id: "customer", label: "Customer", kind: "reference", column: "customer_id", target: "customers" },
    { id: "owner", label: "CSM", kind: "reference", column: "owner_id", target: "profiles" },
    { id: "date", label: "Renewal date", kind: "range", column: "renewal_date", type: "date" },
    { id: "value", label: "Current value", kind: "range", column: "current_value", type: "number" },
  ],
  fields: [
    { key: "customer_id", label: "Customer", kind: "reference", required: true, reference: { target: "customers" }, labelPath: "customer.account.name" },
    { key: "renewal_date", label: "Renewal date", kind: "date", required: true },
    { key: "status", label: "Status", kind: "enum", options: RENEWAL_STATUS_OPTIONS, description: "Renewed or churned closes it; churned also marks the customer churned" },
    { key: "current_value", label: "Current value", kind: "money", required: true, currencyKey: "currency", description: "What the customer pays for the term now" },
    { key: "proposed_value", label: "Proposed value", kind: "money", currencyKey: "currency", description: "What the renewal offer is worth" },
    { key: "currency", label: "Currency", kind: "text", description: "3 letters; empty for your organisation's" },
    { key: "risk_level", label: "Risk level", kind: "enum", options: RISK_LEVEL_OPTIONS, readOnly: true, description: "From health, usage trend and support load" },
    { key: "risk_score", label: "Risk score", kind: "integer", readOnly: true },
    { key: "closed_on", label: "Closed on", kind: "date", readOnly: true },
    { key: "notes", label: "Notes", kind: "textarea", wide: true },
  ],
  schema: renewalSchema,
} as const satisfies ObjectModel;
