import { HeartPulse } from "lucide-react";
import { CustomerListPanels } from "@/components/customers/CustomerListPanels";
import { HealthReportButton } from "@/components/customers/HealthReportButton";
import { HealthBadge } from "@/components/customers/HealthBadge";
import { TrendCell } from "@/components/customers/TrendCell";
import { money } from "@/components/records/configs/cells";
import type { RecordConfig } from "@/components/records/types";
import type { RecordRow } from "@/hooks/useRecords";
import { Badge } from "@/components/ui/badge";
import { isHealthStatus } from "@/domain/customer-success/health";
import { RISK_LEVEL_LABELS, type RiskLevel } from "@/domain/customer-success/renewals";
import { customerModel } from "@/domain/records/customers";
import { formatDate, formatNumber } from "@/lib/format";

const dash = <span className="text-muted-foreground">—</span>;
const day = (column: string) => (row: RecordRow) =>
  row[column] ? <time dateTime={String(row[column])}>{formatDate(String(row[column]))}</time> : dash;

export const customerRecords: RecordConfig = {
  model: customerModel,
  path: "/customers",
  icon: HeartPulse,
  linkColumn: "name",
  importable: false,
  writers: ["cs_manager", "admin"],
  list: { above: CustomerListPanels, toolbar: HealthReportButton },
  cells: {
    health_score: (row) =>
      row.is_active === false ? (
        <Badge variant="secondary">Churned</Badge>
      ) : (
        <HealthBadge status={isHealthStatus(row.health_status) ? row.health_status : null} score={typeof row.health_score === "number" ? row.health_score : null} />
      ),
    health_status: (row) => <HealthBadge status={isHealthStatus(row.health_status) ? row.health_status : null} />,
    health_trend_7d: (row) => <TrendCell trend={row.health_trend_7d} />,
    arr: money("arr"),
    mrr: money("mrr"),
    tier: (row) => (row.tier ? `Tier ${String(row.tier)}` : dash),
    contract_end: (row) =>
      row.contract_end ? (
        <span className="grid">
          <time dateTime={String(row.contract_end)}>{formatDate(String(row.contract_end))}</time>
          {typeof row.days_to_contract_end === "number" && row.days_to_contract_end >= 0 && row.days_to_contract_end <= 90 && (
            <span className="text-xs text-muted-foreground">in {formatNumber(row.days_to_contract_end)} days</span>
          )}
        </span>
      ) : (
        dash
      ),
    next_renewal_date: day("next_renewal_date"),
    last_login_on: day("last_login_on"),
    onboarded_on: day("onboarded_on"),
    contract_start: day("contract_start"),
    churn_risk: (row) => (typeof row.churn_risk === "number" ? <span className="tabular-nums">{row.churn_risk}</span> : dash),
    next_renewal_risk: (row) => (row.next_renewal_risk ? <Badge variant="outline">{RISK_LEVEL_LABELS[row.next_renewal_risk as RiskLevel]}</Badge> : dash),
    is_active: (row) => (row.is_active === false ? <Badge variant="secondary">Churned</Badge> : <Badge variant="outline">Active</Badge>),
  },
  detail: {
    // The edit form's record: the customer with the names its references point at.
    select:
      "*, account:accounts!customers_org_id_account_id_fkey(id, name), owner:profiles!customers_org_id_owner_id_fkey(id, full_name), " +
      "primary_contact:contacts!customers_org_id_primary_contact_id_fkey(id, full_name)",
    sections: [],
    timeline: "customer",
  },
};
