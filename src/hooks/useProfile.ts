import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ProfileUpdate } from "@/domain/account";
import type { Role } from "@/domain/navigation";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";

export type { Role };

async function fetchProfile(userId: string) {
  const { data, error } = await supabase
    .from("profiles")
    .select("id, email, full_name, title, role, org_id, team_id, active, must_change_password, organizations!profiles_org_id_fkey(name)")
    .eq("id", userId)
    .maybeSingle();
  if (error) throw error;
  return data;
}

export type Profile = NonNullable<Awaited<ReturnType<typeof fetchProfile>>>;

/** The signed-in user's profile row with its organisation's name; null when the row is missing. */
export function useProfile(userId: string) {
  return useQuery({ queryKey: queryKeys.profile(userId), queryFn: () => fetchProfile(userId) });
}

/** Saves the user's own name and title (the only columns a user may change on their profile). */
export function useUpdateProfile(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (values: ProfileUpdate) => {
      const { data, error } = await supabase.from("profiles").update(values).eq("id", userId).select("id");
      if (error) throw error;
      // Row level security hides rows it refuses to update: no row back means nothing was saved.
      if (!data.length) throw new Error("Your profile could not be saved: the database did not accept the change.");
    },
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.profile(userId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.users.all }),
      ]),
  });
}
