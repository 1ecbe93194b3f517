/**
 * Customers (PRODUCT.md CS-1, CS-5): the rules of public.customers, and how the customers list
 * (public.customer_list, worst health first) and form show them. The health columns are the daily
 * job's; people set the contract, revenue, tier and CSM.
 */
import { z } from "zod";
import { HEALTH_LABELS } from "@/domain/customer-success/health";
import { currency, date, dateTime, money, oneOf, reference, text } from "@/domain/records/fields";
import type { ObjectModel, Option } from "@/domain/records/model";
import { SEGMENTS, TIER_LABELS, TIERS } from "@/domain/records/options";

export const HEALTH_OPTIONS: readonly Option[] = Object.entries(HEALTH_LABELS).map(([value, label]) => ({ value, label }));

export const customerSchema = z
  .object({
    account_id: reference({ required: "Choose the account" }),
    owner_id: reference(),
    primary_contact_id: reference(),
    tier: oneOf(["1", "2", "3"], TIER_LABELS, { defaultValue: "2" }).transform((tier) => (tier === null ? null : Number(tier))),
    industry: text(100),
    contract_start: date({ min: "2000-01-01", max: "2100-12-31", required: "Choose when the contract started" }),
    contract_end: date({ min: "2000-01-02", max: "2100-12-31" }),
    mrr: money(),
    currency: currency(),
    onboarded_on: date({ min: "2000-01-01", max: "2100-12-31" }),
    churned_at: dateTime(),
    churn_reason: text(500),
  })
  .refine((values) => !values.contract_end || !values.contract_start || values.contract_end > values.contract_start, {
    path: ["contract_end"],
    error: "The contract must end after it starts",
  });

export const customerModel = {
  name: "customers",
  singular: "customer",
  plural: "customers",
  table: "customers",
  listSource: "customer_list",
  searchColumns: ["name", "domain"],
  searchPlaceholder: "Search customer or domain…",
  titleColumn: "account.name",
  // A rep reads the customers of their accounts whoever the CSM is: no owner filter to add.
  readScope: "organisation",
  // customer_list at 100,000 customers: an exact count reads every row (docs/customer-success-api.md).
  countMode: "estimated",
  omitWhenNull: ["owner_id", "tier", "mrr", "currency"],
  defaultSort: [{ column: "health_score", ascending: true }],
  // Churned customers are no longer scored: the list starts with the active ones, as the dashboard counts them.
  defaultFilters: { active: "true" },
  // health_score (and contract_end) have indexes; other orders over 100,000 customers would compute
  // the whole view first, so they are offered on a CSM's own book (an owner filter) only.
  columns: [
    { id: "name", label: "Customer", sortable: "narrowed" },
    { id: "health_score", label: "Health", sortable: true },
    { id: "health_trend_7d", label: "7-day trend", sortable: "narrowed" },
    { id: "arr", label: "ARR", sortable: "narrowed" },
    { id: "tier", label: "Tier", sortable: "narrowed", notNull: true },
    { id: "industry", label: "Industry", sortable: "narrowed" },
    { id: "owner_name", label: "CSM" },
    { id: "contract_end", label: "Contract end", sortable: true },
    { id: "next_renewal_date", label: "Next renewal", sortable: "narrowed" },
    { id: "churn_risk", label: "Churn risk", sortable: "narrowed" },
    { id: "top_churn_factor", label: "Top churn factor", defaultVisible: false },
    { id: "expansion_score", label: "Expansion", sortable: "narrowed", defaultVisible: false },
    { id: "health_status", label: "Health status", defaultVisible: false },
    { id: "mrr", label: "MRR", sortable: "narrowed", notNull: true, defaultVisible: false },
    { id: "segment", label: "Segment", defaultVisible: false },
    { id: "domain", label: "Domain", defaultVisible: false },
    { id: "last_login_on", label: "Last login", sortable: "narrowed", defaultVisible: false },
    { id: "onboarded_on", label: "Onboarded", defaultVisible: false },
    { id: "contract_start", label: "Contract start", sortable: "narrowed", notNull: true, defaultVisible: false },
    { id: "next_renewal_risk", label: "Renewal risk", defaultVisible: false },
    { id: "is_active", label: "Active", defaultVisible: false },
  ],
  filters: [
    { id: "health", label: "Health", kind: "enum", column: "health_status", options: HEALTH_OPTIONS },
    { id: "contract_end", label: "Contract end", kind: "range", column: "contract_end", type: "date" },
    { id: "tier", label: "Tier", kind: "enum", column: "tier", options: TIERS },
    { id: "industry", label: "Industry", kind: "text", column: "industry", placeholder: "e.g. Software" },
    { id: "segment", label: "Segment", kind: "enum", column: "segment", options: SEGMENTS },
    { id: "owner", label: "CSM", kind: "reference", column: "owner_id", target: "profiles" },
    { id: "score", label: "Health score", kind: "range", column: "health_score", type: "number" },
    { id: "active", label: "Status", kind: "boolean", column: "is_active", trueLabel: "Active", falseLabel: "Churned" },
  ],
  fields: [
    { key: "account_id", label: "Account", kind: "reference", required: true, reference: { target: "accounts" }, labelPath: "account.name" },
    { key: "owner_id", label: "CSM", kind: "reference", reference: { target: "profiles" }, labelPath: "owner.full_name" },
    {
      key: "primary_contact_id",
      label: "Primary contact",
      kind: "reference",
      reference: { target: "contacts", dependsOn: { field: "account_id", column: "account_id" } },
      labelPath: "primary_contact.full_name",
    },
    { key: "tier", label: "Tier", kind: "enum", options: TIERS, description: "1 high touch, 3 tech touch" },
    { key: "industry", label: "Industry", kind: "text", description: "Empty for the account's industry" },
    { key: "contract_start", label: "Contract start", kind: "date", required: true },
    { key: "contract_end", label: "Contract end", kind: "date" },
    { key: "mrr", label: "MRR", kind: "money", currencyKey: "currency" },
    { key: "arr", label: "ARR", kind: "money", currencyKey: "currency", readOnly: true },
    { key: "currency", label: "Currency", kind: "text", description: "3 letters; empty for your organisation's" },
    { key: "onboarded_on", label: "Onboarded on", kind: "date" },
    { key: "churned_at", label: "Churned at", kind: "datetime" },
    { key: "churn_reason", label: "Churn reason", kind: "textarea", wide: true },
  ],
  schema: customerSchema,
} as const satisfies ObjectModel;
