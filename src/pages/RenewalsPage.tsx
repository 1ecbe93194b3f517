import { lazy } from "react";
import { useParams } from "react-router-dom";
import { renewalRecords } from "@/components/records/configs/renewals";

// The list and the record page are separate chunks: opening one does not download the other.
const RecordListPage = lazy(() => import("@/components/records/RecordListPage").then((m) => ({ default: m.RecordListPage })));
const RecordDetailPage = lazy(() => import("@/components/records/RecordDetailPage").then((m) => ({ default: m.RecordDetailPage })));

/** /renewals (CS-7: the 30/60/90/180-day timeline and the table) and /renewals/:id, drawn by the record engine. */
export default function RenewalsPage() {
  const { id } = useParams();
  return id ? (
    <RecordDetailPage key={id} config={renewalRecords} id={id} />
  ) : (
    <RecordListPage config={renewalRecords} description="Upcoming renewals, soonest first, with their risk." />
  );
}
