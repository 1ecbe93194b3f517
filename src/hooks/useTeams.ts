import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TeamValues } from "@/domain/users";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";

async function fetchTeams(orgId: string) {
  const { data, error } = await supabase
    .from("teams")
    .select("id, name, manager_id")
    .eq("org_id", orgId)
    .order("name")
    .order("id");
  if (error) throw error;
  return data;
}

export type Team = Awaited<ReturnType<typeof fetchTeams>>[number];

export function useTeams(orgId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.teams.list(orgId ?? ""),
    queryFn: () => fetchTeams(orgId ?? ""),
    enabled: !!orgId,
  });
}

function useInvalidateTeams() {
  const queryClient = useQueryClient();
  // Deleting a team also clears the team of its members.
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.teams.all }),
      queryClient.invalidateQueries({ queryKey: queryKeys.users.all }),
    ]);
}

/** Creates a team (no id) or renames it / sets its manager. Admins only, by row level security. */
export function useSaveTeam() {
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: async ({ id, ...values }: TeamValues & { id?: string }) => {
      const { data, error } = id
        ? await supabase.from("teams").update(values).eq("id", id).select("id")
        : await supabase.from("teams").insert(values).select("id");
      if (error) throw error;
      if (!data.length) throw new Error("The team could not be saved: only administrators may change teams.");
    },
    onSuccess: invalidate,
  });
}

export function useDeleteTeam() {
  const invalidate = useInvalidateTeams();
  return useMutation({
    mutationFn: async (id: string) => {
      const { data, error } = await supabase.from("teams").delete().eq("id", id).select("id");
      if (error) throw error;
      if (!data.length) throw new Error("The team could not be deleted: only administrators may delete teams.");
    },
    onSuccess: invalidate,
  });
}
