/**
 * Deal scores and scoring models (GOV-1, GOV-2; docs/governance-api.md): a deal's explanation and
 * history, the active model, the settings preview, saving a new version and following its rescore.
 */
import { useEffect, useMemo } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { parseScoreExplanation } from "@/domain/scoring/explanation";
import { isRunFinished } from "@/domain/scoring/rescore";
import type { CurveDefinition, ModelDefinition } from "@/domain/scoring/model";
import { dbError } from "@/lib/dbError";
import { invokeFunction } from "@/lib/functions";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";
import type { Database, Json } from "@/types/database";

/**
 * A deal's score explained as of now (public.score_deal). `version` is the deal row's: an edit
 * bumps it, so the explanation is asked again after every save.
 */
export function useDealScore(dealId: string, version?: unknown) {
  return useQuery({
    queryKey: [...queryKeys.scoring.deal(dealId), version ?? null],
    queryFn: async () => {
      const { data, error } = await supabase.rpc("score_deal", { deal_id: dealId });
      if (error) throw dbError(error);
      return parseScoreExplanation(data);
    },
  });
}

/** Each change of the deal's score, oldest first (up to the last 200). */
export function useScoreHistory(dealId: string, version?: unknown) {
  return useQuery({
    queryKey: [...queryKeys.scoring.history(dealId), version ?? null],
    queryFn: async () => {
      const { data, error } = await supabase
        .from("deal_score_history")
        .select("id, score, classification, previous_score, reason, model_version, scored_at")
        .eq("deal_id", dealId)
        .order("scored_at", { ascending: false })
        .limit(200);
      if (error) throw dbError(error);
      return data.reverse();
    },
  });
}

/** What each factor measures, its label and unit, in the engine's order. */
export function useScoringCatalog() {
  return useQuery({
    queryKey: [...queryKeys.scoring.models, "catalog"],
    staleTime: Infinity,
    queryFn: async () => {
      const { data, error } = await supabase.rpc("scoring_factor_catalog");
      if (error) throw dbError(error);
      return data.sort((a, b) => a.position - b.position);
    },
  });
}

export type ScoringModelRow = Database["public"]["Tables"]["scoring_models"]["Row"];

/** Every version of the organisation's model, newest first, each with its factors as a definition. */
export function useScoringModels() {
  return useQuery({
    queryKey: queryKeys.scoring.models,
    queryFn: async () => {
      const { data, error } = await supabase
        .from("scoring_models")
        .select("id, version, name, description, classification_bands, is_active, activated_at, created_at, scoring_factors(factor, weight, curve)")
        .order("version", { ascending: false })
        .limit(50);
      if (error) throw dbError(error);
      return data.map((model) => ({
        id: model.id,
        version: model.version,
        name: model.name,
        isActive: model.is_active,
        activatedAt: model.activated_at,
        createdAt: model.created_at,
        definition: {
          name: model.name,
          description: model.description,
          classification_bands: model.classification_bands as unknown as ModelDefinition["classification_bands"],
          factors: Object.fromEntries(
            model.scoring_factors.map((factor) => [factor.factor, { weight: Number(factor.weight), curve: factor.curve as unknown as CurveDefinition }]),
          ),
        } satisfies ModelDefinition,
      }));
    },
  });
}

/** The active model's classification bands, best first (undefined while loading). */
export function useActiveBands() {
  const query = useQuery({
    queryKey: [...queryKeys.scoring.models, "active-bands"],
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const { data, error } = await supabase.from("scoring_models").select("classification_bands").eq("is_active", true).maybeSingle();
      if (error) throw dbError(error);
      const bands = (data?.classification_bands ?? []) as unknown as ModelDefinition["classification_bands"];
      return [...bands].sort((a, b) => b.min_score - a.min_score);
    },
  });
  return query.data;
}

/** The classes of the active model, best first, for colours and the policy form (undefined while loading). */
export function useActiveClasses() {
  const bands = useActiveBands();
  return useMemo(() => bands?.map((band) => band.label), [bands]);
}

export type PreviewSide = {
  histogram: { bucket_start: number; bucket_end: number; deals: number }[];
  classes: { classification: string; deals: number }[];
  average: number | null;
};
export type ModelPreview = {
  deals: number;
  sampled: boolean;
  current: PreviewSide;
  proposed: PreviewSide;
  changed_class: number;
  average_change: number | null;
};

/** The distribution a proposed model would give the open deals (nothing is saved); off while null. */
export function useScoringPreview(definition: ModelDefinition | null) {
  return useQuery({
    queryKey: queryKeys.scoring.preview(definition),
    enabled: definition !== null,
    staleTime: 60_000,
    queryFn: async ({ signal }) => {
      const { data, error } = await supabase.rpc("preview_scoring_model", { definition: definition as unknown as Json }).abortSignal(signal);
      if (error) throw dbError(error);
      return data as unknown as ModelPreview;
    },
  });
}

export type RescoreRun = Database["public"]["Tables"]["rescore_runs"]["Row"];

/** Saves the definition as a new active version; answers the rescore it started (done already when small). */
export function useSaveScoringModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (definition: ModelDefinition) => {
      const { data, error } = await supabase.rpc("save_scoring_model", { definition: definition as unknown as Json, activate: true });
      if (error) throw dbError(error);
      return data as unknown as { model: ScoringModelRow; rescore: RescoreRun | null };
    },
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.scoring.all }), queryClient.invalidateQueries({ queryKey: queryKeys.governance.all })]),
  });
}

/** Makes a saved version active again and rescores (public.activate_scoring_model). */
export function useActivateScoringModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (modelId: string) => {
      const { data, error } = await supabase.rpc("activate_scoring_model", { model_id: modelId });
      if (error) throw dbError(error);
      return data as unknown as { model: ScoringModelRow; rescore: RescoreRun | null };
    },
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.scoring.all }), queryClient.invalidateQueries({ queryKey: queryKeys.governance.all })]),
  });
}

/**
 * Starts the rescore-deals function on a run too large to finish inside the save (it keeps going
 * when the page closes); not awaited: the page polls the run instead.
 */
export function driveRescore(run: Pick<RescoreRun, "id" | "status"> | null | undefined) {
  if (!run || isRunFinished(run)) return;
  invokeFunction("rescore-deals", { run_id: run.id }).catch(() => {
    // The scheduler works queued runs every minute anyway; the progress shows whether it moves.
  });
}

/** The second part of every rescore run's query key. */
const RUNS = queryKeys.scoring.rescoreRun("")[1];

/**
 * Follows a rescore run (rescore_runs) every second until it is done, failed or cancelled; then the
 * scores, lists and metrics it changed are read again (once: the run's own query is left alone, so
 * the finished run is not fetched over and over).
 */
export function useRescoreRun(run: RescoreRun | null) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.scoring.rescoreRun(run?.id ?? "none"),
    enabled: !!run,
    initialData: run ?? undefined,
    refetchInterval: (current) => (isRunFinished(current.state.data) ? false : 1000),
    queryFn: async () => {
      const { data, error } = await supabase.from("rescore_runs").select("*").eq("id", run!.id).single();
      if (error) throw dbError(error);
      return data;
    },
  });
  const finished = isRunFinished(query.data);
  useEffect(() => {
    if (!finished) return;
    void Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.scoring.all, predicate: (other) => other.queryKey[1] !== RUNS }),
      queryClient.invalidateQueries({ queryKey: queryKeys.records.all }),
      queryClient.invalidateQueries({ queryKey: queryKeys.governance.all }),
    ]);
  }, [finished, queryClient]);
  return query;
}

/** The organisation's latest rescore run, to show one still under way when the page opens. */
export function useLatestRescoreRun() {
  return useQuery({
    queryKey: [...queryKeys.scoring.all, "latest-run"],
    queryFn: async () => {
      const { data, error } = await supabase.from("rescore_runs").select("*").order("created_at", { ascending: false }).limit(1).maybeSingle();
      if (error) throw dbError(error);
      return data;
    },
  });
}
