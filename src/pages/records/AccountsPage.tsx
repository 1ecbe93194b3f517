import { useParams } from "react-router-dom";
import { accountRecords } from "@/components/records/configs/accounts";
import { RecordDetailPage } from "@/components/records/RecordDetailPage";
import { RecordListPage } from "@/components/records/RecordListPage";

/** /accounts and /accounts/:id, drawn by the generic record engine from the accounts config. */
export default function AccountsPage() {
  const { id } = useParams();
  return id ? <RecordDetailPage key={id} config={accountRecords} id={id} /> : <RecordListPage config={accountRecords} description="The companies you sell to: your organisation's shared directory." />;
}
