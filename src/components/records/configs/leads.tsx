import { Magnet } from "lucide-react";
import { money, relative } from "@/components/records/configs/cells";
import { ConvertLead, LeadConversion } from "@/components/records/configs/LeadParts";
import { ScoreBadge } from "@/components/records/configs/ScoreBadge";
import type { RecordConfig } from "@/components/records/types";
import { Badge } from "@/components/ui/badge";
import { leadModel } from "@/domain/records/leads";
import { LEAD_STATUSES, labelOf } from "@/domain/records/options";

export const leadRecords: RecordConfig = {
  model: leadModel,
  path: "/leads",
  icon: Magnet,
  linkColumn: "company",
  importable: true,
  useNewDefaults: () => ({ source: "other", status: "new" }),
  cells: {
    score: (row) => <ScoreBadge score={Number(row.score)} />,
    value: money("value"),
    last_contacted_at: relative("last_contacted_at"),
  },
  detail: {
    select:
      "*, owner:profiles!leads_org_id_owner_id_fkey(id, full_name), converted_account:accounts!leads_org_id_converted_account_id_fkey(id, name), " +
      "converted_contact:contacts!leads_org_id_converted_contact_id_fkey(id, full_name), converted_deal:deals!leads_org_id_converted_deal_id_fkey(id, name)",
    subtitle: (row) => (
      <span className="flex flex-wrap items-center gap-2">
        <Badge variant="secondary">{labelOf(LEAD_STATUSES, row.status)}</Badge>
        <span>Score</span> <ScoreBadge score={Number(row.score)} />
        {[row.first_name, row.last_name].filter(Boolean).join(" ")}
      </span>
    ),
    sections: [
      { title: "Company", fields: ["company", "domain", "industry", "company_size"] },
      { title: "Person", fields: ["first_name", "last_name", "title", "email", "phone"] },
      { title: "Qualification", fields: ["status", "source", "value", "probability", "score", "last_contacted_at", "owner_id"] },
    ],
    timeline: "lead",
    actions: ConvertLead,
    panels: LeadConversion,
  },
};
