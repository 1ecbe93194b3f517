import { useState } from "react";
import { CalendarClock, ListPlus, LoaderCircle, MoreHorizontal, Plus } from "lucide-react";
import { toast } from "sonner";
import { ActivityIcon } from "@/components/activities/ActivityIcon";
import { LogActivityDialog } from "@/components/activities/LogActivityDialog";
import { TaskDoneToggle } from "@/components/activities/TaskDoneToggle";
import { EmptyState, ErrorState } from "@/components/layout/States";
import { ConfirmDialog } from "@/components/settings/ConfirmDialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { Skeleton } from "@/components/ui/skeleton";
import {
  ACTIVITY_TYPE_LABELS,
  SENTIMENT_LABELS,
  taskBucket,
  type ActivitySubject,
  type ActivityType,
} from "@/domain/activities";
import { useActivityTimeline, useDeleteActivity, type TimelineActivity } from "@/hooks/useActivities";
import { formatDateTime, formatRelative } from "@/lib/format";
import { cn } from "@/lib/utils";

export type ActivityTimelineProps = {
  /** The record whose activities are shown, newest first. */
  subject: ActivitySubject;
  /** The record's name, for the log dialog's title. */
  subjectName?: string;
  /** A heading of the section; pass null to leave it out (the page has its own). */
  title?: string | null;
  className?: string;
};

/**
 * One record's timeline (PRODUCT.md CRM-5): every call, meeting, email, note and task on a deal,
 * account, lead or contact, newest first, a page at a time; log a new one or add a task from here.
 */
export function ActivityTimeline({ subject, subjectName, title = "Activity", className }: ActivityTimelineProps) {
  const timeline = useActivityTimeline(subject);
  const [logging, setLogging] = useState<ActivityType | null>(null);
  const headingId = `timeline-${subject.type}-${subject.id}`;
  const rows = timeline.data?.pages.flatMap((page) => page.rows) ?? [];

  return (
    <section aria-labelledby={title ? headingId : undefined} aria-label={title ? undefined : "Activity"} className={cn("grid gap-3", className)}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        {title && (
          <h2 id={headingId} className="text-lg font-semibold">
            {title}
          </h2>
        )}
        <div className="flex flex-wrap gap-2">
          <Button size="sm" onClick={() => setLogging("call")}>
            <Plus aria-hidden />
            Log activity
          </Button>
          <Button size="sm" variant="outline" onClick={() => setLogging("task")}>
            <ListPlus aria-hidden />
            Add task
          </Button>
        </div>
      </div>

      {timeline.isPending ? (
        <div className="grid gap-3" aria-busy="true" aria-label="Loading activities">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-16 w-full" />
          ))}
        </div>
      ) : timeline.isError ? (
        <ErrorState title="Could not load the activities" error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title="No activity yet">
          <p>Log a call, meeting, email or note, or add a task to plan the next step.</p>
        </EmptyState>
      ) : (
        <>
          <ol className="ml-3 grid" aria-label="Activities, newest first">
            {rows.map((activity) => (
              <TimelineItem key={activity.id} activity={activity} />
            ))}
          </ol>
          {timeline.hasNextPage && (
            <Button
              variant="outline"
              size="sm"
              className="justify-self-center"
              disabled={timeline.isFetchingNextPage}
              onClick={() => void timeline.fetchNextPage()}
            >
              {timeline.isFetchingNextPage && <LoaderCircle className="animate-spin" aria-hidden />}
              Show older activities
            </Button>
          )}
        </>
      )}

      {logging && (
        <LogActivityDialog subject={subject} subjectName={subjectName} defaultType={logging} onClose={() => setLogging(null)} />
      )}
    </section>
  );
}

function TimelineItem({ activity }: { activity: TimelineActivity }) {
  const [confirmDelete, setConfirmDelete] = useState(false);
  const remove = useDeleteActivity();
  const overdue = !activity.done && activity.due_at !== null && taskBucket(activity.due_at) === "overdue";

  return (
    <li className="relative grid grid-cols-[auto_1fr_auto] gap-x-3 border-l py-3 pl-4">
      <span className="absolute -left-3 top-3 grid size-6 place-items-center rounded-full border bg-background text-muted-foreground">
        <ActivityIcon type={activity.type} className="size-3.5" />
      </span>
      <div className="col-span-2 grid min-w-0 gap-1 pl-2">
        <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
          {activity.due_at !== null && <TaskDoneToggle id={activity.id} subject={activity.subject} done={activity.done} />}
          <span className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{ACTIVITY_TYPE_LABELS[activity.type]}</span>
          <span className={cn("min-w-0 break-words font-medium", activity.done && activity.due_at !== null && "text-muted-foreground line-through")}>
            {activity.subject}
          </span>
          {activity.sentiment && (
            <Badge variant={activity.sentiment === "negative" ? "destructive" : activity.sentiment === "positive" ? "secondary" : "outline"}>
              {SENTIMENT_LABELS[activity.sentiment]}
            </Badge>
          )}
        </div>
        <p className="text-xs text-muted-foreground">
          <time dateTime={activity.occurred_at} title={formatDateTime(activity.occurred_at)}>
            {formatRelative(activity.occurred_at)}
          </time>
          {activity.owner?.full_name && <> · {activity.owner.full_name}</>}
        </p>
        {activity.body && <p className="whitespace-pre-wrap break-words text-sm">{activity.body}</p>}
        {(activity.outcome || activity.next_action || activity.due_at) && (
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
            {activity.outcome && (
              <>
                <dt className="text-muted-foreground">Outcome</dt>
                <dd className="break-words">{activity.outcome}</dd>
              </>
            )}
            {activity.next_action && (
              <>
                <dt className="text-muted-foreground">Next action</dt>
                <dd className="break-words">{activity.next_action}</dd>
              </>
            )}
            {activity.due_at && (
              <>
                <dt className="text-muted-foreground">Due</dt>
                <dd className={cn("flex items-center gap-1", overdue && "font-medium text-destructive")}>
                  <CalendarClock aria-hidden className="size-3.5" />
                  {formatDateTime(activity.due_at)}
                  {overdue && " (overdue)"}
                  {activity.done && " (done)"}
                </dd>
              </>
            )}
          </dl>
        )}
      </div>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" className="size-7" aria-label={`Actions for ${activity.subject}`}>
            <MoreHorizontal aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem variant="destructive" onSelect={() => setConfirmDelete(true)}>
            Delete
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      {confirmDelete && (
        <ConfirmDialog
          title={`Delete "${activity.subject}"?`}
          description="It leaves this timeline and My tasks for good."
          confirmLabel="Delete"
          destructive
          onConfirm={async () => {
            await remove.mutateAsync(activity.id);
            toast.success(`"${activity.subject}" was deleted`);
          }}
          onClose={() => setConfirmDelete(false)}
        />
      )}
    </li>
  );
}
