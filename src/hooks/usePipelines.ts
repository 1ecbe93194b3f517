import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { queryKeys } from "@/lib/queryKeys";
import { dbError } from "@/lib/dbError";
import { supabase } from "@/lib/supabase";
import type { Database } from "@/types/database";

type Tables = Database["public"]["Tables"];

async function fetchPipelines() {
  const { data, error } = await supabase
    .from("pipelines")
    .select("id, name, is_default, team_ids, roles, stages:pipeline_stages(count)")
    .order("is_default", { ascending: false })
    .order("name")
    .order("id");
  if (error) throw dbError(error);
  return data.map(({ stages, ...pipeline }) => ({ ...pipeline, stage_count: stages[0]?.count ?? 0 }));
}

export type Pipeline = Awaited<ReturnType<typeof fetchPipelines>>[number];

/** The pipelines the user may use (row level security applies the team and role limits), default first. */
export function usePipelines() {
  return useQuery({ queryKey: queryKeys.pipelines.list, queryFn: fetchPipelines });
}

async function fetchStages(pipelineId: string) {
  const [stages, transitions] = await Promise.all([
    supabase
      .from("pipeline_stages")
      .select("id, pipeline_id, name, position, win_probability, colour, rotting_days, exit_criteria, is_won, is_lost")
      .eq("pipeline_id", pipelineId)
      .order("position")
      .order("id"),
    supabase.from("pipeline_stage_transitions").select("id, from_stage_id, to_stage_id").eq("pipeline_id", pipelineId),
  ]);
  if (stages.error) throw dbError(stages.error);
  if (transitions.error) throw dbError(transitions.error);
  return { stages: stages.data, transitions: transitions.data };
}

export type PipelineStage = Awaited<ReturnType<typeof fetchStages>>["stages"][number];

/** A pipeline's stages in order and its allowed transitions (none from a stage = any). */
export function usePipelineStages(pipelineId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.pipelines.stages(pipelineId ?? ""),
    queryFn: () => fetchStages(pipelineId ?? ""),
    enabled: !!pipelineId,
  });
}

/** Configuration changes reshape the board, the pipeline list and the dashboard. */
function invalidatePipelines(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.pipelines.all }),
    queryClient.invalidateQueries({ queryKey: queryKeys.board.all }),
    queryClient.invalidateQueries({ queryKey: ["dashboard"] }),
  ]);
}

/** Row level security hides what it refuses to change: no row back means nothing changed. */
function expectRows<T>(data: T[] | null, what: string) {
  if (!data?.length) throw new Error(`${what}: only administrators may change pipelines.`);
  return data;
}

export type PipelineTemplate = "default" | "peak";

export function useCreatePipeline() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (values: { name: string; template: PipelineTemplate; is_default: boolean }) => {
      const { data, error } = await supabase.rpc("create_pipeline_from_template", values);
      if (error) throw dbError(error);
      return data;
    },
    onSuccess: () => invalidatePipelines(queryClient),
  });
}

export type PipelineUpdate = Pick<Tables["pipelines"]["Update"], "name" | "is_default" | "team_ids" | "roles">;

export function useUpdatePipeline() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, values }: { id: string; values: PipelineUpdate }) => {
      const { data, error } = await supabase.from("pipelines").update(values).eq("id", id).select("id");
      if (error) throw dbError(error);
      expectRows(data, "The pipeline could not be saved");
    },
    onSuccess: () => invalidatePipelines(queryClient),
  });
}

export function useDeletePipeline() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      const { data, error } = await supabase.from("pipelines").delete().eq("id", id).select("id");
      if (error) throw dbError(error);
      expectRows(data, "The pipeline could not be deleted");
    },
    onSuccess: () => invalidatePipelines(queryClient),
  });
}

export type StageValues = Pick<
  Tables["pipeline_stages"]["Insert"],
  "name" | "win_probability" | "colour" | "rotting_days" | "exit_criteria" | "is_won" | "is_lost"
>;

/**
 * Creates a stage (no id, placed last) or updates one, then makes its outgoing transitions exactly
 * `allowedTo` (empty = any stage). Transitions are rows: removed ones are deleted, new ones inserted.
 */
export function useSaveStage(pipelineId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({
      id,
      values,
      position,
      allowedTo,
      currentTransitions,
    }: {
      id?: string;
      values: StageValues;
      position: number;
      allowedTo: readonly string[];
      currentTransitions: readonly { id: string; to_stage_id: string }[];
    }) => {
      let stageId = id;
      if (stageId) {
        const { data, error } = await supabase.from("pipeline_stages").update(values).eq("id", stageId).select("id");
        if (error) throw dbError(error);
        expectRows(data, "The stage could not be saved");
      } else {
        const { data, error } = await supabase
          .from("pipeline_stages")
          .insert({ ...values, pipeline_id: pipelineId, position })
          .select("id")
          .single();
        if (error) throw dbError(error);
        stageId = data.id;
      }
      const removed = currentTransitions.filter((transition) => !allowedTo.includes(transition.to_stage_id)).map((t) => t.id);
      const added = allowedTo.filter((to) => !currentTransitions.some((transition) => transition.to_stage_id === to));
      if (removed.length) {
        const { error } = await supabase.from("pipeline_stage_transitions").delete().in("id", removed);
        if (error) throw dbError(error);
      }
      if (added.length) {
        const { error } = await supabase
          .from("pipeline_stage_transitions")
          .insert(added.map((to) => ({ pipeline_id: pipelineId, from_stage_id: stageId, to_stage_id: to })));
        if (error) throw dbError(error);
      }
    },
    onSettled: () => invalidatePipelines(queryClient),
  });
}

/** Writes the given order as positions 0, 1, 2, … (only the stages whose position changes). */
export function useReorderStages(pipelineId: string) {
  const queryClient = useQueryClient();
  const key = queryKeys.pipelines.stages(pipelineId);
  type StagesData = Awaited<ReturnType<typeof fetchStages>>;
  return useMutation({
    mutationFn: async (ordered: readonly Pick<PipelineStage, "id" | "position">[]) => {
      const changes = ordered.map((stage, index) => ({ id: stage.id, position: index })).filter((change, index) => ordered[index]!.position !== change.position);
      const results = await Promise.all(
        changes.map((change) => supabase.from("pipeline_stages").update({ position: change.position }).eq("id", change.id).select("id")),
      );
      for (const result of results) {
        if (result.error) throw dbError(result.error);
        expectRows(result.data, "The stages could not be reordered");
      }
    },
    // The list takes the new order at once and goes back if the database refuses.
    onMutate: async (ordered) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<StagesData>(key);
      if (previous) {
        const byId = new Map(previous.stages.map((stage) => [stage.id, stage]));
        queryClient.setQueryData<StagesData>(key, {
          ...previous,
          stages: ordered.flatMap((stage, index) => {
            const found = byId.get(stage.id);
            return found ? [{ ...found, position: index }] : [];
          }),
        });
      }
      return { previous };
    },
    onError: (_error, _ordered, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    onSettled: () => invalidatePipelines(queryClient),
  });
}

export function useDeleteStage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      const { data, error } = await supabase.from("pipeline_stages").delete().eq("id", id).select("id");
      if (error) throw dbError(error);
      expectRows(data, "The stage could not be deleted");
    },
    onSuccess: () => invalidatePipelines(queryClient),
  });
}
