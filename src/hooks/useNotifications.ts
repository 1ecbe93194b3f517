/**
 * The signed-in user's in-app notifications (public.notifications): one table that every feature
 * writes to (approvals, alerts, customer health, playbooks), read here for the bell in the top bar.
 * Row level security shows a user only their own rows; the `user_id` filter is for the index.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { dbError } from "@/lib/dbError";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";
import type { Database } from "@/types/database";

export type Notification = Pick<Database["public"]["Tables"]["notifications"]["Row"], "id" | "kind" | "title" | "body" | "link" | "read_at" | "created_at">;

/** How often the badge asks again (there is no realtime channel on every stack). */
export const NOTIFICATION_POLL_MS = 30_000;
/** How many notifications the dropdown lists. */
export const NOTIFICATION_LIST_SIZE = 20;

/** How many unread notifications the user has (a head request: the count only). */
export function useUnreadNotificationCount(userId: string) {
  return useQuery({
    queryKey: queryKeys.notifications.unread(userId),
    queryFn: async () => {
      const { count, error } = await supabase
        .from("notifications")
        .select("id", { count: "exact", head: true })
        .eq("user_id", userId)
        .is("read_at", null);
      if (error) throw dbError(error);
      return count ?? 0;
    },
    refetchInterval: NOTIFICATION_POLL_MS,
    refetchOnWindowFocus: true,
  });
}

/** The newest notifications, read and unread; fetched when the dropdown opens. */
export function useNotificationList(userId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.notifications.list(userId),
    enabled,
    queryFn: async (): Promise<Notification[]> => {
      const { data, error } = await supabase
        .from("notifications")
        .select("id, kind, title, body, link, read_at, created_at")
        .eq("user_id", userId)
        .order("created_at", { ascending: false })
        .limit(NOTIFICATION_LIST_SIZE);
      if (error) throw dbError(error);
      return data;
    },
  });
}

/** Marks one notification (`id`) or all of the user's unread ones (no id) as read. */
export function useMarkNotificationsRead(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id?: string) => {
      let update = supabase.from("notifications").update({ read_at: new Date().toISOString() }).eq("user_id", userId).is("read_at", null);
      if (id) update = update.eq("id", id);
      const { error } = await update;
      if (error) throw dbError(error);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.notifications.all }),
  });
}

/** For features that notify: refresh every badge and list (after deciding an approval, say). */
export function useInvalidateNotifications() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: queryKeys.notifications.all });
}
