import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { CheckboxGroup } from "@/components/pipeline/settings/CheckboxGroup";
import { FormServerError } from "@/components/settings/FormServerError";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form, FormDescription, FormField, FormItem, FormMessage } from "@/components/ui/form";
import { FormDialogFooter } from "@/components/ui/form-dialog-footer";
import { Input } from "@/components/ui/input";
import { LabelledFormField } from "@/components/ui/labelled-form-field";
import { ROLES } from "@/domain/navigation";
import {
  newPipelineSchema,
  pipelineSchema,
  TEMPLATES,
  type NewPipelineValues,
  type PipelineValues,
} from "@/domain/pipelines";
import { useCreatePipeline, useUpdatePipeline, type Pipeline } from "@/hooks/usePipelines";
import { formatRole } from "@/lib/format";

/** The database's refusals of a pipeline save, in the form's words. */
function pipelineSaveError(error: unknown) {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "23505") return { field: "name" as const, message: "A pipeline with this name already exists" };
  return { field: null, message: error instanceof Error ? error.message : "The pipeline could not be saved." };
}

function DefaultCheckbox({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="flex items-start gap-2 text-sm">
      <input type="checkbox" className="mt-0.5 size-4 accent-primary" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      <span>
        Default pipeline
        <span className="block text-muted-foreground">New deals and converted leads go here. Only one pipeline is the default.</span>
      </span>
    </label>
  );
}

/** Create a pipeline from the Default or PEAK template (create_pipeline_from_template). */
export function NewPipelineDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const create = useCreatePipeline();
  const form = useForm<NewPipelineValues>({
    resolver: zodResolver(newPipelineSchema),
    defaultValues: { name: "", template: "default", is_default: false },
  });

  async function onSubmit(values: NewPipelineValues) {
    try {
      const created = await create.mutateAsync(values);
      toast.success(`${values.name} was created`);
      onCreated(created.id);
      onClose();
    } catch (error) {
      const { field, message } = pipelineSaveError(error);
      form.setError(field ?? "root.server", { message }, { shouldFocus: !!field });
    }
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>New pipeline</DialogTitle>
          <DialogDescription>Start from a template; every stage can be changed afterwards.</DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form noValidate onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4">
            <FormServerError message={form.formState.errors.root?.server?.message} />
            <LabelledFormField control={form.control} name="name" label="Name">
              {(field) => <Input autoComplete="off" placeholder="Enterprise sales" {...field} />}
            </LabelledFormField>
            <FormField
              control={form.control}
              name="template"
              render={({ field }) => (
                <fieldset className="grid gap-2">
                  <legend className="text-sm font-medium">Template</legend>
                  {TEMPLATES.map((template) => (
                    <label key={template.value} className="flex items-start gap-2 rounded-md border p-3 text-sm has-[:checked]:border-primary">
                      <input
                        type="radio"
                        name={field.name}
                        value={template.value}
                        checked={field.value === template.value}
                        onChange={() => field.onChange(template.value)}
                        className="mt-0.5 accent-primary"
                      />
                      <span>
                        <span className="font-medium">{template.label}</span>
                        <span className="block text-muted-foreground">{template.stages}</span>
                      </span>
                    </label>
                  ))}
                </fieldset>
              )}
            />
            <FormField
              control={form.control}
              name="is_default"
              render={({ field }) => <DefaultCheckbox checked={field.value} onChange={field.onChange} />}
            />
            <FormDialogFooter onCancel={onClose} submitting={form.formState.isSubmitting} submitLabel="Create pipeline" />
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}

/** Rename a pipeline, make it the default, or limit it to teams and roles. */
export function EditPipelineDialog({
  pipeline,
  teams,
  onClose,
}: {
  pipeline: Pipeline;
  teams: readonly { id: string; name: string }[];
  onClose: () => void;
}) {
  const update = useUpdatePipeline();
  const form = useForm<PipelineValues>({
    resolver: zodResolver(pipelineSchema),
    defaultValues: { name: pipeline.name, is_default: pipeline.is_default, team_ids: pipeline.team_ids, roles: pipeline.roles },
  });

  async function onSubmit(values: PipelineValues) {
    try {
      await update.mutateAsync({ id: pipeline.id, values });
      toast.success(`${values.name} was saved`);
      onClose();
    } catch (error) {
      const { field, message } = pipelineSaveError(error);
      form.setError(field ?? "root.server", { message }, { shouldFocus: !!field });
    }
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto">
        <DialogHeader>
          <DialogTitle>Edit {pipeline.name}</DialogTitle>
          <DialogDescription>Limit who works in this pipeline; executives and admins always see it.</DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form noValidate onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4">
            <FormServerError message={form.formState.errors.root?.server?.message} />
            <LabelledFormField control={form.control} name="name" label="Name">
              {(field) => <Input autoComplete="off" {...field} />}
            </LabelledFormField>
            <FormField
              control={form.control}
              name="is_default"
              render={({ field }) => <DefaultCheckbox checked={field.value} onChange={field.onChange} />}
            />
            <FormField
              control={form.control}
              name="team_ids"
              render={({ field }) => (
                <FormItem>
                  <CheckboxGroup
                    legend="Teams"
                    description="None ticked: every team."
                    options={teams.map((team) => ({ value: team.id, label: team.name }))}
                    value={field.value}
                    onChange={field.onChange}
                    emptyText="There are no teams yet."
                  />
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="roles"
              render={({ field }) => (
                <FormItem>
                  <CheckboxGroup
                    legend="Roles"
                    description="None ticked: every role."
                    options={ROLES.map((role) => ({ value: role, label: formatRole(role) }))}
                    value={field.value}
                    onChange={(value) => field.onChange(value)}
                  />
                  <FormDescription>A user needs both: one of the teams and one of the roles.</FormDescription>
                </FormItem>
              )}
            />
            <FormDialogFooter onCancel={onClose} submitting={form.formState.isSubmitting} submitLabel="Save pipeline" />
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
