import { lazy } from "react";
import { useParams } from "react-router-dom";
import { leadRecords } from "@/components/records/configs/leads";

// The list and the record page are separate chunks: opening one does not download the other.
const RecordListPage = lazy(() => import("@/components/records/RecordListPage").then((m) => ({ default: m.RecordListPage })));
const RecordDetailPage = lazy(() => import("@/components/records/RecordDetailPage").then((m) => ({ default: m.RecordDetailPage })));

/** /leads and /leads/:id, drawn by the generic record engine from the leads config. */
export default function LeadsPage() {
  const { id } = useParams();
  return id ? <RecordDetailPage key={id} config={leadRecords} id={id} /> : <RecordListPage config={leadRecords} description="People and companies who may buy, best score first." />;
}
