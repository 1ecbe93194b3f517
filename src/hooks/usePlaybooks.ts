/**
 * Settings → Playbooks (PRODUCT.md CS-4): create, edit, pause and delete playbooks and their
 * actions. The list itself is usePlaybooks (hooks/useCustomers). A save is one call of
 * public.save_playbook: the playbook and its actions in the order given (listed ones kept and
 * updated, new ones added, the rest deleted) in one transaction, so a refusal changes nothing.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { playbookArgs, type PlaybookForm } from "@/domain/customer-success/playbooks";
import { dbError } from "@/lib/dbError";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";

function useInvalidatePlaybooks() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: queryKeys.customerSuccess.playbooks });
}

const notAllowed = "Only admins may change playbooks.";

export function useSavePlaybook() {
  const invalidate = useInvalidatePlaybooks();
  return useMutation({
    mutationFn: async ({ id, values }: { id?: string; values: PlaybookForm }) => {
      const { data, error } = await supabase.rpc("save_playbook", playbookArgs(values, id));
      if (error) throw dbError(error);
      return data;
    },
    onSettled: invalidate,
  });
}

export function useSetPlaybookActive() {
  const invalidate = useInvalidatePlaybooks();
  return useMutation({
    mutationFn: async ({ id, active }: { id: string; active: boolean }) => {
      const { data, error } = await supabase.from("playbooks").update({ active }).eq("id", id).select("id");
      if (error) throw dbError(error);
      if (!data.length) throw new Error(notAllowed);
    },
    onSettled: invalidate,
  });
}

export function useDeletePlaybook() {
  const invalidate = useInvalidatePlaybooks();
  return useMutation({
    mutationFn: async (id: string) => {
      const { data, error } = await supabase.from("playbooks").delete().eq("id", id).select("id");
      if (error) throw dbError(error);
      if (!data.length) throw new Error(notAllowed);
    },
    onSettled: invalidate,
  });
}
