import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { OrganizationUpdate } from "@/domain/organization";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";

async function fetchOrganization(orgId: string) {
  const { data, error } = await supabase
    .from("organizations")
    .select("id, name, currency, fiscal_year_start_month, updated_at")
    .eq("id", orgId)
    .maybeSingle();
  if (error) throw error;
  return data;
}

export type Organization = NonNullable<Awaited<ReturnType<typeof fetchOrganization>>>;

/** The user's organisation; null when row level security does not show it. */
export function useOrganization(orgId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.organization(orgId ?? ""),
    queryFn: () => fetchOrganization(orgId ?? ""),
    enabled: !!orgId,
  });
}

export function useUpdateOrganization(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (values: OrganizationUpdate) => {
      const { data, error } = await supabase.from("organizations").update(values).eq("id", orgId).select("id");
      if (error) throw error;
      if (!data.length) throw new Error("The organisation could not be saved: only administrators may change it.");
    },
    // The organisation's name shows on every page through the profile query.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.organization(orgId) }),
        queryClient.invalidateQueries({ queryKey: ["profile"] }),
      ]),
  });
}
