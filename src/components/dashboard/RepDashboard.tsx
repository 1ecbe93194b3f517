import type { ReactNode } from "react";
import { AlarmClock, ArrowRight } from "lucide-react";
import { Link } from "react-router-dom";
import { ActivityIcon } from "@/components/activities/ActivityIcon";
import { TaskDoneToggle } from "@/components/activities/TaskDoneToggle";
import { PipelineByStageChart } from "@/components/dashboard/PipelineByStageChart";
import { ErrorState } from "@/components/layout/States";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { activityRecord, ACTIVITY_TYPE_LABELS } from "@/domain/activities";
import { formatTotal, staleReason } from "@/domain/board";
import { pipelinesOf, pipelineTotals } from "@/domain/dashboard";
import { useRepDashboard } from "@/hooks/useDashboard";
import { formatNumber, formatRelative } from "@/lib/format";
import { cn } from "@/lib/utils";

function Stat({ label, value, detail, tone }: { label: string; value: ReactNode; detail?: ReactNode; tone?: "alert" }) {
  return (
    <Card className="gap-1 py-4">
      <CardHeader className="px-4">
        <CardDescription>{label}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-0.5 px-4">
        <p className={cn("text-2xl font-semibold tabular-nums", tone === "alert" && "text-destructive")}>{value}</p>
        {detail && <p className="text-xs text-muted-foreground">{detail}</p>}
      </CardContent>
    </Card>
  );
}

/**
 * The home page of a rep or manager: their own open pipeline by stage, their tasks due today and
 * overdue, and their stale deals, all computed by public.rep_dashboard().
 */
export default function RepDashboard({ userId, currency }: { userId: string; currency: string }) {
  const dashboard = useRepDashboard(userId);

  if (dashboard.isPending) {
    return (
      <div className="grid gap-4" aria-busy="true" aria-label="Loading your dashboard">
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-24" />
          ))}
        </div>
        <Skeleton className="h-72" />
      </div>
    );
  }
  if (dashboard.isError) {
    return <ErrorState title="Could not load your dashboard" error={dashboard.error} onRetry={() => void dashboard.refetch()} />;
  }

  const { pipeline, tasks, tasks_due_today, tasks_overdue, stale_deals } = dashboard.data;
  const pipelines = pipelinesOf(pipeline);
  const totals = pipelineTotals(pipeline);

  return (
    <div className="grid gap-6">
      <section aria-label="Your numbers" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="My open pipeline" value={formatTotal(totals.amount, currency)} detail={`${formatNumber(totals.deal_count)} open deals`} />
        <Stat label="Weighted" value={formatTotal(totals.weighted_amount, currency)} detail="Amount × stage win probability" />
        <Stat
          label="Tasks due"
          value={`${formatNumber(tasks_overdue + tasks_due_today)}`}
          detail={`${formatNumber(tasks_overdue)} overdue, ${formatNumber(tasks_due_today)} due today`}
          tone={tasks_overdue > 0 ? "alert" : undefined}
        />
        <Stat
          label="Stale deals"
          value={stale_deals.length >= 20 ? "20+" : formatNumber(stale_deals.length)}
          detail="Idle past the stage's limit, nothing scheduled"
          tone={stale_deals.length > 0 ? "alert" : undefined}
        />
      </section>

      <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card aria-labelledby="dashboard-pipeline" role="region">
          <CardHeader className="flex flex-row items-center justify-between gap-2">
            <div className="grid gap-1">
              <CardTitle id="dashboard-pipeline" role="heading" aria-level={2}>
                My open pipeline by stage
              </CardTitle>
              <CardDescription>Your open deals: amount and weighted amount per stage.</CardDescription>
            </div>
            <Link to="/pipeline" className="inline-flex shrink-0 items-center gap-1 text-sm underline-offset-2 hover:underline">
              Board <ArrowRight aria-hidden className="size-3.5" />
            </Link>
          </CardHeader>
          <CardContent className="grid gap-6">
            {pipelines.length === 0 ? (
              <p className="text-sm text-muted-foreground">No open deals. Convert a lead or add a deal to start your pipeline.</p>
            ) : (
              pipelines.map((p) => <PipelineByStageChart key={p.id} name={p.name} stages={p.stages} currency={currency} />)
            )}
          </CardContent>
        </Card>

        <div className="grid gap-6">
          <Card aria-labelledby="dashboard-tasks" role="region">
            <CardHeader className="flex flex-row items-center justify-between gap-2">
              <div className="grid gap-1">
                <CardTitle id="dashboard-tasks" role="heading" aria-level={2}>
                  My tasks due
                </CardTitle>
                <CardDescription>Overdue and due today.</CardDescription>
              </div>
              <Link to="/activities" className="inline-flex shrink-0 items-center gap-1 text-sm underline-offset-2 hover:underline">
                All tasks <ArrowRight aria-hidden className="size-3.5" />
              </Link>
            </CardHeader>
            <CardContent>
              {tasks.length === 0 ? (
                <p className="text-sm text-muted-foreground">Nothing due today. Well done.</p>
              ) : (
                <ul className="grid divide-y">
                  {tasks.slice(0, 8).map((task) => {
                    const record = activityRecord(task);
                    const overdue = task.overdue ?? new Date(task.due_at) < new Date(new Date().setHours(0, 0, 0, 0));
                    return (
                      <li key={task.id} className="flex items-start gap-3 py-2">
                        <TaskDoneToggle id={task.id} subject={task.subject} done={false} className="mt-1" />
                        <div className="grid min-w-0 flex-1 gap-0.5">
                          <span className="break-words text-sm font-medium">{task.subject}</span>
                          <span className="flex flex-wrap items-center gap-x-2 text-xs text-muted-foreground">
                            <span className="inline-flex items-center gap-1">
                              <ActivityIcon type={task.type} className="size-3" />
                              {ACTIVITY_TYPE_LABELS[task.type]}
                            </span>
                            {record && (
                              <Link to={record.href} className="underline-offset-2 hover:underline">
                                Open {record.type}
                              </Link>
                            )}
                          </span>
                        </div>
                        <time
                          dateTime={task.due_at}
                          className={cn("shrink-0 text-xs", overdue ? "font-medium text-destructive" : "text-muted-foreground")}
                        >
                          {overdue ? `Overdue, ${formatRelative(task.due_at)}` : formatRelative(task.due_at)}
                        </time>
                      </li>
                    );
                  })}
                </ul>
              )}
              {tasks_overdue + tasks_due_today > Math.min(tasks.length, 8) && (
                <p className="pt-2 text-xs text-muted-foreground">
                  <Link to="/activities" className="underline underline-offset-2">
                    See all {formatNumber(tasks_overdue + tasks_due_today)} in My tasks
                  </Link>
                </p>
              )}
            </CardContent>
          </Card>

          <Card aria-labelledby="dashboard-stale" role="region">
            <CardHeader>
              <CardTitle id="dashboard-stale" role="heading" aria-level={2}>
                My stale deals
              </CardTitle>
              <CardDescription>Schedule a next step, or move them on.</CardDescription>
            </CardHeader>
            <CardContent>
              {stale_deals.length === 0 ? (
                <p className="text-sm text-muted-foreground">None: every open deal is moving or has something scheduled.</p>
              ) : (
                <ul className="grid divide-y">
                  {stale_deals.map((deal) => (
                    <li key={deal.id} className="grid gap-0.5 py-2">
                      <div className="flex items-baseline justify-between gap-2">
                        <Link to={`/deals/${deal.id}`} className="min-w-0 break-words text-sm font-medium underline-offset-2 hover:underline">
                          {deal.name}
                        </Link>
                        <span className="shrink-0 text-sm tabular-nums">{deal.amount === null ? "—" : formatTotal(deal.amount, deal.currency)}</span>
                      </div>
                      <p className="text-xs text-muted-foreground">{[deal.account_name, deal.stage_name].filter(Boolean).join(" · ")}</p>
                      <p className="flex items-center gap-1 text-xs font-medium text-amber-700 dark:text-amber-400">
                        <AlarmClock aria-hidden className="size-3.5" />
                        {staleReason({ is_stale: true, days_in_stage: deal.days_in_stage })}
                      </p>
                    </li>
                  ))}
                </ul>
              )}
            </CardContent>
          </Card>
        </div>
      </div>
    </div>
  );
}
