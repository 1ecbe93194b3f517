/**
 * The customer health report (PRODUCT.md CS-9): what the CSV holds and how the customers list's
 * query becomes the report's (public.customer_health_report names the customer `customer` and has
 * no owner id: a filter it cannot apply is left out rather than guessed).
 */
import type { ListQuery } from "@/domain/records/listState";

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
const REPORT_COLUMNS = new Set<string>([...HEALTH_REPORT_COLUMNS.map((c) => c.id), "is_active", "id"]);
const RENAMED: Record<string, string> = { name: "customer" };
const rename = (column: string) => RENAMED[column] ?? column;

/** The customers list's query for the report: same filters, search and order where the report has the column. */
export function healthReportQuery(query: ListQuery): ListQuery {
  const filters = query.filters.map((f) => ({ ...f, column: rename(f.column) })).filter((f) => REPORT_COLUMNS.has(f.column));
  const searchColumns = query.search?.columns.map(rename).filter((c) => REPORT_COLUMNS.has(c)) ?? [];
  const order = query.order.map((key) => ({ ...key, column: rename(key.column) })).filter((key) => REPORT_COLUMNS.has(key.column));
  return {
    filters,
    search: query.search && searchColumns.length ? { words: query.search.words, columns: searchColumns } : null,
    order: order.length ? order : [{ column: "health_score", ascending: true }],
  };
}
