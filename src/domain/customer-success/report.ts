/**
 * The customer health report (PRODUCT.md CS-9): what the CSV holds, how the customers list's
 * query becomes the report's (public.customer_health_report names the customer `customer`; a
 * filter it cannot apply is left out rather than guessed), and whose book it covers: the list's,
 * every CSM's or one CSM's (owner_id).
 */
import type { ListQuery, QueryFilter } from "@/domain/records/listState";

export const HEALTH_REPORT_COLUMNS = [
  { id: "customer", label: "Customer" },
  { id: "domain", label: "Domain" },
  { id: "owner_name", label: "CSM" },
  { id: "tier", label: "Tier" },
  { id: "industry", label: "Industry" },
  { id: "segment", label: "Segment" },
  { id: "health_score", label: "Health score" },
  { id: "health_status", label: "Health status" },
  { id: "health_trend_7d", label: "7-day trend" },
  { id: "health_scored_on", label: "Scored on" },
  { id: "last_login_on", label: "Last login" },
  { id: "login_recency_points", label: "Login recency points" },
  { id: "feature_adoption_points", label: "Feature adoption points" },
  { id: "user_activity_points", label: "User activity points" },
  { id: "onboarding_points", label: "Onboarding points" },
  { id: "journey_points", label: "Journey points" },
  { id: "support_tickets_points", label: "Support tickets points" },
  { id: "nps_csat_points", label: "NPS/CSAT points" },
  { id: "payment_health_points", label: "Payment health points" },
  { id: "seat_utilisation_points", label: "Seat utilisation points" },
  { id: "churn_risk", label: "Churn risk" },
  { id: "top_churn_factor", label: "Top churn factor" },
  { id: "expansion_score", label: "Expansion score" },
  { id: "mrr", label: "MRR" },
  { id: "arr", label: "ARR" },
  { id: "currency", label: "Currency" },
  { id: "contract_end", label: "Contract end" },
  { id: "next_renewal_date", label: "Next renewal" },
  { id: "next_renewal_risk", label: "Renewal risk" },
] as const;

/** Columns of the report a list filter or sort may name; the list's `name` is the report's `customer`. */
const REPORT_COLUMNS = new Set<string>([...HEALTH_REPORT_COLUMNS.map((c) => c.id), "is_active", "id", "owner_id"]);
const RENAMED: Record<string, string> = { name: "customer" };
const rename = (column: string) => RENAMED[column] ?? column;

/**
 * The customers list's query for the report: same filters, search and order where the report has
 * the column. `owner` chooses the CSM: left out, the list's own CSM filter stands; null, every
 * CSM's customers; an id, that CSM's only.
 */
export function healthReportQuery(query: ListQuery, owner?: string | null): ListQuery {
  const kept = query.filters.map((f) => ({ ...f, column: rename(f.column) })).filter((f) => REPORT_COLUMNS.has(f.column));
  const others = kept.filter((f) => f.column !== "owner_id");
  const mine: QueryFilter[] = owner ? [{ column: "owner_id", op: "eq", value: owner }] : [];
  const filters = owner === undefined ? kept : [...mine, ...others];
  const searchColumns = query.search?.columns.map(rename).filter((c) => REPORT_COLUMNS.has(c)) ?? [];
  const order = query.order.map((key) => ({ ...key, column: rename(key.column) })).filter((key) => REPORT_COLUMNS.has(key.column));
  return {
    filters,
    search: query.search && searchColumns.length ? { words: query.search.words, columns: searchColumns } : null,
    order: order.length ? order : [{ column: "health_score", ascending: true }],
  };
}

/** The CSMs a whole-organisation reader may export the report of: active CS managers, by name. */
export function reportOwners<T extends { role: string; active: boolean; full_name: string | null }>(people: readonly T[]): T[] {
  return people.filter((p) => p.role === "cs_manager" && p.active).sort((a, b) => (a.full_name ?? "").localeCompare(b.full_name ?? ""));
}

/** customer-health-2026-11-24.csv, or customer-health-morgan-reyes-2026-11-24.csv for one CSM. */
export function healthReportFilename(day: string, ownerName?: string | null): string {
  const slug = (ownerName ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return `customer-health-${slug ? `${slug}-` : ""}${day}.csv`;
}
