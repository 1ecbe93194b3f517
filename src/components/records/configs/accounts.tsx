import { Building2 } from "lucide-react";
import { contactRecords } from "@/components/records/configs/contacts";
import { dealRecords } from "@/components/records/configs/deals";
import type { RecordConfig } from "@/components/records/types";
import { Badge } from "@/components/ui/badge";
import { accountModel } from "@/domain/records/accounts";
import { SEGMENTS, labelOf } from "@/domain/records/options";

export const accountRecords: RecordConfig = {
  model: accountModel,
  path: "/accounts",
  icon: Building2,
  linkColumn: "name",
  importable: true,
  cells: {
    domain: (row) =>
      row.domain ? (
        <a href={`https://${String(row.domain)}`} target="_blank" rel="noreferrer" className="underline-offset-4 hover:underline">
          {String(row.domain)}
        </a>
      ) : (
        <span className="text-muted-foreground">—</span>
      ),
    tier: (row) => (row.tier ? `Tier ${String(row.tier)}` : <span className="text-muted-foreground">—</span>),
  },
  detail: {
    select: "*, owner:profiles!accounts_org_id_owner_id_fkey(id, full_name)",
    subtitle: (row) => (
      <span className="flex flex-wrap items-center gap-2">
        {row.segment ? <Badge variant="secondary">{labelOf(SEGMENTS, row.segment)}</Badge> : null}
        {row.tier ? <Badge variant="outline">Tier {String(row.tier)}</Badge> : null}
        {row.domain ? String(row.domain) : null}
      </span>
    ),
    sections: [{ title: "Company", fields: ["name", "domain", "industry", "employee_count", "segment", "tier", "owner_id"] }],
    related: [
      {
        title: "Deals",
        config: () => dealRecords,
        column: "account_id",
        filterId: "account",
        columns: ["name", "stage_name", "amount", "expected_close_date", "owner_name"],
        prefill: (account) => ({ account_id: account.id }),
      },
      {
        title: "Contacts",
        config: () => contactRecords,
        column: "account_id",
        filterId: "account",
        columns: ["full_name", "title", "email", "deal_role"],
        prefill: (account) => ({ account_id: account.id }),
      },
    ],
    timeline: "account",
  },
};
