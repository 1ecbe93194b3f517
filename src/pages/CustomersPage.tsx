import { lazy } from "react";
import { useParams } from "react-router-dom";
import { customerRecords } from "@/components/records/configs/customers";

// The list and the customer page are separate chunks: the list does not download the charts.
const RecordListPage = lazy(() => import("@/components/records/RecordListPage").then((m) => ({ default: m.RecordListPage })));
const CustomerDetailPage = lazy(() => import("@/components/customers/CustomerDetailPage").then((m) => ({ default: m.CustomerDetailPage })));

/** /customers (CS-5, the record engine's list with the health dashboard above it) and /customers/:id (CS-6). */
export default function CustomersPage() {
  const { id } = useParams();
  return id ? (
    <CustomerDetailPage key={id} id={id} />
  ) : (
    <RecordListPage config={customerRecords} description="Every customer you may see, worst health first." />
  );
}
