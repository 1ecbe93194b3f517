import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { SavedViewState } from "@/domain/records/listState";
import type { ObjectName } from "@/domain/records/model";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";

const COLUMNS = "id, owner_id, name, filters, sort, columns, shared, updated_at, owner:profiles!saved_views_org_id_owner_id_fkey(full_name)";

async function fetchSavedViews(recordType: ObjectName) {
  const { data, error } = await supabase
    .from("saved_views")
    .select(COLUMNS)
    .eq("record_type", recordType)
    .order("name")
    .order("id");
  if (error) throw error;
  return data;
}

export type SavedView = Awaited<ReturnType<typeof fetchSavedViews>>[number];

/** The caller's own views of a list and the ones others shared (saved_views' policies). */
export function useSavedViews(recordType: ObjectName) {
  return useQuery({ queryKey: queryKeys.savedViews.list(recordType), queryFn: () => fetchSavedViews(recordType) });
}

function useInvalidate(recordType: ObjectName) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: queryKeys.savedViews.list(recordType) });
}

/** A saved_views_name_key violation in words; other refusals keep the database's message. */
export function savedViewError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "23505") return "You already have a view with this name";
  if (code === "23514") return "Use a name of 1 to 100 characters";
  return error instanceof Error ? error.message : (error as { message?: string } | null)?.message ?? "The view could not be saved.";
}

/** Creates a view from the list's current state, or overwrites an existing one's state, name or sharing. */
export function useSaveView(recordType: ObjectName) {
  const invalidate = useInvalidate(recordType);
  return useMutation({
    mutationFn: async ({ id, name, shared, state }: { id?: string; name?: string; shared?: boolean; state?: SavedViewState }) => {
      const values = {
        ...(name !== undefined ? { name: name.trim() } : {}),
        ...(shared !== undefined ? { shared } : {}),
        ...(state ? { filters: state.filters, sort: state.sort, columns: state.columns } : {}),
      };
      const { data, error } = id
        ? await supabase.from("saved_views").update(values).eq("id", id).select("id")
        : await supabase
            .from("saved_views")
            .insert({ record_type: recordType, name: values.name ?? "", ...values })
            .select("id");
      if (error) throw new Error(savedViewError(error));
      const saved = data[0];
      if (!saved) throw new Error("Only the person who saved a view may change it.");
      return saved.id;
    },
    onSuccess: invalidate,
  });
}

export function useDeleteView(recordType: ObjectName) {
  const invalidate = useInvalidate(recordType);
  return useMutation({
    mutationFn: async (id: string) => {
      const { data, error } = await supabase.from("saved_views").delete().eq("id", id).select("id");
      if (error) throw error;
      if (!data.length) throw new Error("Only the person who saved a view may delete it.");
    },
    onSuccess: invalidate,
  });
}
