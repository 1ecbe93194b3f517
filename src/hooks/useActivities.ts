import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import {
  SUBJECT_COLUMNS,
  taskDayBounds,
  toActivityInsert,
  type ActivitySubject,
  type LogActivityValues,
  type TaskBucket,
} from "@/domain/activities";
import { queryKeys } from "@/lib/queryKeys";
import { dbError } from "@/lib/dbError";
import { supabase } from "@/lib/supabase";

export const TIMELINE_PAGE_SIZE = 20;
/** At most this many tasks per list on "My tasks"; the count says how many there are in all. */
export const TASK_LIST_LIMIT = 100;

const TIMELINE_COLUMNS =
  "id, type, subject, body, outcome, sentiment, next_action, occurred_at, due_at, done, done_at, owner_id, owner:profiles!activities_org_id_owner_id_fkey(full_name)";

type Cursor = { occurred_at: string; id: string };

async function fetchTimelinePage(subject: ActivitySubject, cursor: Cursor | null) {
  let query = supabase
    .from("activities")
    .select(TIMELINE_COLUMNS)
    .eq(SUBJECT_COLUMNS[subject.type], subject.id)
    .order("occurred_at", { ascending: false })
    .order("id", { ascending: false })
    .limit(TIMELINE_PAGE_SIZE + 1);
  if (cursor) {
    // Keyset paging: the rows after the last one shown, in the same order, however many there are.
    query = query.or(`occurred_at.lt."${cursor.occurred_at}",and(occurred_at.eq."${cursor.occurred_at}",id.lt.${cursor.id})`);
  }
  const { data, error } = await query;
  if (error) throw dbError(error);
  const rows = data.slice(0, TIMELINE_PAGE_SIZE);
  const last = rows.at(-1);
  return { rows, next: data.length > TIMELINE_PAGE_SIZE && last ? { occurred_at: last.occurred_at, id: last.id } : null };
}

export type TimelineActivity = Awaited<ReturnType<typeof fetchTimelinePage>>["rows"][number];

/** One record's activities, newest first, a page at a time. */
export function useActivityTimeline(subject: ActivitySubject) {
  return useInfiniteQuery({
    queryKey: queryKeys.activities.timeline(subject.type, subject.id),
    queryFn: ({ pageParam }) => fetchTimelinePage(subject, pageParam),
    initialPageParam: null as Cursor | null,
    getNextPageParam: (page) => page.next,
  });
}

const TASK_COLUMNS =
  "id, type, subject, due_at, done, next_action, deal_id, account_id, lead_id, contact_id, customer_id, " +
  "deal:deals!activities_org_id_deal_id_fkey(name), account:accounts!activities_org_id_account_id_fkey(name), " +
  "lead:leads!activities_org_id_lead_id_fkey(company, first_name, last_name), " +
  "contact:contacts!activities_org_id_contact_id_fkey(full_name, last_name), " +
  "customer:customers!activities_org_id_customer_id_fkey(account:accounts!customers_org_id_account_id_fkey(name))";

export type Task = {
  id: string;
  type: LogActivityValues["type"];
  subject: string;
  due_at: string;
  done: boolean;
  next_action: string | null;
  deal_id: string | null;
  account_id: string | null;
  lead_id: string | null;
  contact_id: string | null;
  deal: { name: string } | null;
  account: { name: string } | null;
  lead: { company: string; first_name: string | null; last_name: string | null } | null;
  contact: { full_name: string | null; last_name: string } | null;
  customer_id: string | null;
  customer: { account: { name: string } | null } | null;
};

export type TaskList = { rows: Task[]; count: number };
export type MyTasks = Record<TaskBucket, TaskList>;

async function fetchTaskList(userId: string, from: Date | null, to: Date | null): Promise<TaskList> {
  let query = supabase
    .from("activities")
    .select(TASK_COLUMNS, { count: "exact" })
    .eq("owner_id", userId)
    .eq("done", false)
    .not("due_at", "is", null);
  if (from) query = query.gte("due_at", from.toISOString());
  if (to) query = query.lt("due_at", to.toISOString());
  const { data, error, count } = await query.order("due_at").order("id").limit(TASK_LIST_LIMIT);
  if (error) throw dbError(error);
  return { rows: data as unknown as Task[], count: count ?? data.length };
}

/** The user's open tasks (activities with a due date, not done): overdue, due today, upcoming. */
async function fetchMyTasks(userId: string, now: Date): Promise<MyTasks> {
  const { startOfToday, startOfTomorrow } = taskDayBounds(now);
  const [overdue, today, upcoming] = await Promise.all([
    fetchTaskList(userId, null, startOfToday),
    fetchTaskList(userId, startOfToday, startOfTomorrow),
    fetchTaskList(userId, startOfTomorrow, null),
  ]);
  return { overdue, today, upcoming };
}

export function useMyTasks(userId: string) {
  return useQuery({ queryKey: queryKeys.activities.tasks(userId), queryFn: () => fetchMyTasks(userId, new Date()) });
}

/** Logging or finishing an activity changes timelines, task lists, stale marks and the dashboard. */
function invalidateAfterActivity(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.activities.all }),
    queryClient.invalidateQueries({ queryKey: queryKeys.board.all }),
    queryClient.invalidateQueries({ queryKey: ["dashboard"] }),
    // Record lists show the last activity; a deal's staleness depends on its open activities.
    queryClient.invalidateQueries({ queryKey: queryKeys.records.all }),
  ]);
}

export function useLogActivity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ values, subject }: { values: LogActivityValues; subject: ActivitySubject }) => {
      const { data, error } = await supabase.from("activities").insert(toActivityInsert(values, subject)).select("id").single();
      if (error) throw dbError(error);
      return data;
    },
    onSettled: () => invalidateAfterActivity(queryClient),
  });
}

type TaskSnapshot = [readonly unknown[], MyTasks | undefined][];

/**
 * Marks an activity done or open again. On "My tasks" the row leaves its list at once and comes
 * back if the database refuses.
 */
export function useSetActivityDone() {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: async ({ id, done }: { id: string; done: boolean; subject: string }) => {
      const { data, error } = await supabase.from("activities").update({ done }).eq("id", id).select("id");
      if (error) throw dbError(error);
      if (!data.length) throw new Error("This activity could not be changed: only its owner and their manager may change it.");
    },
    onMutate: async ({ id, done }): Promise<{ snapshot: TaskSnapshot }> => {
      await queryClient.cancelQueries({ queryKey: [...queryKeys.activities.all, "tasks"] });
      const snapshot = queryClient.getQueriesData<MyTasks>({ queryKey: [...queryKeys.activities.all, "tasks"] });
      if (done) {
        queryClient.setQueriesData<MyTasks>({ queryKey: [...queryKeys.activities.all, "tasks"] }, (tasks) =>
          tasks ? removeTask(tasks, id) : tasks,
        );
      }
      return { snapshot };
    },
    // Here rather than in mutate()'s callbacks: the row may have left the page before the answer.
    onSuccess: (_data, { id, done, subject }) => {
      toast.success(done ? `"${subject}" is done` : `"${subject}" is open again`, {
        action: done ? { label: "Undo", onClick: () => mutation.mutate({ id, done: false, subject }) } : undefined,
      });
    },
    onError: (error, _variables, context) => {
      for (const [key, data] of context?.snapshot ?? []) queryClient.setQueryData(key, data);
      toast.error(error.message);
    },
    onSettled: () => invalidateAfterActivity(queryClient),
  });
  return mutation;
}

export function removeTask(tasks: MyTasks, id: string): MyTasks {
  const without = (list: TaskList): TaskList => {
    const rows = list.rows.filter((row) => row.id !== id);
    return rows.length === list.rows.length ? list : { rows, count: Math.max(0, list.count - 1) };
  };
  return { overdue: without(tasks.overdue), today: without(tasks.today), upcoming: without(tasks.upcoming) };
}

export function useDeleteActivity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      const { data, error } = await supabase.from("activities").delete().eq("id", id).select("id");
      if (error) throw dbError(error);
      if (!data.length) throw new Error("This activity could not be deleted: only its owner and their manager may delete it.");
    },
    onSettled: () => invalidateAfterActivity(queryClient),
  });
}
