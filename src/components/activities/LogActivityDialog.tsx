import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { FormServerError } from "@/components/settings/FormServerError";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form } from "@/components/ui/form";
import { FormDialogFooter } from "@/components/ui/form-dialog-footer";
import { Input } from "@/components/ui/input";
import { LabelledFormField } from "@/components/ui/labelled-form-field";
import { SelectItem } from "@/components/ui/select";
import { SelectFormField } from "@/components/ui/select-form-field";
import { Textarea } from "@/components/ui/textarea";
import {
  ACTIVITY_TYPE_LABELS,
  ACTIVITY_TYPES,
  defaultActivityValues,
  logActivitySchema,
  NO_SENTIMENT,
  SENTIMENT_LABELS,
  SENTIMENTS,
  type ActivitySubject,
  type ActivityType,
  type LogActivityInput,
  type LogActivityValues,
} from "@/domain/activities";
import { useLogActivity } from "@/hooks/useActivities";

export type LogActivityDialogProps = {
  /** The record the activity is about. */
  subject: ActivitySubject;
  /** The record's name, shown in the title ("Log activity on Acme renewal"). */
  subjectName?: string;
  /** The type chosen when the dialog opens; "task" also fills a due date (tomorrow, 9:00). */
  defaultType?: ActivityType;
  onClose: () => void;
  /** Called after the database saved the activity. */
  onLogged?: () => void;
};

/**
 * Log a call, meeting, email or note on any record, or schedule a task. Render it when it should
 * be open (`{open && <LogActivityDialog … onClose={() => setOpen(false)} />}`).
 */
export function LogActivityDialog({ subject, subjectName, defaultType = "call", onClose, onLogged }: LogActivityDialogProps) {
  const log = useLogActivity();
  const form = useForm<LogActivityInput, unknown, LogActivityValues>({
    resolver: zodResolver(logActivitySchema),
    defaultValues: defaultActivityValues(defaultType),
  });
  const type = useWatch({ control: form.control, name: "type" });

  async function onSubmit(values: LogActivityValues) {
    try {
      await log.mutateAsync({ values, subject });
      toast.success(values.type === "task" ? `Task "${values.subject}" was added` : `${ACTIVITY_TYPE_LABELS[values.type]} was logged`);
      onLogged?.();
      onClose();
    } catch (error) {
      form.setError("root.server", { message: error instanceof Error ? error.message : "The activity could not be saved." });
    }
  }

  const isTask = type === "task";
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>{isTask ? "Add task" : "Log activity"}</DialogTitle>
          <DialogDescription>{subjectName ? `On ${subjectName}.` : "Recorded on this record's timeline."}</DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form noValidate onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4">
            <FormServerError message={form.formState.errors.root?.server?.message} />
            <div className="grid gap-4 sm:grid-cols-2">
              <SelectFormField
                control={form.control}
                name="type"
                label="Type"
                onValueChange={(value) => {
                  // A task is about the future: offer tomorrow morning as its due date.
                  if (value === "task" && !form.getValues("due_at")) form.setValue("due_at", defaultActivityValues("task").due_at);
                }}
              >
                {ACTIVITY_TYPES.map((value) => (
                  <SelectItem key={value} value={value}>
                    {ACTIVITY_TYPE_LABELS[value]}
                  </SelectItem>
                ))}
              </SelectFormField>
              {!isTask && (
                <LabelledFormField control={form.control} name="occurred_at" label="When">
                  {(field) => <Input type="datetime-local" {...field} />}
                </LabelledFormField>
              )}
            </div>
            <LabelledFormField control={form.control} name="subject" label="Subject">
              {(field) => <Input autoComplete="off" placeholder={isTask ? "Send the proposal" : "Discovery call"} {...field} />}
            </LabelledFormField>
            <LabelledFormField control={form.control} name="body" label="Notes">
              {(field) => <Textarea rows={3} {...field} />}
            </LabelledFormField>
            {!isTask && (
              <div className="grid gap-4 sm:grid-cols-2">
                <LabelledFormField control={form.control} name="outcome" label="Outcome">
                  {(field) => <Input autoComplete="off" placeholder="Agreed on a demo" {...field} />}
                </LabelledFormField>
                <SelectFormField control={form.control} name="sentiment" label="Sentiment">
                  <SelectItem value={NO_SENTIMENT}>Not set</SelectItem>
                  {SENTIMENTS.map((value) => (
                    <SelectItem key={value} value={value}>
                      {SENTIMENT_LABELS[value]}
                    </SelectItem>
                  ))}
                </SelectFormField>
              </div>
            )}
            <LabelledFormField control={form.control} name="next_action" label="Next action">
              {(field) => <Input autoComplete="off" {...field} />}
            </LabelledFormField>
            <LabelledFormField
              control={form.control}
              name="due_at"
              label={isTask ? "Due" : "Follow-up due (optional)"}
              description={isTask ? "It appears in My tasks until it is marked done." : "With a date, it stays open in My tasks until marked done."}
            >
              {(field) => <Input type="datetime-local" {...field} />}
            </LabelledFormField>
            <FormDialogFooter
              onCancel={onClose}
              submitting={form.formState.isSubmitting}
              submitLabel={isTask ? "Add task" : "Log activity"}
            />
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
