import { lazy } from "react";
import { useParams } from "react-router-dom";
import { dealRecords } from "@/components/records/configs/deals";

// The list and the record page are separate chunks: opening one does not download the other.
const RecordListPage = lazy(() => import("@/components/records/RecordListPage").then((m) => ({ default: m.RecordListPage })));
const RecordDetailPage = lazy(() => import("@/components/records/RecordDetailPage").then((m) => ({ default: m.RecordDetailPage })));

/** /deals and /deals/:id, drawn by the generic record engine from the deals config. */
export default function DealsPage() {
  const { id } = useParams();
  return id ? <RecordDetailPage key={id} config={dealRecords} id={id} /> : <RecordListPage config={dealRecords} description="Every deal you may see, by expected close date." />;
}
