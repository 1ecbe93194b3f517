/** The labels of the CRM's enumerations, in the order the database lists them. */
import type { Option } from "@/domain/records/model";
import type { Database } from "@/types/database";

type Enums = Database["public"]["Enums"];

function options<Value extends string>(labels: Record<Value, string>): readonly Option[] {
  return Object.entries<string>(labels).map(([value, label]) => ({ value, label }));
}

export const LEAD_SOURCE_LABELS: Record<Enums["lead_source"], string> = {
  website: "Website",
  referral: "Referral",
  event: "Event",
  outbound: "Outbound",
  partner: "Partner",
  advertising: "Advertising",
  other: "Other",
};
export const LEAD_STATUS_LABELS: Record<Enums["lead_status"], string> = {
  new: "New",
  contacted: "Contacted",
  qualified: "Qualified",
  unqualified: "Unqualified",
  converted: "Converted",
};
/** What a person may set; "converted" is the database's (convert_lead). */
export const EDITABLE_LEAD_STATUSES = ["new", "contacted", "qualified", "unqualified"] as const satisfies readonly Enums["lead_status"][];

export const SEGMENT_LABELS: Record<Enums["account_segment"], string> = {
  smb: "SMB",
  mid_market: "Mid-market",
  enterprise: "Enterprise",
};
export const TIER_LABELS: Record<"1" | "2" | "3", string> = { "1": "Tier 1", "2": "Tier 2", "3": "Tier 3" };

export const DEAL_ROLE_LABELS: Record<Enums["contact_deal_role"], string> = {
  champion: "Champion",
  economic_buyer: "Economic buyer",
  decision_maker: "Decision maker",
  influencer: "Influencer",
  user: "User",
  blocker: "Blocker",
  other: "Other",
};

export const DEAL_STATUS_LABELS: Record<Enums["deal_status"], string> = { open: "Open", won: "Won", lost: "Lost" };
export const DEAL_TYPE_LABELS: Record<Enums["deal_type"], string> = { new: "New business", renewal: "Renewal", expansion: "Expansion" };
export const FORECAST_LABELS: Record<Enums["forecast_category"], string> = {
  pipeline: "Pipeline",
  best_case: "Best case",
  commit: "Commit",
  closed: "Closed",
  omitted: "Omitted",
};
/** What a person may set; closed and omitted follow a won or lost stage. */
export const EDITABLE_FORECASTS = ["pipeline", "best_case", "commit"] as const satisfies readonly Enums["forecast_category"][];
export const BILLING_CYCLE_LABELS: Record<Enums["billing_cycle"], string> = {
  monthly: "Monthly",
  quarterly: "Quarterly",
  semi_annual: "Semi-annual",
  annual: "Annual",
  multi_year: "Multi-year",
  one_time: "One-time",
};

export const LEAD_SOURCES = options(LEAD_SOURCE_LABELS);
export const LEAD_STATUSES = options(LEAD_STATUS_LABELS);
export const SEGMENTS = options(SEGMENT_LABELS);
export const TIERS = options(TIER_LABELS);
export const DEAL_ROLES = options(DEAL_ROLE_LABELS);
export const DEAL_STATUSES = options(DEAL_STATUS_LABELS);
export const DEAL_TYPES = options(DEAL_TYPE_LABELS);
export const FORECASTS = options(FORECAST_LABELS);
export const BILLING_CYCLES = options(BILLING_CYCLE_LABELS);

/** Only the values a person may choose, with their labels. */
export function pick(all: readonly Option[], values: readonly string[]): readonly Option[] {
  return all.filter((option) => values.includes(option.value));
}

/** The label of a value, or the value itself when unknown; "—" for nothing. */
export function labelOf(all: readonly Option[], value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  return all.find((option) => option.value === String(value))?.label ?? String(value);
}
