import { useQuery } from "@tanstack/react-query";
import { addDays, format } from "date-fns";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";

/** A new deal starts in the default pipeline's first open stage, closing in 30 days. */
export function useNewDealDefaults() {
  const pipeline = useQuery({
    queryKey: [...queryKeys.pipelines.all, "default-first-stage"],
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const { data, error } = await supabase
        .from("pipelines")
        .select("id, stages:pipeline_stages!pipeline_stages_org_id_pipeline_id_fkey(id, position, is_won, is_lost)")
        .eq("is_default", true)
        .maybeSingle();
      if (error) throw error;
      return data;
    },
  });
  const expected_close_date = format(addDays(new Date(), 30), "yyyy-MM-dd");
  if (pipeline.isPending) return undefined;
  const stage = pipeline.data?.stages.filter((s) => !s.is_won && !s.is_lost).sort((a, b) => a.position - b.position)[0];
  return { pipeline_id: pipeline.data?.id ?? "", stage_id: stage?.id ?? "", expected_close_date };
}
