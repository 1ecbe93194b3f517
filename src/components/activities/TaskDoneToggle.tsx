import { useSetActivityDone } from "@/hooks/useActivities";
import { cn } from "@/lib/utils";

/** A checkbox that marks a task (or any activity with a due date) done or open again. */
export function TaskDoneToggle({ id, subject, done, className }: { id: string; subject: string; done: boolean; className?: string }) {
  const setDone = useSetActivityDone();
  const checked = setDone.isPending && setDone.variables ? setDone.variables.done : done;
  return (
    <input
      type="checkbox"
      className={cn("size-4 shrink-0 cursor-pointer accent-primary disabled:cursor-wait", className)}
      aria-label={`Done: ${subject}`}
      checked={checked}
      disabled={setDone.isPending}
      onChange={(event) => setDone.mutate({ id, done: event.target.checked, subject })}
    />
  );
}
