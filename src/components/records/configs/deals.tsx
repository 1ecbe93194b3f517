import { Handshake } from "lucide-react";
import { Link } from "react-router-dom";
import { money } from "@/components/records/configs/cells";
import { ListScore, StageBadge, StatusBadge } from "@/components/records/configs/DealParts";
import { useNewDealDefaults } from "@/components/records/configs/useNewDealDefaults";
import type { RecordConfig } from "@/components/records/types";
import { DealPanels, DealScoreSummary } from "@/components/scoring/DealPanels";
import { Badge } from "@/components/ui/badge";
import { dealModel, MEDDPICC } from "@/domain/records/deals";
import { formatMoney, formatNumber } from "@/lib/format";

export const dealRecords: RecordConfig = {
  model: dealModel,
  path: "/deals",
  icon: Handshake,
  linkColumn: "name",
  importable: false,
  useNewDefaults: useNewDealDefaults,
  cells: {
    account_name: (row) =>
      row.account_id ? (
        <Link to={`/accounts/${String(row.account_id)}`} className="underline-offset-4 hover:underline">
          {String(row.account_name ?? "")}
        </Link>
      ) : (
        "—"
      ),
    stage_name: (row) => <StageBadge name={row.stage_name} colour={row.stage_colour} />,
    amount: money("amount"),
    weighted_amount: money("weighted_amount"),
    probability: (row) => `${formatNumber(row.probability as number)} %`,
    status: (row) => <StatusBadge status={row.status} />,
    score: (row) => <ListScore row={row} />,
    is_stale: (row) => (row.is_stale ? <Badge variant="destructive">Stale</Badge> : ""),
  },
  detail: {
    select:
      "*, account:accounts!deals_org_id_account_id_fkey(id, name), primary_contact:contacts!deals_org_id_primary_contact_id_fkey(id, full_name), " +
      "stage:pipeline_stages!deals_stage_in_pipeline_fkey(id, name, colour, is_won, is_lost, pipeline:pipelines!pipeline_stages_org_id_pipeline_id_fkey(id, name)), " +
      "owner:profiles!deals_org_id_owner_id_fkey(id, full_name), deal_scores(score, classification)",
    subtitle: (row) => {
      const stage = row.stage as { name?: string; colour?: string } | null;
      return (
        <span className="flex flex-wrap items-center gap-2">
          <StatusBadge status={row.status} />
          <StageBadge name={stage?.name} colour={stage?.colour} />
          <span>{formatMoney(row.amount as number, String(row.currency ?? "USD"))}</span>
          <DealScoreSummary record={row} />
        </span>
      );
    },
    sections: [
      {
        title: "Overview",
        fields: ["account_id", "primary_contact_id", "pipeline_id", "stage_id", "amount", "expected_close_date", "probability", "forecast_category", "deal_type", "owner_id"],
      },
      {
        title: "Commercials",
        fields: ["product_line", "list_price", "discount_pct", "margin_pct", "contract_term_months", "billing_cycle", "payment_terms_days", "currency"],
      },
      { title: "Next step and competition", fields: ["next_step", "competitors", "lost_reason"] },
      { title: "MEDDPICC", fields: MEDDPICC.map(([key]) => key) },
    ],
    timeline: "deal",
    panels: DealPanels,
  },
};
