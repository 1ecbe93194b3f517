import { Contact } from "lucide-react";
import { Link } from "react-router-dom";
import { dealRecords } from "@/components/records/configs/deals";
import type { RecordConfig } from "@/components/records/types";
import { contactModel } from "@/domain/records/contacts";

export const contactRecords: RecordConfig = {
  model: contactModel,
  path: "/contacts",
  icon: Contact,
  linkColumn: "full_name",
  importable: true,
  cells: {
    email: (row) =>
      row.email ? (
        <a href={`mailto:${String(row.email)}`} className="underline-offset-4 hover:underline">
          {String(row.email)}
        </a>
      ) : (
        <span className="text-muted-foreground">—</span>
      ),
    account_name: (row) =>
      row.account_id ? (
        <Link to={`/accounts/${String(row.account_id)}`} className="underline-offset-4 hover:underline">
          {String(row.account_name ?? "")}
        </Link>
      ) : (
        <span className="text-muted-foreground">—</span>
      ),
  },
  detail: {
    select: "*, account:accounts!contacts_org_id_account_id_fkey(id, name), owner:profiles!contacts_org_id_owner_id_fkey(id, full_name)",
    subtitle: (row) => [row.title, (row.account as { name?: string } | null)?.name].filter(Boolean).join(" · "),
    sections: [{ title: "Contact", fields: ["first_name", "last_name", "title", "email", "phone", "deal_role", "account_id", "owner_id"] }],
    related: [
      {
        title: "Deals as primary contact",
        config: () => dealRecords,
        column: "primary_contact_id",
        filterId: "contact",
        columns: ["name", "stage_name", "amount", "expected_close_date"],
        prefill: (contact) => ({ primary_contact_id: contact.id, account_id: contact.account_id }),
      },
    ],
    timeline: "contact",
  },
};
