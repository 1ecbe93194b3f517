import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreateUserValues, UpdateUserValues } from "@/domain/users";
import { invokeFunction } from "@/lib/functions";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";

const USER_COLUMNS = "id, email, full_name, title, role, team_id, is_lead_csm, active, must_change_password";

async function fetchUsers(orgId: string) {
  const { data, error } = await supabase
    .from("profiles")
    .select(USER_COLUMNS)
    .eq("org_id", orgId)
    .order("full_name")
    .order("id");
  if (error) throw error;
  return data;
}

export type OrgUser = Awaited<ReturnType<typeof fetchUsers>>[number];

/** Everyone in the organisation (the directory is readable by every member; docs/permissions.md). */
export function useUsers(orgId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.users.list(orgId ?? ""),
    queryFn: () => fetchUsers(orgId ?? ""),
    enabled: !!orgId,
  });
}

type UserResponse = { user: OrgUser };

/** After any change to a user: the lists, and profiles (the admin may have changed their own team). */
function useInvalidateUsers() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.users.all }),
      queryClient.invalidateQueries({ queryKey: ["profile"] }),
    ]);
}

/** Creates a user with a temporary password through the admin-users edge function. */
export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (values: CreateUserValues) => invokeFunction<UserResponse>("admin-users", { action: "create", ...values }),
    onSuccess: invalidate,
  });
}

export function useUpdateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ userId, ...changes }: Partial<UpdateUserValues> & { userId: string }) =>
      invokeFunction<UserResponse>("admin-users", { action: "update", user_id: userId, ...changes }),
    onSuccess: invalidate,
  });
}

/** Deactivate (banned in Auth: no sign-in, no refresh) or reactivate a user. */
export function useSetUserActive() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ userId, active }: { userId: string; active: boolean }) =>
      invokeFunction<UserResponse>("admin-users", { action: active ? "reactivate" : "deactivate", user_id: userId }),
    onSuccess: invalidate,
  });
}
