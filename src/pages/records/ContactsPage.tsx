import { useParams } from "react-router-dom";
import { contactRecords } from "@/components/records/configs/contacts";
import { RecordDetailPage } from "@/components/records/RecordDetailPage";
import { RecordListPage } from "@/components/records/RecordListPage";

/** /contacts and /contacts/:id, drawn by the generic record engine from the contacts config. */
export default function ContactsPage() {
  const { id } = useParams();
  return id ? <RecordDetailPage key={id} config={contactRecords} id={id} /> : <RecordListPage config={contactRecords} description="The people at your accounts." />;
}
