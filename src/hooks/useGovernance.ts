/**
 * Governance metrics (GOV-5, AN-4, AN-5; docs/governance-api.md): one SQL function each, run with
 * the reader's rights, so a manager measures their team and an executive the organisation.
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { Grain } from "@/domain/governance/metrics";
import { dbError } from "@/lib/dbError";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";

export type Range = { from: string; to: string };
export type DistributionScope = "open" | "won" | "lost";

const options = { placeholderData: keepPreviousData } as const;

export function useScoreDistribution(scope: DistributionScope, range: Range) {
  const args = scope === "open" ? { scope } : { scope, period_start: range.from, period_end: range.to };
  return useQuery({
    queryKey: queryKeys.governance.metric("score_distribution", args),
    ...options,
    queryFn: async () => {
      const { data, error } = await supabase.rpc("score_distribution", { ...args, bucket_width: 10 });
      if (error) throw dbError(error);
      return data;
    },
  });
}

export function useClassificationTrend(range: Range, grain: Grain) {
  const args = { period_start: range.from, period_end: range.to, grain };
  return useQuery({
    queryKey: queryKeys.governance.metric("classification_trend", args),
    ...options,
    queryFn: async () => {
      const { data, error } = await supabase.rpc("classification_trend", args);
      if (error) throw dbError(error);
      return data;
    },
  });
}

/** Rows per bucket, and the period's own row (bucket null) as `total`. */
function splitTotal<Row extends { bucket: string | null }>(rows: Row[]) {
  return {
    buckets: rows.filter((row): row is Row & { bucket: string } => row.bucket !== null),
    total: rows.find((row) => row.bucket === null) ?? null,
  };
}

export function useApprovalCycleTimes(range: Range, grain: Grain) {
  const args = { period_start: range.from, period_end: range.to, grain };
  return useQuery({
    queryKey: queryKeys.governance.metric("approval_cycle_times", args),
    ...options,
    queryFn: async () => {
      const { data, error } = await supabase.rpc("approval_cycle_times", args);
      if (error) throw dbError(error);
      return splitTotal(data);
    },
  });
}

export function useExceptionRate(range: Range, grain: Grain) {
  const args = { period_start: range.from, period_end: range.to, grain };
  return useQuery({
    queryKey: queryKeys.governance.metric("exception_rate", args),
    ...options,
    queryFn: async () => {
      const { data, error } = await supabase.rpc("exception_rate", args);
      if (error) throw dbError(error);
      return splitTotal(data);
    },
  });
}

export function useDiscountLeakage(range: Range, grain: Grain) {
  const args = { period_start: range.from, period_end: range.to, grain };
  return useQuery({
    queryKey: queryKeys.governance.metric("discount_leakage", args),
    ...options,
    queryFn: async () => {
      const { data, error } = await supabase.rpc("discount_leakage", args);
      if (error) throw dbError(error);
      return splitTotal(data);
    },
  });
}
