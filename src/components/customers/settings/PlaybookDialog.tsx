import { zodResolver } from "@hookform/resolvers/zod";
import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { useFieldArray, useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { FormServerError } from "@/components/settings/FormServerError";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { FormDialogFooter } from "@/components/ui/form-dialog-footer";
import { Input } from "@/components/ui/input";
import { LabelledFormField } from "@/components/ui/labelled-form-field";
import { SelectItem } from "@/components/ui/select";
import { SelectFormField } from "@/components/ui/select-form-field";
import { Textarea } from "@/components/ui/textarea";
import {
  ACTION_KIND_LABELS,
  ACTION_KINDS,
  PLACEHOLDERS,
  PLAYBOOK_TRIGGERS,
  playbookSchema,
  readParams,
  TRIGGER_LABELS,
  type PlaybookForm,
} from "@/domain/customer-success/playbooks";
import type { Playbook } from "@/hooks/useCustomers";
import { useSavePlaybook } from "@/hooks/usePlaybooks";

function initialValues(playbook: Playbook | undefined): PlaybookForm {
  if (!playbook) {
    return {
      name: "",
      description: "",
      trigger: "critical_status",
      days: 7,
      points: 15,
      active: true,
      actions: [{ kind: "task", subject: "Check-in call: {{customer}}", body: "", due_in_days: 1 }],
    };
  }
  const params = readParams(playbook.params);
  return {
    name: playbook.name,
    description: playbook.description ?? "",
    trigger: playbook.trigger,
    days: params.days ?? 7,
    points: params.points ?? 15,
    active: playbook.active,
    actions: playbook.actions.map((a) => ({ id: a.id, kind: a.kind, subject: a.subject, body: a.body ?? "", due_in_days: a.due_in_days })),
  };
}

const numberValue = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : "");
const toNumber = (text: string) => (text === "" ? Number.NaN : Number(text));

/** Create or edit a playbook (CS-4): its trigger and parameters, and its actions in order. */
export function PlaybookDialog({ playbook, onClose }: { playbook?: Playbook; onClose: () => void }) {
  const save = useSavePlaybook();
  const form = useForm<PlaybookForm>({ resolver: zodResolver(playbookSchema), defaultValues: initialValues(playbook) });
  const actions = useFieldArray({ control: form.control, name: "actions" });
  const trigger = useWatch({ control: form.control, name: "trigger" });
  const kinds = useWatch({ control: form.control, name: "actions" });

  async function onSubmit(values: PlaybookForm) {
    try {
      await save.mutateAsync({ id: playbook?.id, values });
      toast.success(playbook ? `${values.name} was saved` : `${values.name} was created`);
      onClose();
    } catch (error) {
      const message = error instanceof Error ? error.message : "The playbook could not be saved.";
      if (/playbooks_name_key/.test(message)) form.setError("name", { message: "A playbook with this name already exists" }, { shouldFocus: true });
      else form.setError("root.server", { message });
    }
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>{playbook ? `Edit ${playbook.name}` : "New playbook"}</DialogTitle>
          <DialogDescription>The daily job fires it once per episode of its trigger; a CSM can also run it by hand.</DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form noValidate onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4">
            <FormServerError message={form.formState.errors.root?.server?.message} />
            <div className="grid gap-4 sm:grid-cols-2">
              <LabelledFormField control={form.control} name="name" label="Name">
                {(field) => <Input {...field} />}
              </LabelledFormField>
              <FormField
                control={form.control}
                name="active"
                render={({ field }) => (
                  <FormItem className="flex items-center gap-2 self-end pb-2">
                    <FormControl>
                      <input type="checkbox" className="size-4 accent-primary" checked={field.value} onChange={(e) => field.onChange(e.target.checked)} ref={field.ref} />
                    </FormControl>
                    <FormLabel>Active (the daily job runs it)</FormLabel>
                  </FormItem>
                )}
              />
            </div>
            <LabelledFormField control={form.control} name="description" label="Description">
              {(field) => <Textarea rows={2} {...field} />}
            </LabelledFormField>
            <fieldset className="grid gap-3 rounded-md border p-3">
              <legend className="px-1 text-sm font-medium">Condition</legend>
              <SelectFormField control={form.control} name="trigger" label="Trigger" triggerClassName="w-full sm:w-80">
                {PLAYBOOK_TRIGGERS.map((value) => (
                  <SelectItem key={value} value={value}>
                    {TRIGGER_LABELS[value]}
                  </SelectItem>
                ))}
              </SelectFormField>
              {trigger !== "critical_status" && (
                <div className="flex flex-wrap gap-4">
                  {trigger === "score_drop" && (
                    <FormField
                      control={form.control}
                      name="points"
                      render={({ field }) => (
                        <FormItem>
                          <FormLabel>Drop of at least (points)</FormLabel>
                          <FormControl>
                            <Input type="number" className="w-28" name={field.name} ref={field.ref} onBlur={field.onBlur} value={numberValue(field.value)} onChange={(e) => field.onChange(toNumber(e.target.value))} />
                          </FormControl>
                          <FormMessage />
                        </FormItem>
                      )}
                    />
                  )}
                  <FormField
                    control={form.control}
                    name="days"
                    render={({ field }) => (
                      <FormItem>
                        <FormLabel>{trigger === "score_drop" ? "Within (days)" : "No login for (days)"}</FormLabel>
                        <FormControl>
                          <Input type="number" className="w-28" name={field.name} ref={field.ref} onBlur={field.onBlur} value={numberValue(field.value)} onChange={(e) => field.onChange(toNumber(e.target.value))} />
                        </FormControl>
                        <FormMessage />
                      </FormItem>
                    )}
                  />
                </div>
              )}
            </fieldset>

            <fieldset className="grid gap-3">
              <legend className="mb-1 text-sm font-medium">Actions, in order</legend>
              <p className="text-xs text-muted-foreground">Placeholders: {PLACEHOLDERS.join(", ")}</p>
              {actions.fields.map((action, index) => (
                <div key={action.id} className="grid gap-3 rounded-md border p-3">
                  <div className="flex flex-wrap items-end gap-2">
                    <SelectFormField control={form.control} name={`actions.${index}.kind`} label={`Action ${index + 1}`} className="min-w-64 flex-1">
                      {ACTION_KINDS.map((kind) => (
                        <SelectItem key={kind} value={kind}>
                          {ACTION_KIND_LABELS[kind]}
                        </SelectItem>
                      ))}
                    </SelectFormField>
                    {kinds?.[index]?.kind === "task" && (
                      <FormField
                        control={form.control}
                        name={`actions.${index}.due_in_days`}
                        render={({ field }) => (
                          <FormItem>
                            <FormLabel>Due in (days)</FormLabel>
                            <FormControl>
                              <Input type="number" className="w-24" name={field.name} ref={field.ref} onBlur={field.onBlur} value={numberValue(field.value)} onChange={(e) => field.onChange(toNumber(e.target.value))} />
                            </FormControl>
                            <FormMessage />
                          </FormItem>
                        )}
                      />
                    )}
                    <div className="flex gap-1">
                      <Button type="button" variant="ghost" size="icon" aria-label={`Move action ${index + 1} up`} disabled={index === 0} onClick={() => actions.move(index, index - 1)}>
                        <ArrowUp aria-hidden />
                      </Button>
                      <Button type="button" variant="ghost" size="icon" aria-label={`Move action ${index + 1} down`} disabled={index === actions.fields.length - 1} onClick={() => actions.move(index, index + 1)}>
                        <ArrowDown aria-hidden />
                      </Button>
                      <Button type="button" variant="ghost" size="icon" aria-label={`Remove action ${index + 1}`} onClick={() => actions.remove(index)}>
                        <Trash2 aria-hidden />
                      </Button>
                    </div>
                  </div>
                  <FormField
                    control={form.control}
                    name={`actions.${index}.subject`}
                    render={({ field }) => (
                      <FormItem>
                        <FormLabel>{kinds?.[index]?.kind === "email" ? "Email subject" : kinds?.[index]?.kind === "task" ? "Task subject" : "Message title"}</FormLabel>
                        <FormControl>
                          <Input {...field} />
                        </FormControl>
                        <FormMessage />
                      </FormItem>
                    )}
                  />
                  <FormField
                    control={form.control}
                    name={`actions.${index}.body`}
                    render={({ field }) => (
                      <FormItem>
                        <FormLabel>{kinds?.[index]?.kind === "email" ? "Email text" : kinds?.[index]?.kind === "task" ? "Task notes" : "Message"}</FormLabel>
                        <FormControl>
                          <Textarea rows={2} {...field} />
                        </FormControl>
                        {kinds?.[index]?.kind === "email" && <FormDescription>Sent to the customer's primary contact, through the outbox.</FormDescription>}
                        <FormMessage />
                      </FormItem>
                    )}
                  />
                </div>
              ))}
              {form.formState.errors.actions?.root?.message || form.formState.errors.actions?.message ? (
                <p role="alert" className="text-sm text-destructive">
                  {form.formState.errors.actions?.root?.message ?? form.formState.errors.actions?.message}
                </p>
              ) : null}
              <div>
                <Button
                  type="button"
                  variant="outline"
                  size="sm"
                  disabled={actions.fields.length >= 20}
                  onClick={() => actions.append({ kind: "task", subject: "", body: "", due_in_days: 1 })}
                >
                  <Plus aria-hidden /> Add action
                </Button>
              </div>
            </fieldset>

            <FormDialogFooter
              onCancel={onClose}
              submitting={form.formState.isSubmitting}
              submitLabel={playbook ? "Save playbook" : "Create playbook"}
            />
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
