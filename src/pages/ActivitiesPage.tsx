import { useUser } from "@/components/auth/useAuth";
import { TaskList } from "@/components/activities/TaskList";
import { PageHeader } from "@/components/layout/PageHeader";
import { ErrorState } from "@/components/layout/States";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { TASK_BUCKET_LABELS, type TaskBucket } from "@/domain/activities";
import { useMyTasks } from "@/hooks/useActivities";

const EMPTY: Record<TaskBucket, string> = {
  overdue: "Nothing overdue.",
  today: "Nothing due today.",
  upcoming: "Nothing planned yet. Add a task from a deal, account, lead or contact.",
};

/** "My tasks" (PRODUCT.md CRM-5): the signed-in user's open tasks, overdue first. */
export default function ActivitiesPage() {
  const user = useUser();
  const tasks = useMyTasks(user.id);

  return (
    <div className="grid gap-6">
      <PageHeader title="My tasks" description="Open tasks and follow-ups you own. Tick one when it is done." />
      {tasks.isPending ? (
        <div className="grid gap-4" aria-busy="true" aria-label="Loading your tasks">
          <Skeleton className="h-32 w-full" />
          <Skeleton className="h-32 w-full" />
        </div>
      ) : tasks.isError ? (
        <ErrorState title="Could not load your tasks" error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : (
        (["overdue", "today", "upcoming"] as const).map((bucket) => (
          <Card key={bucket} aria-labelledby={`tasks-${bucket}`} role="region" className="gap-4">
            <CardHeader className="flex-row items-center gap-2">
              <h2 id={`tasks-${bucket}`} className="font-semibold leading-none">
                {TASK_BUCKET_LABELS[bucket]}
              </h2>
              <Badge variant={bucket === "overdue" && tasks.data[bucket].count > 0 ? "destructive" : "secondary"}>
                {tasks.data[bucket].count}
              </Badge>
            </CardHeader>
            <CardContent>
              <TaskList bucket={bucket} tasks={tasks.data[bucket]} emptyText={EMPTY[bucket]} />
            </CardContent>
          </Card>
        ))
      )}
    </div>
  );
}
