import { zodResolver } from "@hookform/resolvers/zod";
import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { useFieldArray, useForm, useFormContext } from "react-hook-form";
import { toast } from "sonner";
import { CheckboxGroup } from "@/components/pipeline/settings/CheckboxGroup";
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
  APPROVER_ROLES,
  DEAL_TYPES,
  EMPTY_POLICY,
  NO_ROLE,
  policyErrorField,
  policySchema,
  policyToForm,
  toPolicyDefinition,
  type PolicyForm,
  type PolicyValues,
} from "@/domain/approvals/policies";
import { DEAL_TYPE_LABELS } from "@/domain/records/options";
import { useSaveApprovalPolicy, type PolicyRow } from "@/hooks/useApprovals";
import { formatRole } from "@/lib/format";

type Props = {
  /** The policy to edit; undefined for a new one. */
  policy?: PolicyRow;
  /** The active model's classes, best first. */
  classes: readonly string[];
  /** People who may be named as approvers (active members). */
  people: readonly { id: string; full_name: string; role: string }[];
  onClose: () => void;
};

/** Create or edit an approval policy: conditions → ordered steps, each with an approver role or people. */
export function PolicyDialog({ policy, classes, people, onClose }: Props) {
  const save = useSaveApprovalPolicy();
  const form = useForm<PolicyForm, unknown, PolicyValues>({
    resolver: zodResolver(policySchema),
    defaultValues: policy ? policyToForm(policy) : EMPTY_POLICY,
  });
  const steps = useFieldArray({ control: form.control, name: "steps" });

  async function submit(values: PolicyValues) {
    try {
      await save.mutateAsync(toPolicyDefinition(values, policy?.id));
      toast.success(policy ? `${values.name} was saved` : `${values.name} was created`);
      onClose();
    } catch (error) {
      const field = policyErrorField(error);
      const message = error instanceof Error ? error.message : "The policy could not be saved.";
      if (field === "steps") form.setError("steps", { message });
      else if (field === "name") form.setError("name", { message: "A policy with this name already exists" }, { shouldFocus: true });
      else if (field) form.setError(field, { message }, { shouldFocus: true });
      else form.setError("root.server", { message });
    }
  }

  const stepsError = form.formState.errors.steps?.root?.message ?? form.formState.errors.steps?.message;

  return (
    <Dialog open onOpenChange={(open) => !open && !form.formState.isSubmitting && onClose()}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>{policy ? `Edit ${policy.name}` : "New approval policy"}</DialogTitle>
          <DialogDescription>
            A deal that meets every condition you set needs approval, step by step, before it may close won.
          </DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form noValidate onSubmit={form.handleSubmit(submit)} className="grid gap-5">
            <FormServerError message={form.formState.errors.root?.server?.message} />
            <LabelledFormField control={form.control} name="name" label="Name">
              {(field) => <Input autoComplete="off" {...field} />}
            </LabelledFormField>
            <LabelledFormField control={form.control} name="description" label="Description">
              {(field) => <Textarea rows={2} {...field} />}
            </LabelledFormField>

            <fieldset className="grid gap-3 rounded-md border p-3">
              <legend className="px-1 text-sm font-medium">Conditions (every one you fill in must hold)</legend>
              <div className="grid gap-3 sm:grid-cols-3">
                <NumberField name="discount_above" label="Discount above (%)" />
                <NumberField name="amount_above" label="Amount above" />
                <NumberField name="score_below" label="Score below" />
              </div>
              <FormField
                control={form.control}
                name="classification_in"
                render={({ field }) => (
                  <CheckboxGroup
                    legend="Classes"
                    description="Deals of these classes (none: any class)."
                    options={classes.map((label) => ({ value: label, label: `Class ${label}` }))}
                    value={field.value}
                    onChange={field.onChange}
                    emptyText="The scoring model has no classes."
                  />
                )}
              />
              <FormField
                control={form.control}
                name="deal_types"
                render={({ field }) => (
                  <CheckboxGroup
                    legend="Deal types"
                    description="Only deals of these types (none: every type)."
                    options={DEAL_TYPES.map((type) => ({ value: type, label: DEAL_TYPE_LABELS[type] }))}
                    value={field.value}
                    onChange={(value) => field.onChange(value)}
                  />
                )}
              />
            </fieldset>

            <fieldset className="grid gap-3 rounded-md border p-3">
              <legend className="px-1 text-sm font-medium">Steps, in order</legend>
              {stepsError && (
                <p role="alert" className="text-sm font-medium text-destructive" data-slot="form-message">
                  {stepsError}
                </p>
              )}
              <ol className="grid gap-3">
                {steps.fields.map((step, index) => (
                  <li key={step.id} className="grid gap-3 rounded-md bg-muted/40 p-3">
                    <div className="flex items-center justify-between gap-2">
                      <span className="text-sm font-medium">Step {index + 1}</span>
                      <div className="flex gap-1">
                        <Button type="button" variant="ghost" size="icon" className="size-8" aria-label={`Move step ${index + 1} up`} disabled={index === 0} onClick={() => steps.move(index, index - 1)}>
                          <ArrowUp aria-hidden />
                        </Button>
                        <Button
                          type="button"
                          variant="ghost"
                          size="icon"
                          className="size-8"
                          aria-label={`Move step ${index + 1} down`}
                          disabled={index === steps.fields.length - 1}
                          onClick={() => steps.move(index, index + 1)}
                        >
                          <ArrowDown aria-hidden />
                        </Button>
                        <Button type="button" variant="ghost" size="icon" className="size-8" aria-label={`Remove step ${index + 1}`} onClick={() => steps.remove(index)}>
                          <Trash2 aria-hidden />
                        </Button>
                      </div>
                    </div>
                    <div className="grid gap-3 sm:grid-cols-2">
                      <FormField
                        control={form.control}
                        name={`steps.${index}.name`}
                        render={({ field }) => (
                          <FormItem>
                            <FormLabel>Step {index + 1} name</FormLabel>
                            <FormControl>
                              <Input placeholder="e.g. Finance" autoComplete="off" {...field} />
                            </FormControl>
                            <FormMessage />
                          </FormItem>
                        )}
                      />
                      <SelectFormField control={form.control} name={`steps.${index}.approver_role`} label={`Step ${index + 1} approver role`}>
                        {APPROVER_ROLES.map((role) => (
                          <SelectItem key={role} value={role}>
                            {formatRole(role)}
                            {role === "manager" ? " of the owner's team" : ""}
                          </SelectItem>
                        ))}
                        <SelectItem value={NO_ROLE}>No role: only the people below</SelectItem>
                      </SelectFormField>
                    </div>
                    <FormField
                      control={form.control}
                      name={`steps.${index}.approver_ids`}
                      render={({ field }) => (
                        <CheckboxGroup
                          legend={`Step ${index + 1} named approvers`}
                          description="They may decide too (or instead, with no role). Nobody decides on their own deal."
                          options={people.map((person) => ({ value: person.id, label: `${person.full_name} (${formatRole(person.role)})` }))}
                          value={field.value}
                          onChange={field.onChange}
                          className="max-h-40 overflow-y-auto"
                        />
                      )}
                    />
                  </li>
                ))}
              </ol>
              <Button
                type="button"
                variant="outline"
                size="sm"
                className="w-fit"
                disabled={steps.fields.length >= 10}
                onClick={() => steps.append({ name: "", approver_role: "executive", approver_ids: [] })}
              >
                <Plus aria-hidden /> Add step
              </Button>
            </fieldset>

            <FormField
              control={form.control}
              name="is_active"
              render={({ field }) => (
                <label className="flex items-start gap-2 text-sm">
                  <input type="checkbox" className="mt-0.5 size-4 accent-primary" checked={field.value} onChange={(event) => field.onChange(event.target.checked)} />
                  <span>
                    Active
                    <span className="block text-muted-foreground">An inactive policy raises no new requests; the ones it raised stay.</span>
                  </span>
                </label>
              )}
            />

            <FormDialogFooter
              onCancel={onClose}
              submitting={form.formState.isSubmitting}
              submitLabel={policy ? "Save policy" : "Create policy"}
              disableCancelWhileSubmitting
            />
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}

function NumberField({ name, label }: { name: "discount_above" | "amount_above" | "score_below"; label: string }) {
  const { control } = useFormContext<PolicyForm, unknown, PolicyValues>();
  return (
    <FormField
      control={control}
      name={name}
      render={({ field }) => (
        <FormItem>
          <FormLabel>{label}</FormLabel>
          <FormControl>
            <Input inputMode="decimal" autoComplete="off" placeholder="Any" {...field} value={String(field.value ?? "")} />
          </FormControl>
          <FormDescription className="sr-only">Leave empty for no condition.</FormDescription>
          <FormMessage />
        </FormItem>
      )}
    />
  );
}
