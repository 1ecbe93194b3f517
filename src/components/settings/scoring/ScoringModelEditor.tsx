import { useId, useState, type ReactNode } from "react";
import { zodResolver } from "@hookform/resolvers/zod";
import { ChevronDown, ChevronRight, LoaderCircle, Plus, RotateCcw, Trash2 } from "lucide-react";
import { get, useFieldArray, useForm, useFormContext, useWatch, type FieldError } from "react-hook-form";
import { FormServerError } from "@/components/settings/FormServerError";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Form } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { LabelledFormField } from "@/components/ui/labelled-form-field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { factorLabel } from "@/domain/scoring/contributions";
import {
  FACTOR_UNITS,
  modelErrorTarget,
  scoringModelFormSchema,
  toDefinition,
  weightSumProblem,
  weightTotal,
  type ModelDefinition,
  type ScoringModelForm,
} from "@/domain/scoring/model";
import { cn } from "@/lib/utils";

type Props = {
  initial: ScoringModelForm;
  /** Each factor's name and what it measures (public.scoring_factor_catalog). */
  catalog?: Readonly<Record<string, { label: string; measures: string }>>;
  /** The live preview of what the form holds: a valid definition, or null while the form has a problem. */
  renderPreview: (definition: ModelDefinition | null) => ReactNode;
  /** Saves the form as a new version; a refusal is put on the part of the form it is about. */
  onSave: (definition: ModelDefinition) => Promise<void>;
  saving?: boolean;
};

/**
 * The admin's scoring model editor (GOV-1): each factor's weight and its curve or bands, the
 * classification bands, and a live preview of the resulting distribution beside them. The form's
 * rules are the database's (src/domain/scoring/model.ts).
 */
export function ScoringModelEditor({ initial, catalog, renderPreview, onSave, saving }: Props) {
  const form = useForm<ScoringModelForm>({ resolver: zodResolver(scoringModelFormSchema), defaultValues: initial, mode: "onChange" });
  const values = useWatch({ control: form.control }) as ScoringModelForm;
  const parsed = scoringModelFormSchema.safeParse(values);
  const definition = parsed.success ? toDefinition(values) : null;
  // Said as soon as the weights stop adding up, not only on save.
  const sumMessage = weightSumProblem(values.factors ?? []);
  const total = weightTotal(values.factors ?? []);

  async function submit(submitted: ScoringModelForm) {
    try {
      await onSave(toDefinition(submitted));
    } catch (error) {
      const message = error instanceof Error ? error.message : "The model could not be saved.";
      form.setError("root.server", { message: modelErrorTarget(error) ? `${message}. Correct it below and save again.` : message });
    }
  }

  return (
    <Form {...form}>
      <form noValidate onSubmit={form.handleSubmit(submit)} className="grid items-start gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="grid gap-6">
          <FormServerError message={form.formState.errors.root?.server?.message} />
          <Card>
            <CardHeader>
              <CardTitle className="text-base">
                <h2>Model</h2>
              </CardTitle>
            </CardHeader>
            <CardContent className="grid gap-4">
              <LabelledFormField control={form.control} name="name" label="Name">
                {(field) => <Input autoComplete="off" {...field} />}
              </LabelledFormField>
              <LabelledFormField control={form.control} name="description" label="Description">
                {(field) => <Textarea rows={2} {...field} />}
              </LabelledFormField>
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle className="text-base">
                <h2>Factors and weights</h2>
              </CardTitle>
              <CardDescription>
                A factor earns up to its weight in points; its curve or bands say what share of the weight a deal&apos;s value earns (0-100 %). The
                weights add up to 100.
              </CardDescription>
            </CardHeader>
            <CardContent className="grid gap-3">
              <p
                role="status"
                aria-live="polite"
                className={cn("text-sm font-medium tabular-nums", sumMessage || total !== 100 ? "text-destructive" : "text-emerald-700 dark:text-emerald-400")}
                data-testid="weight-total"
              >
                Total weight: {total} of 100
                {sumMessage ? ` — ${sumMessage}` : ""}
              </p>
              <ul className="grid gap-2">
                {initial.factors.map((factor, index) => (
                  <FactorRow key={factor.factor} index={index} label={catalog?.[factor.factor]?.label} measures={catalog?.[factor.factor]?.measures} />
                ))}
              </ul>
            </CardContent>
          </Card>

          <ClassificationBands />
        </div>

        <div className="grid gap-4 xl:sticky xl:top-20">
          {renderPreview(definition)}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={saving || form.formState.isSubmitting}>
              {(saving || form.formState.isSubmitting) && <LoaderCircle className="animate-spin" aria-hidden />}
              Save as new version and rescore
            </Button>
            <Button type="button" variant="outline" disabled={!form.formState.isDirty} onClick={() => form.reset(initial)}>
              <RotateCcw aria-hidden /> Discard changes
            </Button>
          </div>
          <p className="text-xs text-muted-foreground">
            Saving keeps the current version for the history and scores every open deal with the new one.
          </p>
        </div>
      </form>
    </Form>
  );
}

/** One input's error under it, from the form state at `name`. */
function FieldErrorText({ name, id }: { name: string; id: string }) {
  const { formState } = useFormContext<ScoringModelForm>();
  // An error about a whole list (too few points) sits at the list's "root" when its items are fields.
  const error = get(formState.errors, name) as (FieldError & { root?: FieldError }) | undefined;
  const message = error?.message ?? error?.root?.message;
  if (!message) return null;
  return (
    <p id={id} className="text-xs font-medium text-destructive" data-slot="form-message">
      {message}
    </p>
  );
}

function useInvalid(name: string) {
  const { formState } = useFormContext<ScoringModelForm>();
  return !!get(formState.errors, name);
}

function NumberInput({
  name,
  label,
  visibleLabel,
  className,
  hideLabel = false,
}: {
  name: string;
  /** The accessible name ("Discount weight"). */
  label: string;
  /** A shorter text shown above the input ("Weight"); the accessible name stays `label`. */
  visibleLabel?: string;
  className?: string;
  hideLabel?: boolean;
}) {
  const { register } = useFormContext<ScoringModelForm>();
  const id = useId();
  const invalid = useInvalid(name);
  return (
    <div className={cn("grid gap-1", className)}>
      <label htmlFor={id} className={cn("text-xs font-medium text-muted-foreground", hideLabel && "sr-only")}>
        {visibleLabel ?? label}
      </label>
      <Input
        id={id}
        inputMode="decimal"
        autoComplete="off"
        className="h-8 tabular-nums"
        aria-label={visibleLabel ? label : undefined}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${id}-error` : undefined}
        {...register(name as "name")}
      />
      <FieldErrorText name={name} id={`${id}-error`} />
    </div>
  );
}

function FactorRow({ index, label: catalogLabel, measures }: { index: number; label?: string; measures?: string }) {
  const { control, setValue } = useFormContext<ScoringModelForm>();
  const factor = useWatch({ control, name: `factors.${index}` });
  const { fields, append, remove } = useFieldArray({ control, name: `factors.${index}.points` });
  const [open, setOpen] = useState(false);
  const label = factorLabel(factor.factor, catalogLabel);
  const unit = FACTOR_UNITS[factor.factor];
  const bands = factor.kind === "bands";
  const pointsId = useId();
  const hasCurveError = useInvalid(`factors.${index}.points`);

  return (
    <li className="rounded-md border">
      <div className="flex flex-wrap items-start gap-3 p-3">
        <Button
          type="button"
          variant="ghost"
          size="icon"
          className="size-8 shrink-0"
          aria-expanded={open}
          aria-controls={pointsId}
          aria-label={`${open ? "Hide" : "Edit"} the ${bands ? "bands" : "curve"} of ${label}`}
          onClick={() => setOpen((value) => !value)}
        >
          {open ? <ChevronDown aria-hidden /> : <ChevronRight aria-hidden />}
        </Button>
        <div className="grid min-w-40 flex-1 gap-0.5">
          <span className="font-medium">{label}</span>
          {measures && <span className="text-xs text-muted-foreground">{measures}</span>}
          {hasCurveError && !open && <span className="text-xs font-medium text-destructive">Its {bands ? "bands have" : "curve has"} a problem: open it.</span>}
        </div>
        <NumberInput name={`factors.${index}.weight`} label={`${label} weight`} visibleLabel="Weight (points)" className="w-28" />
      </div>
      {open && (
        <div id={pointsId} className="grid gap-3 border-t p-3">
          <div className="flex flex-wrap items-center gap-3">
            <span className="text-sm">Shape</span>
            <Select
              value={factor.kind}
              onValueChange={(value) => setValue(`factors.${index}.kind`, value as "curve" | "bands", { shouldDirty: true, shouldValidate: true })}
            >
              <SelectTrigger className="h-8 w-56" aria-label={`Shape of ${label}`}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="curve">Curve (straight lines between points)</SelectItem>
                <SelectItem value="bands">Bands (a score from each threshold)</SelectItem>
              </SelectContent>
            </Select>
          </div>
          <FieldErrorText name={`factors.${index}.points`} id={`${pointsId}-error`} />
          <table className="w-full text-sm">
            <caption className="sr-only">
              {bands ? "Bands" : "Curve points"} of {label}
            </caption>
            <thead>
              <tr className="text-left text-xs text-muted-foreground">
                <th scope="col" className="pb-1 font-medium">
                  {bands ? "From" : "At"} ({unit})
                </th>
                <th scope="col" className="pb-1 font-medium">
                  Share of the weight (%)
                </th>
                <th scope="col" className="pb-1">
                  <span className="sr-only">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {fields.map((point, pointIndex) => (
                <tr key={point.id} className="align-top">
                  <td className="pb-2 pr-2">
                    <NumberInput name={`factors.${index}.points.${pointIndex}.at`} label={`${label} ${bands ? "band" : "point"} ${pointIndex + 1} ${bands ? "from" : "at"}`} hideLabel />
                  </td>
                  <td className="pb-2 pr-2">
                    <NumberInput name={`factors.${index}.points.${pointIndex}.score`} label={`${label} ${bands ? "band" : "point"} ${pointIndex + 1} share`} hideLabel />
                  </td>
                  <td className="pb-2">
                    <Button
                      type="button"
                      variant="ghost"
                      size="icon"
                      className="size-8"
                      aria-label={`Remove ${bands ? "band" : "point"} ${pointIndex + 1} of ${label}`}
                      disabled={fields.length <= 1}
                      onClick={() => remove(pointIndex)}
                    >
                      <Trash2 aria-hidden />
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Button
            type="button"
            variant="outline"
            size="sm"
            className="w-fit"
            disabled={fields.length >= 20}
            onClick={() => {
              const last = factor.points.at(-1);
              const next = last ? Number(last.at) + 10 : 0;
              append({ at: String(Number.isFinite(next) ? next : ""), score: last ? String(last.score) : "0" });
            }}
          >
            <Plus aria-hidden /> Add {bands ? "band" : "point"}
          </Button>
        </div>
      )}
    </li>
  );
}

function ClassificationBands() {
  const { control } = useFormContext<ScoringModelForm>();
  const { fields, append, remove } = useFieldArray({ control, name: "classification_bands" });
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">
          <h2>Classification bands</h2>
        </CardTitle>
        <CardDescription>Highest minimum first; the last band starts at 0 so every score has a class.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-2">
        <FieldErrorText name="classification_bands" id="classification-bands-error" />
        <table className="w-full max-w-md text-sm">
          <caption className="sr-only">Classification bands</caption>
          <thead>
            <tr className="text-left text-xs text-muted-foreground">
              <th scope="col" className="pb-1 font-medium">
                Class
              </th>
              <th scope="col" className="pb-1 font-medium">
                From score
              </th>
              <th scope="col" className="pb-1">
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {fields.map((band, index) => (
              <tr key={band.id} className="align-top">
                <td className="pb-2 pr-2">
                  <BandLabelInput index={index} />
                </td>
                <td className="pb-2 pr-2">
                  <NumberInput name={`classification_bands.${index}.min_score`} label={`Class ${index + 1} from score`} hideLabel />
                </td>
                <td className="pb-2">
                  <Button
                    type="button"
                    variant="ghost"
                    size="icon"
                    className="size-8"
                    aria-label={`Remove class ${index + 1}`}
                    disabled={fields.length <= 1}
                    onClick={() => remove(index)}
                  >
                    <Trash2 aria-hidden />
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Button
          type="button"
          variant="outline"
          size="sm"
          className="w-fit"
          disabled={fields.length >= 10}
          onClick={() => append({ label: "", min_score: "0" })}
        >
          <Plus aria-hidden /> Add class
        </Button>
      </CardContent>
    </Card>
  );
}

function BandLabelInput({ index }: { index: number }) {
  const { register } = useFormContext<ScoringModelForm>();
  const id = useId();
  const name = `classification_bands.${index}.label` as const;
  const invalid = useInvalid(name);
  return (
    <div className="grid gap-1">
      <label htmlFor={id} className="sr-only">
        Class {index + 1} label
      </label>
      <Input id={id} className="h-8" autoComplete="off" aria-invalid={invalid} aria-describedby={invalid ? `${id}-error` : undefined} {...register(name)} />
      <FieldErrorText name={name} id={`${id}-error`} />
    </div>
  );
}
