import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { CheckboxGroup } from "@/components/pipeline/settings/CheckboxGroup";
import { FormServerError } from "@/components/settings/FormServerError";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { FormDialogFooter } from "@/components/ui/form-dialog-footer";
import { Input } from "@/components/ui/input";
import { LabelledFormField } from "@/components/ui/labelled-form-field";
import { SelectItem } from "@/components/ui/select";
import { SelectFormField } from "@/components/ui/select-form-field";
import { nextPosition, stageKind, stageSchema, toStageRow, type StageFormValues, type StageInput } from "@/domain/pipelines";
import { useDealFieldLabels } from "@/hooks/useBoard";
import { useSaveStage, type PipelineStage } from "@/hooks/usePipelines";

type Props = {
  pipelineId: string;
  /** The stage to edit; undefined to add one at the end. */
  stage?: PipelineStage;
  stages: readonly PipelineStage[];
  transitions: readonly { id: string; from_stage_id: string; to_stage_id: string }[];
  onClose: () => void;
};

function stageSaveError(error: unknown) {
  const failure = error as { code?: unknown; message?: string } | null;
  if (failure?.code === "23505") return { field: "name" as const, message: "This pipeline already has a stage with this name" };
  if (failure?.code === "23514" && failure.message?.includes("won_probability")) {
    return { field: "win_probability" as const, message: "A won stage has 100 %, a lost stage 0 %" };
  }
  return { field: null, message: error instanceof Error ? error.message : (failure?.message ?? "The stage could not be saved.") };
}

/** A stage's name, probability, colour, rotting days, won/lost, exit criteria and allowed moves out of it. */
export function StageDialog({ pipelineId, stage, stages, transitions, onClose }: Props) {
  const save = useSaveStage(pipelineId);
  const fields = useDealFieldLabels();
  const outgoing = stage ? transitions.filter((transition) => transition.from_stage_id === stage.id) : [];
  const form = useForm<StageInput, unknown, StageFormValues>({
    resolver: zodResolver(stageSchema),
    defaultValues: {
      name: stage?.name ?? "",
      kind: stage ? stageKind(stage) : "open",
      win_probability: String(stage?.win_probability ?? 50),
      colour: stage?.colour ?? "#64748b",
      rotting_days: stage?.rotting_days ? String(stage.rotting_days) : "",
      exit_criteria: stage?.exit_criteria ?? [],
      allowed_to: outgoing.map((transition) => transition.to_stage_id),
    },
  });
  const others = stages.filter((other) => other.id !== stage?.id);

  async function onSubmit(values: StageFormValues) {
    try {
      await save.mutateAsync({
        id: stage?.id,
        values: toStageRow(values),
        position: nextPosition(stages),
        allowedTo: values.allowed_to,
        currentTransitions: outgoing,
      });
      toast.success(stage ? `${values.name} was saved` : `${values.name} was added`);
      onClose();
    } catch (error) {
      const { field, message } = stageSaveError(error);
      form.setError(field ?? "root.server", { message }, { shouldFocus: !!field });
    }
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>{stage ? `Edit ${stage.name}` : "Add stage"}</DialogTitle>
          <DialogDescription>Deals entering this stage take its win probability.</DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form noValidate onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4">
            <FormServerError message={form.formState.errors.root?.server?.message} />
            <div className="grid gap-4 sm:grid-cols-2 sm:items-start">
              <LabelledFormField control={form.control} name="name" label="Name">
                {(field) => <Input autoComplete="off" {...field} />}
              </LabelledFormField>
              <SelectFormField
                control={form.control}
                name="kind"
                label="Kind"
                onValueChange={(value) => {
                  if (value === "won") form.setValue("win_probability", "100");
                  if (value === "lost") form.setValue("win_probability", "0");
                }}
              >
                <SelectItem value="open">Open</SelectItem>
                <SelectItem value="won">Won (closes the deal as won)</SelectItem>
                <SelectItem value="lost">Lost (closes the deal as lost)</SelectItem>
              </SelectFormField>
              <LabelledFormField control={form.control} name="win_probability" label="Win probability (%)">
                {(field) => <Input type="number" inputMode="numeric" min={0} max={100} step={1} {...field} />}
              </LabelledFormField>
              <LabelledFormField
                control={form.control}
                name="rotting_days"
                label="Stale after (days)"
                description="A deal idle longer, with nothing scheduled, is marked stale."
              >
                {(field) => <Input type="number" inputMode="numeric" min={1} max={3650} step={1} placeholder="Never" {...field} />}
              </LabelledFormField>
              <FormField
                control={form.control}
                name="colour"
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>Colour</FormLabel>
                    <div className="flex items-center gap-2">
                      <input
                        type="color"
                        aria-label="Pick a colour"
                        className="h-9 w-12 cursor-pointer rounded-md border bg-transparent p-1"
                        value={/^#[0-9a-fA-F]{6}$/.test(field.value) ? field.value : "#64748b"}
                        onChange={(event) => field.onChange(event.target.value)}
                      />
                      <FormControl>
                        <Input autoComplete="off" className="font-mono" {...field} />
                      </FormControl>
                    </div>
                    <FormMessage />
                  </FormItem>
                )}
              />
            </div>
            <FormField
              control={form.control}
              name="exit_criteria"
              render={({ field }) => (
                <FormItem>
                  <CheckboxGroup
                    legend="Exit criteria"
                    description="Fields a deal must have before it may leave this stage."
                    options={(fields.data ?? []).map((f) => ({ value: f.key, label: f.label }))}
                    value={field.value}
                    onChange={field.onChange}
                    emptyText={fields.isPending ? "Loading the deal fields…" : "No deal fields to choose from."}
                  />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="allowed_to"
              render={({ field }) => (
                <FormItem>
                  <CheckboxGroup
                    legend="Allowed moves from this stage"
                    description="None ticked: a deal may move to any stage."
                    options={others.map((other) => ({ value: other.id, label: other.name }))}
                    value={field.value}
                    onChange={field.onChange}
                    emptyText="Add more stages to limit the moves between them."
                  />
                </FormItem>
              )}
            />
            <FormDialogFooter
              onCancel={onClose}
              submitting={form.formState.isSubmitting}
              submitLabel={stage ? "Save stage" : "Add stage"}
            />
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
