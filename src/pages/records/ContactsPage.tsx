import { lazy } from "react";
import { useParams } from "react-router-dom";
import { contactRecords } from "@/components/records/configs/contacts";

// The list and the record page are separate chunks: opening one does not download the other.
const RecordListPage = lazy(() => import("@/components/records/RecordListPage").then((m) => ({ default: m.RecordListPage })));
const RecordDetailPage = lazy(() => import("@/components/records/RecordDetailPage").then((m) => ({ default: m.RecordDetailPage })));

/** /contacts and /contacts/:id, drawn by the generic record engine from the contacts config. */
export default function ContactsPage() {
  const { id } = useParams();
  return id ? <RecordDetailPage key={id} config={contactRecords} id={id} /> : <RecordListPage config={contactRecords} description="The people at your accounts." />;
}
