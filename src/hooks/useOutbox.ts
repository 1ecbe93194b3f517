/** The email outbox (PRODUCT.md CS-4, CS-9): what the platform queued, sent or failed to send, newest first. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { dbError } from "@/lib/dbError";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";
import type { Database } from "@/types/database";

export type EmailStatus = Database["public"]["Enums"]["email_status"];
export const OUTBOX_PAGE_SIZE = 25;

export function useOutbox({ status, page }: { status: EmailStatus | null; page: number }) {
  return useQuery({
    queryKey: queryKeys.customerSuccess.outbox({ status, page }),
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const from = (page - 1) * OUTBOX_PAGE_SIZE;
      let query = supabase
        .from("email_outbox")
        .select("id, kind, to_email, to_name, subject, body, status, attempts, next_attempt_at, last_error, sent_at, created_at, customer_id, customer:customers!email_outbox_org_id_customer_id_fkey(id, account:accounts!customers_org_id_account_id_fkey(name))", {
          count: "estimated",
        });
      if (status) query = query.eq("status", status);
      const { data, error, count } = await query.order("created_at", { ascending: false }).order("id", { ascending: false }).range(from, from + OUTBOX_PAGE_SIZE);
      if (error) throw dbError(error);
      return { rows: data.slice(0, OUTBOX_PAGE_SIZE), hasMore: data.length > OUTBOX_PAGE_SIZE, count };
    },
  });
}
