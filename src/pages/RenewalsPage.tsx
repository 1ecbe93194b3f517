import { useParams } from "react-router-dom";
import { renewalRecords } from "@/components/records/configs/renewals";
import { RecordDetailPage } from "@/components/records/RecordDetailPage";
import { RecordListPage } from "@/components/records/RecordListPage";

/** /renewals (CS-7: the 30/60/90/180-day timeline and the table) and /renewals/:id, drawn by the record engine. */
export default function RenewalsPage() {
  const { id } = useParams();
  return id ? (
    <RecordDetailPage key={id} config={renewalRecords} id={id} />
  ) : (
    <RecordListPage config={renewalRecords} description="Upcoming renewals, soonest first, with their risk." />
  );
}
