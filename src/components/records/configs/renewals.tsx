import { CalendarClock } from "lucide-react";
import { Link } from "react-router-dom";
import { HealthBadge } from "@/components/customers/HealthBadge";
import { RenewalDealAction, RenewalListPanels, RenewalRiskPanel, RiskBadge } from "@/components/customers/RenewalParts";
import { money } from "@/components/records/configs/cells";
import type { RecordConfig } from "@/components/records/types";
import { Badge } from "@/components/ui/badge";
import { isHealthStatus } from "@/domain/customer-success/health";
import { RENEWAL_STATUS_LABELS, type RenewalStatus } from "@/domain/customer-success/renewals";
import { renewalModel } from "@/domain/records/renewals";
import { formatMoney, formatNumber } from "@/lib/format";

const dash = <span className="text-muted-foreground">—</span>;

export const renewalRecords: RecordConfig = {
  model: renewalModel,
  path: "/renewals",
  icon: CalendarClock,
  linkColumn: "customer_name",
  importable: false,
  writers: ["cs_manager", "admin"],
  list: { above: RenewalListPanels },
  cells: {
    customer_name: (row) => String(row.customer_name ?? "Unnamed customer"),
    days_until: (row) => {
      if (typeof row.days_until !== "number") return dash;
      if (row.days_until >= 0) return `in ${formatNumber(row.days_until)}`;
      const open = row.status === "upcoming" || row.status === "in_progress";
      return <span className={open ? "font-medium text-destructive" : "text-muted-foreground"}>{formatNumber(-row.days_until)} days ago{open ? " (overdue)" : ""}</span>;
    },
    status: (row) => <Badge variant={row.status === "churned" ? "destructive" : row.status === "renewed" ? "default" : "secondary"}>{RENEWAL_STATUS_LABELS[row.status as RenewalStatus] ?? String(row.status)}</Badge>,
    risk_level: (row) => <RiskBadge level={row.risk_level} />,
    current_value: money("current_value"),
    proposed_value: money("proposed_value"),
    value_change: (row) =>
      typeof row.value_change === "number" ? (
        <span className={row.value_change < 0 ? "text-destructive" : row.value_change > 0 ? "text-emerald-700 dark:text-emerald-400" : ""}>
          {row.value_change > 0 ? "+" : ""}
          {formatMoney(row.value_change, String(row.currency ?? "USD"))}
        </span>
      ) : (
        dash
      ),
    health_score: (row) => <HealthBadge status={isHealthStatus(row.health_status) ? row.health_status : null} score={typeof row.health_score === "number" ? row.health_score : null} />,
    renewal_deal_id: (row) =>
      row.renewal_deal_id ? (
        <Link to={`/deals/${String(row.renewal_deal_id)}`} className="underline-offset-4 hover:underline">
          Open deal
        </Link>
      ) : (
        dash
      ),
  },
  detail: {
    select:
      "*, customer:customers!renewals_org_id_customer_id_fkey(id, health_score, health_status, account:accounts!customers_org_id_account_id_fkey(name))",
    subtitle: (row) => {
      const customer = row.customer as { id: string; health_score: number | null; health_status: string | null } | null;
      return (
        <span className="flex flex-wrap items-center gap-2">
          <Badge variant="secondary">{RENEWAL_STATUS_LABELS[row.status as RenewalStatus] ?? String(row.status)}</Badge>
          <RiskBadge level={row.risk_level} />
          {customer && <HealthBadge status={isHealthStatus(customer.health_status) ? customer.health_status : null} score={customer.health_score} />}
          {customer && (
            <Link to={`/customers/${customer.id}`} className="underline-offset-4 hover:underline">
              Open customer
            </Link>
          )}
        </span>
      );
    },
    sections: [
      { title: "Renewal", fields: ["customer_id", "renewal_date", "status", "closed_on", "current_value", "proposed_value", "currency"] },
      { title: "Risk", fields: ["risk_level", "risk_score"], description: "Kept by the database from the customer's health, usage trend and support load." },
      { title: "Notes", fields: ["notes"] },
    ],
    actions: RenewalDealAction,
    panels: RenewalRiskPanel,
  },
};
