/**
 * Settings → Playbooks (PRODUCT.md CS-4): create, edit, pause and delete playbooks and their
 * actions. The list itself is usePlaybooks (hooks/useCustomers). A save writes the playbook, then
 * its actions (removed ones deleted, kept ones updated, new ones inserted); each step is its own
 * request under the admins' policies, and the page reloads what was saved when one fails.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { paramsOf, type PlaybookForm } from "@/domain/customer-success/playbooks";
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
    mutationFn: async ({ id, values, previousActionIds }: { id?: string; values: PlaybookForm; previousActionIds: readonly string[] }) => {
      const row = { name: values.name.trim(), description: values.description.trim() || null, trigger: values.trigger, params: paramsOf(values), active: values.active };
      let playbookId = id;
      if (playbookId) {
        const { data, error } = await supabase.from("playbooks").update(row).eq("id", playbookId).select("id");
        if (error) throw dbError(error);
        if (!data.length) throw new Error(notAllowed);
      } else {
        const { data, error } = await supabase.from("playbooks").insert(row).select("id");
        if (error) throw dbError(error);
        if (!data[0]) throw new Error(notAllowed);
        playbookId = data[0].id;
      }
      const kept = new Set(values.actions.flatMap((a) => (a.id ? [a.id] : [])));
      const removed = previousActionIds.filter((actionId) => !kept.has(actionId));
      if (removed.length) {
        const { error } = await supabase.from("playbook_actions").delete().in("id", removed);
        if (error) throw dbError(error);
      }
      for (const [position, action] of values.actions.entries()) {
        const fields = { position, kind: action.kind, subject: action.subject.trim(), body: action.body.trim() || null, due_in_days: action.due_in_days };
        const { error } = action.id
          ? await supabase.from("playbook_actions").update(fields).eq("id", action.id)
          : await supabase.from("playbook_actions").insert({ ...fields, playbook_id: playbookId! });
        if (error) throw dbError(error);
      }
      return playbookId!;
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
