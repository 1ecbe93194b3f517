import { useParams } from "react-router-dom";
import { dealRecords } from "@/components/records/configs/deals";
import { RecordDetailPage } from "@/components/records/RecordDetailPage";
import { RecordListPage } from "@/components/records/RecordListPage";

/** /deals and /deals/:id, drawn by the generic record engine from the deals config. */
export default function DealsPage() {
  const { id } = useParams();
  return id ? <RecordDetailPage key={id} config={dealRecords} id={id} /> : <RecordListPage config={dealRecords} description="Every deal you may see, by expected close date." />;
}
