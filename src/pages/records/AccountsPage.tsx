import { lazy } from "react";
import { useParams } from "react-router-dom";
import { accountRecords } from "@/components/records/configs/accounts";

// The list and the record page are separate chunks: opening one does not download the other.
const RecordListPage = lazy(() => import("@/components/records/RecordListPage").then((m) => ({ default: m.RecordListPage })));
const RecordDetailPage = lazy(() => import("@/components/records/RecordDetailPage").then((m) => ({ default: m.RecordDetailPage })));

/** /accounts and /accounts/:id, drawn by the generic record engine from the accounts config. */
export default function AccountsPage() {
  const { id } = useParams();
  return id ? <RecordDetailPage key={id} config={accountRecords} id={id} /> : <RecordListPage config={accountRecords} description="The companies you sell to: your organisation's shared directory." />;
}
