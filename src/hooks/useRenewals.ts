/**
 * Renewals beyond their list (PRODUCT.md CS-7): the timeline's buckets and opening a renewal deal.
 * The table, create and edit are the record engine's (renewals config).
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { dbError } from "@/lib/dbError";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";

/** Open renewals per bucket (overdue, 30, 60, 90, 180, later) and currency (public.renewal_buckets). */
export function useRenewalBuckets() {
  return useQuery({
    queryKey: queryKeys.renewals.buckets,
    queryFn: async () => {
      const { data, error } = await supabase.rpc("renewal_buckets");
      if (error) throw dbError(error);
      return data;
    },
  });
}

/** Opens the renewal deal of a renewal in the default pipeline (or answers the one it has). */
export function useCreateRenewalDeal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (renewalId: string) => {
      const { data, error } = await supabase.rpc("create_renewal_deal", { p_renewal_id: renewalId });
      if (error) throw dbError(error);
      return data;
    },
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.records.all }),
        queryClient.invalidateQueries({ queryKey: queryKeys.renewals.all }),
        queryClient.invalidateQueries({ queryKey: queryKeys.customers.all }),
        queryClient.invalidateQueries({ queryKey: queryKeys.board.all }),
      ]),
  });
}
