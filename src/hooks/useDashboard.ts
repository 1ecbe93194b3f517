import { useQuery } from "@tanstack/react-query";
import { browserTimeZone, repDashboardSchema } from "@/domain/dashboard";
import { dbError } from "@/lib/dbError";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";

/** The signed-in user's open pipeline by stage, tasks due and stale deals, from public.rep_dashboard(). */
export function useRepDashboard(userId: string) {
  return useQuery({
    queryKey: queryKeys.dashboard(userId),
    queryFn: async () => {
      const { data, error } = await supabase.rpc("rep_dashboard", { time_zone: browserTimeZone() });
      if (error) throw dbError(error);
      return repDashboardSchema.parse(data);
    },
  });
}
