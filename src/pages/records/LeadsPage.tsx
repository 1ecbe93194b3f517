import { useParams } from "react-router-dom";
import { leadRecords } from "@/components/records/configs/leads";
import { RecordDetailPage } from "@/components/records/RecordDetailPage";
import { RecordListPage } from "@/components/records/RecordListPage";

/** /leads and /leads/:id, drawn by the generic record engine from the leads config. */
export default function LeadsPage() {
  const { id } = useParams();
  return id ? <RecordDetailPage key={id} config={leadRecords} id={id} /> : <RecordListPage config={leadRecords} description="People and companies who may buy, best score first." />;
}
