import { useMutation, useQueryClient } from "@tanstack/react-query";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";

/**
 * Sets a new password for the signed-in user. supabase-js cannot re-check the current password,
 * so the session is the proof of identity. The database clears the profile's
 * must_change_password flag when the password changes, so the profile is read again afterwards.
 */
export function useChangePassword(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (password: string) => {
      const { error } = await supabase.auth.updateUser({ password });
      if (error) throw error;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.profile(userId) }),
  });
}
