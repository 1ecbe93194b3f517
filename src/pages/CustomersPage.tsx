import { useParams } from "react-router-dom";
import { CustomerDetailPage } from "@/components/customers/CustomerDetailPage";
import { customerRecords } from "@/components/records/configs/customers";
import { RecordListPage } from "@/components/records/RecordListPage";

/** /customers (CS-5, the record engine's list with the health dashboard above it) and /customers/:id (CS-6). */
export default function CustomersPage() {
  const { id } = useParams();
  return id ? (
    <CustomerDetailPage key={id} id={id} />
  ) : (
    <RecordListPage config={customerRecords} description="Every customer you may see, worst health first." />
  );
}
