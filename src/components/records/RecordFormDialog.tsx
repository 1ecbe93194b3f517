import { useEffect, useMemo, useRef } from "react";
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch, type Control, type Resolver, type UseFormSetValue } from "react-hook-form";
import { toast } from "sonner";
import { columnOptions, valueAt } from "@/components/records/format";
import { useCanAssignOwner } from "@/components/records/useCanAssignOwner";
import { ReferencePicker } from "@/components/records/ReferencePicker";
import type { RecordConfig } from "@/components/records/types";
import { FormServerError } from "@/components/settings/FormServerError";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { FormDialogFooter } from "@/components/ui/form-dialog-footer";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { NONE, toInputValue } from "@/domain/records/fields";
import type { FieldSpec, ObjectModel } from "@/domain/records/model";
import { labelOf } from "@/domain/records/options";
import { recordSaveError } from "@/domain/records/saveErrors";
import { useSaveRecord, type RecordRow } from "@/hooks/useRecords";
import { cn } from "@/lib/utils";

type Values = Record<string, string>;

const useNoDefaults = () => undefined;

function initialValues(model: ObjectModel, record: RecordRow | undefined, defaults: Record<string, unknown> | undefined, prefill: Record<string, unknown>) {
  const values: Values = {};
  for (const field of model.fields) {
    if (field.readOnly) continue;
    const raw = record ? record[field.key] : (prefill[field.key] ?? defaults?.[field.key]);
    const text = toInputValue(raw, field.kind);
    values[field.key] = field.kind === "enum" && text === "" ? NONE : text;
  }
  return values;
}

/**
 * Create or edit any record: the fields of its model, validated by the model's zod schema (the
 * database's rules), saved through the engine's one mutation. When the database still refuses,
 * its message lands on the field it is about, or above the form.
 */
export function RecordFormDialog({
  config,
  record,
  prefill = {},
  onClose,
  onSaved,
}: {
  config: RecordConfig;
  /** The record to edit (its detail row); undefined to create one. */
  record?: RecordRow;
  /** Values a new record starts with (the account of a contact created from its account page). */
  prefill?: Record<string, unknown>;
  onClose: () => void;
  onSaved?: (id: string) => void;
}) {
  const { model } = config;
  const save = useSaveRecord(model);
  const canAssign = useCanAssignOwner();
  const defaults = (config.useNewDefaults ?? useNoDefaults)();
  const fields = useMemo(
    () => model.fields.filter((field) => !field.readOnly && (field.key !== "owner_id" || canAssign)),
    [model.fields, canAssign],
  );
  const form = useForm<Values, unknown, Record<string, unknown>>({
    // The model's schema reads these strings into the insert payload (its input is unknown per field).
    resolver: zodResolver(model.schema as never) as unknown as Resolver<Values, unknown, Record<string, unknown>>,
    defaultValues: initialValues(model, record, defaults, prefill),
  });

  // Defaults that arrive after opening (a deal's default pipeline) fill fields still untouched.
  const applied = useRef(false);
  useEffect(() => {
    if (record || !defaults || applied.current) return;
    applied.current = true;
    for (const [key, value] of Object.entries(defaults)) {
      if (!form.getFieldState(key).isDirty && !prefill[key]) form.setValue(key, toInputValue(value));
    }
  }, [defaults, record, form, prefill]);

  async function onSubmit(values: Record<string, unknown>) {
    const payload = Object.fromEntries(Object.entries(values).filter(([key]) => fields.some((f) => f.key === key)));
    try {
      const id = await save.mutateAsync({ id: record?.id, values: payload, version: typeof record?.version === "number" ? record.version : undefined });
      const name = String(payload[model.titleColumn] ?? (record ? valueAt(record, model.titleColumn) : "") ?? "");
      toast.success(record ? `${name || `The ${model.singular}`} was saved` : `${name || `The ${model.singular}`} was created`);
      onClose();
      onSaved?.(id);
    } catch (error) {
      const refusal = recordSaveError(error, model.table, model.fields);
      let focused = false;
      for (const [key, message] of Object.entries(refusal.fields)) {
        form.setError(key, { message }, { shouldFocus: !focused });
        focused = true;
      }
      if (refusal.message) form.setError("root.server", { message: refusal.message });
    }
  }

  const title = record ? `Edit ${String(valueAt(record, model.titleColumn) ?? model.singular)}` : `New ${model.singular}`;
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>Fields marked * are required.</DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form noValidate onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4">
            <FormServerError message={form.formState.errors.root?.server?.message} />
            <div className="grid gap-4 sm:grid-cols-2">
              {fields.map((field) => (
                <RecordField
                  key={field.key}
                  field={field}
                  model={model}
                  control={form.control}
                  setValue={form.setValue}
                  record={record}
                  dependents={fields.filter((f) => f.reference?.dependsOn?.field === field.key).map((f) => f.key)}
                />
              ))}
            </div>
            <FormDialogFooter
              onCancel={onClose}
              submitting={form.formState.isSubmitting}
              submitLabel={record ? "Save" : `Create ${model.singular}`}
            />
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}

/** One form field, drawn by its kind. */
function RecordField({
  field,
  model,
  control,
  setValue,
  record,
  dependents,
}: {
  field: FieldSpec;
  model: ObjectModel;
  control: Control<Values, unknown, Record<string, unknown>>;
  setValue: UseFormSetValue<Values>;
  record: RecordRow | undefined;
  /** Fields whose choices depend on this one. */
  dependents: readonly string[];
}) {
  const depends = field.reference?.dependsOn;
  const parent = useWatch({ control, name: depends?.field ?? "__none", disabled: !depends });
  // Choosing another pipeline (or account) clears the stage (or contact) that belonged to the old one.
  const change = (onChange: (value: string) => void) => (value: string) => {
    onChange(value);
    for (const child of dependents) setValue(child, "", { shouldDirty: true });
  };

  return (
    <FormField
      control={control}
      name={field.key}
      render={({ field: input }) => (
        <FormItem className={cn(field.wide && "sm:col-span-2")}>
          {/* The asterisk stays outside the label, so the field's accessible name is just its label. */}
          <div className="flex gap-0.5">
            <FormLabel>{field.label}</FormLabel>
            {field.required && (
              <span aria-hidden className="text-sm text-muted-foreground">
                *
              </span>
            )}
          </div>
          <FieldControl field={field} model={model} value={input.value ?? ""} onChange={change(input.onChange)} onBlur={input.onBlur} name={input.name} inputRef={input.ref} record={record} parent={typeof parent === "string" ? parent : ""} />
          {field.description && <FormDescription>{field.description}</FormDescription>}
          <FormMessage />
        </FormItem>
      )}
    />
  );
}

function FieldControl({
  field,
  model,
  value,
  onChange,
  onBlur,
  name,
  inputRef,
  record,
  parent,
}: {
  field: FieldSpec;
  model: ObjectModel;
  value: string;
  onChange: (value: string) => void;
  onBlur: () => void;
  name: string;
  inputRef: (element: HTMLElement | null) => void;
  record: RecordRow | undefined;
  parent: string;
}) {
  const common = { name, onBlur, ref: inputRef, value, onChange: (event: { target: { value: string } }) => onChange(event.target.value) };
  switch (field.kind) {
    case "textarea":
      return (
        <FormControl>
          <Textarea rows={3} {...common} />
        </FormControl>
      );
    case "enum": {
      const options = [...(field.options ?? [])];
      if (value && value !== NONE && !options.some((o) => o.value === value)) {
        options.push({ value, label: labelOf(columnOptions(model, field.key) ?? [], value) });
      }
      return (
        <Select value={value || NONE} onValueChange={onChange}>
          <FormControl>
            <SelectTrigger className="w-full" onBlur={onBlur} ref={inputRef}>
              <SelectValue placeholder="Choose…" />
            </SelectTrigger>
          </FormControl>
          <SelectContent>
            <SelectItem value={NONE}>—</SelectItem>
            {options.map((option) => (
              <SelectItem key={option.value} value={option.value}>
                {option.label}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      );
    }
    case "reference": {
      const depends = field.reference?.dependsOn;
      const scope = depends && parent ? { column: depends.column, value: parent } : null;
      const current = record && record[field.key] === value && field.labelPath ? valueAt(record, field.labelPath) : null;
      return (
        <FormControl>
          <ReferencePicker
            target={field.reference!.target}
            value={value}
            onChange={onChange}
            onBlur={onBlur}
            scope={scope}
            disabled={!!depends?.required && !parent}
            currentLabel={typeof current === "string" ? current : null}
            placeholder={depends?.required && !parent ? "Choose the pipeline first" : field.key === "owner_id" ? "Me" : "Choose…"}
            clearable={!field.required}
          />
        </FormControl>
      );
    }
    default: {
      const type = field.kind === "email" ? "email" : field.kind === "phone" ? "tel" : field.kind === "date" ? "date" : field.kind === "datetime" ? "datetime-local" : "text";
      const numeric = field.kind === "integer" || field.kind === "money" || field.kind === "percent" || field.kind === "number";
      return (
        <FormControl>
          <Input type={type} inputMode={numeric ? "decimal" : undefined} autoComplete="off" {...common} />
        </FormControl>
      );
    }
  }
}
