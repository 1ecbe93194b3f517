import { format } from "date-fns";
import { Link } from "react-router-dom";
import { ActivityIcon } from "@/components/activities/ActivityIcon";
import { TaskDoneToggle } from "@/components/activities/TaskDoneToggle";
import { activityRecord, ACTIVITY_TYPE_LABELS, type TaskBucket } from "@/domain/activities";
import type { TaskList as TaskListData } from "@/hooks/useActivities";
import { formatDateTime, formatRelative } from "@/lib/format";
import { cn } from "@/lib/utils";

/** One list of open tasks (overdue, today or upcoming) with a done box and the record each is about. */
export function TaskList({ bucket, tasks, emptyText, className }: { bucket: TaskBucket; tasks: TaskListData; emptyText: string; className?: string }) {
  if (tasks.rows.length === 0) return <p className={cn("text-sm text-muted-foreground", className)}>{emptyText}</p>;
  return (
    <div className={cn("grid gap-2", className)}>
      <ul className="grid divide-y rounded-md border">
        {tasks.rows.map((task) => {
          const record = activityRecord(task);
          return (
            <li key={task.id} className="flex items-start gap-3 px-3 py-2">
              <TaskDoneToggle id={task.id} subject={task.subject} done={task.done} className="mt-1" />
              <div className="grid min-w-0 flex-1 gap-0.5">
                <span className="break-words font-medium">{task.subject}</span>
                <span className="flex flex-wrap items-center gap-x-2 text-xs text-muted-foreground">
                  <span className="inline-flex items-center gap-1">
                    <ActivityIcon type={task.type} className="size-3" />
                    {ACTIVITY_TYPE_LABELS[task.type]}
                  </span>
                  {record && (
                    <Link to={record.href} className="underline-offset-2 hover:underline">
                      {record.name}
                    </Link>
                  )}
                  {task.next_action && <span className="break-words">Next: {task.next_action}</span>}
                </span>
              </div>
              <time
                dateTime={task.due_at}
                title={formatDateTime(task.due_at)}
                className={cn("shrink-0 text-xs", bucket === "overdue" ? "font-medium text-destructive" : "text-muted-foreground")}
              >
                {bucket === "today" ? format(new Date(task.due_at), "HH:mm") : formatRelative(task.due_at)}
              </time>
            </li>
          );
        })}
      </ul>
      {tasks.count > tasks.rows.length && (
        <p className="text-xs text-muted-foreground">
          The first {tasks.rows.length} of {tasks.count} are shown; finish some to see the rest.
        </p>
      )}
    </div>
  );
}
