import { useQuery } from "@tanstack/react-query";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";

export type Role = "rep" | "manager" | "cs_manager" | "executive" | "admin";

export type Profile = {
  id: string;
  full_name: string;
  role: Role;
  org_id: string;
  organizations: { name: string } | null;
};

/** The signed-in user's profile row with its organisation's name; null when the row is missing. */
export function useProfile(userId: string) {
  return useQuery({
    queryKey: queryKeys.profile(userId),
    queryFn: async () => {
      const { data, error } = await supabase
        .from("profiles")
        .select("id, full_name, role, org_id, organizations(name)")
        .eq("id", userId)
        .maybeSingle()
        .overrideTypes<Profile, { merge: false }>();
      if (error) throw error;
      return data;
    },
  });
}
