/** Accounts (PRODUCT.md CRM-1): the rules of public.accounts, and how the list and form show them. */
import { z } from "zod";
import { domain, number, oneOf, reference, text , requiredText } from "@/domain/records/fields";
import type { ObjectModel } from "@/domain/records/model";
import { SEGMENT_LABELS, SEGMENTS, TIER_LABELS, TIERS } from "@/domain/records/options";

export const accountSchema = z.object({
  name: requiredText(200, "Enter the account's name"),
  domain: domain(),
  industry: text(100),
  employee_count: number({ min: 0, max: 10_000_000, integer: true }),
  segment: oneOf(["smb", "mid_market", "enterprise"], SEGMENT_LABELS),
  tier: oneOf(["1", "2", "3"], TIER_LABELS).transform((tier) => (tier === null ? null : Number(tier))),
  owner_id: reference(),
});

export const accountModel = {
  name: "accounts",
  singular: "account",
  plural: "accounts",
  table: "accounts",
  listSource: "account_list",
  searchColumns: ["name", "domain"],
  searchPlaceholder: "Search name or domain…",
  titleColumn: "name",
  readScope: "organisation",
  countMode: "exact",
  omitWhenNull: ["owner_id"],
  defaultSort: [{ column: "name", ascending: true }],
  columns: [
    { id: "name", label: "Name", sortable: true, notNull: true },
    { id: "domain", label: "Domain", sortable: true },
    { id: "industry", label: "Industry", sortable: true },
    { id: "segment", label: "Segment", sortable: true },
    { id: "tier", label: "Tier", sortable: true },
    { id: "employee_count", label: "Employees", sortable: true },
    { id: "owner_name", label: "Owner" },
    { id: "created_at", label: "Created", sortable: true, notNull: true, defaultVisible: false },
  ],
  filters: [
    { id: "segment", label: "Segment", kind: "enum", column: "segment", options: SEGMENTS },
    { id: "tier", label: "Tier", kind: "enum", column: "tier", options: TIERS },
    { id: "owner", label: "Owner", kind: "reference", column: "owner_id", target: "profiles" },
    { id: "employees", label: "Employees", kind: "range", column: "employee_count", type: "number" },
  ],
  fields: [
    { key: "name", label: "Name", kind: "text", required: true },
    { key: "domain", label: "Domain", kind: "domain", description: "Unique in your organisation, like example.com" },
    { key: "industry", label: "Industry", kind: "text" },
    { key: "employee_count", label: "Employees", kind: "integer" },
    { key: "segment", label: "Segment", kind: "enum", options: SEGMENTS },
    { key: "tier", label: "Tier", kind: "enum", options: TIERS },
    { key: "owner_id", label: "Owner", kind: "reference", reference: { target: "profiles" }, labelPath: "owner.full_name" },
  ],
  schema: accountSchema,
} as const satisfies ObjectModel;
