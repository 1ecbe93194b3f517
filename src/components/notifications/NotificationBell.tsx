import { useState } from "react";
import { Bell, CheckCheck } from "lucide-react";
import { useNavigate } from "react-router-dom";
import { toast } from "sonner";
import { useUser } from "@/components/auth/useAuth";
import { badgeText } from "@/components/notifications/badgeText";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Skeleton } from "@/components/ui/skeleton";
import { useMarkNotificationsRead, useNotificationList, useUnreadNotificationCount, type Notification } from "@/hooks/useNotifications";
import { formatRelative } from "@/lib/format";
import { cn } from "@/lib/utils";

/**
 * The bell in the top bar: how many of the user's notifications are unread, and the newest ones in
 * a dropdown. Choosing one marks it read and opens its link. Every feature that writes to
 * public.notifications (approvals, alerts, customer health) shows up here without changing it.
 */
export function NotificationBell() {
  const user = useUser();
  const [open, setOpen] = useState(false);
  const unread = useUnreadNotificationCount(user.id);
  const list = useNotificationList(user.id, open);
  const markRead = useMarkNotificationsRead(user.id);
  const navigate = useNavigate();
  const count = unread.data ?? 0;

  function choose(notification: Notification) {
    if (!notification.read_at) markRead.mutate(notification.id, { onError: (error) => toast.error("Could not mark it read", { description: error.message }) });
    if (notification.link) navigate(notification.link);
  }

  return (
    <DropdownMenu open={open} onOpenChange={setOpen}>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" className="relative" aria-label={count ? `Notifications, ${count} unread` : "Notifications"}>
          <Bell aria-hidden />
          {count > 0 && (
            <span
              aria-hidden
              data-testid="notification-count"
              className="absolute -right-0.5 -top-0.5 min-w-4 rounded-full bg-destructive px-1 text-center text-[10px] font-semibold leading-4 text-destructive-foreground tabular-nums"
            >
              {badgeText(count)}
            </span>
          )}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-80">
        <div className="flex items-center justify-between gap-2 px-2 py-1.5">
          <DropdownMenuLabel className="p-0">Notifications</DropdownMenuLabel>
          {count > 0 && (
            <Button
              variant="ghost"
              size="sm"
              className="h-7 px-2"
              disabled={markRead.isPending}
              onClick={() => markRead.mutate(undefined, { onError: (error) => toast.error("Could not mark them read", { description: error.message }) })}
            >
              <CheckCheck aria-hidden /> Mark all read
            </Button>
          )}
        </div>
        <DropdownMenuSeparator />
        {list.isPending ? (
          <div className="grid gap-2 p-2" aria-busy="true" aria-label="Loading notifications">
            <Skeleton className="h-10" />
            <Skeleton className="h-10" />
          </div>
        ) : list.isError ? (
          <p role="alert" className="p-2 text-sm text-destructive">
            Could not load your notifications: {list.error.message}
          </p>
        ) : list.data.length === 0 ? (
          <p className="p-4 text-center text-sm text-muted-foreground">You have no notifications.</p>
        ) : (
          list.data.map((notification) => (
            <DropdownMenuItem key={notification.id} onSelect={() => choose(notification)} className="items-start gap-2">
              <span
                aria-hidden
                className={cn("mt-1.5 size-2 shrink-0 rounded-full", notification.read_at ? "bg-transparent" : "bg-primary")}
              />
              <span className="grid min-w-0 gap-0.5">
                <span className={cn("break-words", !notification.read_at && "font-medium")}>
                  {notification.title}
                  {!notification.read_at && <span className="sr-only"> (unread)</span>}
                </span>
                {notification.body && <span className="line-clamp-2 text-xs text-muted-foreground">{notification.body}</span>}
                <time className="text-xs text-muted-foreground" dateTime={notification.created_at}>
                  {formatRelative(notification.created_at)}
                </time>
              </span>
            </DropdownMenuItem>
          ))
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
