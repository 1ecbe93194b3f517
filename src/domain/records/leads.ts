/** Leads (PRODUCT.md CRM-3): the rules of public.leads, and how the list and form show them. */
import { z } from "zod";
import { currency, dateTime, domain, email, number, money, oneOf, reference, text , requiredText } from "@/domain/records/fields";
import type { ObjectModel } from "@/domain/records/model";
import { EDITABLE_LEAD_STATUSES, LEAD_SOURCE_LABELS, LEAD_SOURCES, LEAD_STATUS_LABELS, LEAD_STATUSES, pick } from "@/domain/records/options";

const SOURCE_VALUES = ["website", "referral", "event", "outbound", "partner", "advertising", "other"] as const;

export const leadSchema = z.object({
  first_name: text(100),
  last_name: text(100),
  title: text(200),
  email: email(),
  phone: text(50),
  company: requiredText(200, "Enter the company's name"),
  domain: domain(),
  company_size: number({ min: 0, max: 10_000_000, integer: true }),
  industry: text(100),
  source: oneOf(SOURCE_VALUES, LEAD_SOURCE_LABELS, { defaultValue: "other" }),
  // "converted" is the database's (convert_lead); an edit of a converted lead sends it back unchanged.
  status: oneOf(["new", "contacted", "qualified", "unqualified", "converted"], LEAD_STATUS_LABELS, { defaultValue: "new" }),
  value: money(),
  currency: currency(),
  probability: number({ min: 0, max: 100, integer: true, unit: " %" }),
  last_contacted_at: dateTime(),
  owner_id: reference(),
});

export const leadModel = {
  name: "leads",
  singular: "lead",
  plural: "leads",
  table: "leads",
  listSource: "lead_list",
  searchColumns: ["company", "first_name", "last_name", "email"],
  searchPlaceholder: "Search company, name or email…",
  titleColumn: "company",
  readScope: "sales",
  countMode: "exact",
  omitWhenNull: ["currency", "probability", "source", "status", "owner_id"],
  defaultSort: [{ column: "score", ascending: false }],
  columns: [
    { id: "company", label: "Company", sortable: "narrowed", notNull: true },
    { id: "full_name", label: "Name" },
    { id: "email", label: "Email" },
    { id: "status", label: "Status", sortable: "narrowed", notNull: true },
    { id: "source", label: "Source", sortable: "narrowed", notNull: true },
    { id: "score", label: "Score", sortable: true, notNull: true },
    { id: "value", label: "Value", sortable: "narrowed" },
    { id: "owner_name", label: "Owner" },
    { id: "last_contacted_at", label: "Last contact", sortable: "narrowed" },
    { id: "title", label: "Title", defaultVisible: false },
    { id: "phone", label: "Phone", defaultVisible: false },
    { id: "domain", label: "Domain", defaultVisible: false },
    { id: "industry", label: "Industry", defaultVisible: false },
    { id: "company_size", label: "Company size", sortable: "narrowed", defaultVisible: false },
    { id: "probability", label: "Probability", sortable: "narrowed", notNull: true, defaultVisible: false },
    { id: "created_at", label: "Created", sortable: "narrowed", notNull: true, defaultVisible: false },
  ],
  filters: [
    { id: "status", label: "Status", kind: "enum", column: "status", options: LEAD_STATUSES },
    { id: "source", label: "Source", kind: "enum", column: "source", options: LEAD_SOURCES },
    { id: "owner", label: "Owner", kind: "reference", column: "owner_id", target: "profiles" },
    { id: "score", label: "Score", kind: "range", column: "score", type: "number" },
    { id: "value", label: "Value", kind: "range", column: "value", type: "number" },
  ],
  fields: [
    { key: "company", label: "Company", kind: "text", required: true },
    { key: "domain", label: "Domain", kind: "domain", description: "The company's website, like example.com" },
    { key: "first_name", label: "First name", kind: "text" },
    { key: "last_name", label: "Last name", kind: "text" },
    { key: "email", label: "Email", kind: "email" },
    { key: "phone", label: "Phone", kind: "phone" },
    { key: "title", label: "Job title", kind: "text" },
    { key: "industry", label: "Industry", kind: "text" },
    { key: "company_size", label: "Company size (employees)", kind: "integer" },
    { key: "source", label: "Source", kind: "enum", options: LEAD_SOURCES },
    { key: "status", label: "Status", kind: "enum", options: pick(LEAD_STATUSES, EDITABLE_LEAD_STATUSES) },
    { key: "value", label: "Value", kind: "money", currencyKey: "currency" },
    { key: "currency", label: "Currency", kind: "text", description: "3 letters; empty for your organisation's" },
    { key: "probability", label: "Probability (%)", kind: "integer" },
    { key: "last_contacted_at", label: "Last contacted", kind: "datetime" },
    { key: "owner_id", label: "Owner", kind: "reference", reference: { target: "profiles" }, labelPath: "owner.full_name" },
    { key: "score", label: "Score", kind: "integer", readOnly: true },
  ],
  schema: leadSchema,
} as const satisfies ObjectModel;
