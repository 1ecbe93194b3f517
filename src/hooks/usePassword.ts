import { useMutation } from "@tanstack/react-query";
import { supabase } from "@/lib/supabase";

/**
 * Sets a new password for the signed-in user. supabase-js cannot re-check the current password,
 * so the session is the proof of identity. `clearMustChange` also lifts the "choose a new
 * password" gate that an admin-created account starts with.
 */
export function useChangePassword() {
  return useMutation({
    mutationFn: async ({ password, clearMustChange = false }: { password: string; clearMustChange?: boolean }) => {
      const { error } = await supabase.auth.updateUser(
        clearMustChange ? { password, data: { must_change_password: false } } : { password },
      );
      if (error) throw error;
    },
  });
}
