import { useQuery } from "@tanstack/react-query";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";
import type { Database } from "@/types/database";

export type Role = Database["public"]["Enums"]["app_role"];

async function fetchProfile(userId: string) {
  const { data, error } = await supabase
    .from("profiles")
    .select("id, full_name, role, org_id, organizations(name)")
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
