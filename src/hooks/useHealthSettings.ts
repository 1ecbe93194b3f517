/**
 * Settings → Health score (PRODUCT.md CS-2, CS-3; issue 6's validation): the organisation's
 * configuration, a preview of a draft over current customers, the stored validation of the score
 * against what churned, the daily job's runs and "Run now".
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { StoredHealthConfig } from "@/domain/customer-success/healthConfig";
import type { HealthStatus } from "@/domain/customer-success/health";
import { dbError } from "@/lib/dbError";
import { invokeFunction } from "@/lib/functions";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";
import type { Json } from "@/types/database";

export function useHealthConfig() {
  return useQuery({
    queryKey: queryKeys.customerSuccess.healthConfig,
    queryFn: async () => {
      const { data, error } = await supabase.from("health_score_configs").select("id, indicators, healthy_min, at_risk_min, window_days, version, updated_at").maybeSingle();
      if (error) throw dbError(error);
      return data;
    },
  });
}

export type HealthConfigRow = NonNullable<ReturnType<typeof useHealthConfig>["data"]>;

/** Saves the configuration if nobody changed it since it was loaded (its version). */
export function useSaveHealthConfig() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, version, config }: { id: string; version: number; config: StoredHealthConfig }) => {
      const { data, error } = await supabase
        .from("health_score_configs")
        .update({ indicators: config.indicators as NonNullable<Json>, healthy_min: config.healthy_min, at_risk_min: config.at_risk_min, window_days: config.window_days })
        .eq("id", id)
        .eq("version", version)
        .select("id");
      if (error) throw dbError(error);
      if (!data.length) throw new Error("The configuration was not saved: someone changed it since you opened it (reload to see theirs), or only admins may change it.");
    },
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.customerSuccess.all }),
        queryClient.invalidateQueries({ queryKey: queryKeys.customers.all }),
      ]),
  });
}

export type HealthPreview = {
  customers: number;
  sampled: boolean;
  current: Record<HealthStatus | "unscored", number>;
  proposed: Record<HealthStatus, number>;
  changed_status: number;
  average_current: number | null;
  average_proposed: number | null;
  biggest_moves: { customer_id: string; name: string | null; current_score: number | null; proposed_score: number; current_status: HealthStatus | null; proposed_status: HealthStatus }[];
};

/** How today's customers would score under a draft (public.preview_health_config); off while the draft is invalid. */
export function useHealthPreview(config: StoredHealthConfig | null) {
  return useQuery({
    queryKey: queryKeys.customerSuccess.healthPreview(config),
    enabled: !!config,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    queryFn: async () => {
      const { data, error } = await supabase.rpc("preview_health_config", {
        p_indicators: config!.indicators as Json,
        p_healthy_min: config!.healthy_min,
        p_at_risk_min: config!.at_risk_min,
        p_window_days: config!.window_days,
      });
      if (error) throw dbError(error);
      return data as unknown as HealthPreview;
    },
  });
}

/** The latest validation of the score against renewals that ended (AUC, precision, recall). */
export function useHealthValidation() {
  return useQuery({
    queryKey: queryKeys.customerSuccess.validation,
    queryFn: async () => {
      const { data, error } = await supabase
        .from("health_score_validations")
        .select("id, computed_on, horizon_days, threshold, renewals_evaluated, churned, renewed, auc, precision, recall, true_positives, false_positives, false_negatives, true_negatives, config_version")
        .order("computed_on", { ascending: false })
        .limit(1)
        .maybeSingle();
      if (error) throw dbError(error);
      return data;
    },
  });
}

export const HEALTH_JOB = "health-score";

/** The health job's latest runs. */
export function useJobRuns(limit = 5) {
  return useQuery({
    queryKey: queryKeys.customerSuccess.jobRuns,
    queryFn: async () => {
      const { data, error } = await supabase
        .from("job_runs")
        .select("id, day, status, started_at, finished_at, customers_scored, customers_failed, actions, emails_sent, emails_failed, errors, triggered_by")
        .eq("job", HEALTH_JOB)
        .order("started_at", { ascending: false })
        .limit(limit);
      if (error) throw dbError(error);
      return data;
    },
  });
}

export type HealthJobResult = {
  day: string;
  email_provider: string | null;
  runs: {
    org_id: string;
    run_id: string | null;
    status: string;
    customers_scored: number;
    customers_failed: number;
    actions: number;
    emails_sent: number;
    emails_failed: number;
    emails_queued: number;
    errors: unknown[];
  }[];
  skipped: { org_id: string; reason: string }[];
};

/** "Run now": the daily job for the admin's organisation, today; answers when it is done. */
export function useRunHealthJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => invokeFunction<HealthJobResult>("health-score-job", {}),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.customerSuccess.all }),
        queryClient.invalidateQueries({ queryKey: queryKeys.customers.all }),
        queryClient.invalidateQueries({ queryKey: queryKeys.records.object("customers") }),
        queryClient.invalidateQueries({ queryKey: queryKeys.renewals.all }),
        queryClient.invalidateQueries({ queryKey: queryKeys.notifications.all }),
      ]),
  });
}
