import { useEffect, useMemo, useState } from "react";
import { zodResolver } from "@hookform/resolvers/zod";
import { LoaderCircle, Plus, Trash2 } from "lucide-react";
import { useFieldArray, useForm, useWatch, type Control, type FieldPath } from "react-hook-form";
import { toast } from "sonner";
import { HealthPreviewPanel } from "@/components/customers/settings/HealthPreviewPanel";
import { FormServerError } from "@/components/settings/FormServerError";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import {
  enabledWeightTotal,
  fromConfigForm,
  healthConfigSchema,
  INDICATOR_KEYS,
  INDICATORS,
  toConfigForm,
  type HealthConfigForm as Values,
  type IndicatorKey,
  type StoredHealthConfig,
  type StoredIndicators,
} from "@/domain/customer-success/healthConfig";
import { useHealthPreview, useSaveHealthConfig, type HealthConfigRow } from "@/hooks/useHealthSettings";
import { cn } from "@/lib/utils";

/** A number input bound to a form field: "" is NaN, which the schema refuses with "Enter a number". */
function NumberField({ control, name, label, suffix, srLabel, className }: { control: Control<Values>; name: FieldPath<Values>; label?: string; srLabel?: string; suffix?: string; className?: string }) {
  return (
    <FormField
      control={control}
      name={name}
      render={({ field }) => (
        <FormItem className={className}>
          {label && <FormLabel>{label}</FormLabel>}
          <div className="flex items-center gap-1.5">
            <FormControl>
              <Input
                type="number"
                inputMode="decimal"
                aria-label={srLabel}
                className="w-20 tabular-nums"
                name={field.name}
                ref={field.ref}
                onBlur={field.onBlur}
                value={typeof field.value === "number" && Number.isFinite(field.value) ? field.value : ""}
                onChange={(event) => field.onChange(event.target.value === "" ? Number.NaN : Number(event.target.value))}
              />
            </FormControl>
            {suffix && <span className="text-sm text-muted-foreground">{suffix}</span>}
          </div>
          <FormMessage />
        </FormItem>
      )}
    />
  );
}

/** A draft that stops changing for a moment (typing a weight should not ask the database per key). */
function useSettled<T>(value: T, delay = 500): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/**
 * The health score's indicators, weights and thresholds (CS-2), validated as the database does
 * (weights of the enabled indicators add up to 100, thresholds in order), with a preview of how
 * today's customers would score before anything is saved.
 */
export function HealthConfigForm({ config, readOnly }: { config: HealthConfigRow; readOnly: boolean }) {
  const save = useSaveHealthConfig();
  const initial = useMemo(
    () => toConfigForm({ indicators: config.indicators as StoredIndicators, healthy_min: config.healthy_min, at_risk_min: config.at_risk_min, window_days: config.window_days }),
    [config],
  );
  const form = useForm<Values>({ resolver: zodResolver(healthConfigSchema), defaultValues: initial, mode: "onChange" });
  const values = useWatch({ control: form.control }) as Values;
  const total = enabledWeightTotal(values.indicators ?? {});
  // The watched object changes identity on every render; its JSON is what matters.
  const valuesKey = JSON.stringify(values);
  const draft = useMemo((): StoredHealthConfig | null => {
    const parsed = healthConfigSchema.safeParse(JSON.parse(valuesKey));
    return parsed.success ? fromConfigForm(parsed.data) : null;
  }, [valuesKey]);
  const settled = useSettled(draft);
  const preview = useHealthPreview(settled);
  const indicatorsError = form.formState.errors.indicators?.root?.message ?? (form.formState.errors.indicators as { message?: string } | undefined)?.message;

  async function onSubmit(submitted: Values) {
    try {
      await save.mutateAsync({ id: config.id, version: config.version, config: fromConfigForm(submitted) });
      toast.success("Health score configuration saved", { description: "The next run of the daily job scores with it." });
    } catch (error) {
      form.setError("root.server", { message: error instanceof Error ? error.message : "The configuration could not be saved." });
    }
  }

  return (
    <Form {...form}>
      <form noValidate onSubmit={form.handleSubmit(onSubmit)} className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="grid content-start gap-6">
          <FormServerError message={form.formState.errors.root?.server?.message} />
          <Card>
            <CardHeader>
              <CardTitle className="text-base">Indicators and weights</CardTitle>
              <CardDescription>Points out of 100: the weights of the enabled indicators must add up to 100.</CardDescription>
            </CardHeader>
            <CardContent className="grid gap-4">
              <fieldset disabled={readOnly} className="grid gap-0 divide-y">
                <legend className="sr-only">Indicators</legend>
                {INDICATOR_KEYS.map((key) => (
                  <IndicatorRow key={key} indicator={key} control={form.control} enabled={!!values.indicators?.[key]?.enabled} />
                ))}
              </fieldset>
              <p
                role="status"
                className={cn("flex items-center justify-between rounded-md border px-3 py-2 text-sm font-medium", total === 100 ? "border-emerald-600/30 bg-emerald-500/10" : "border-destructive/50 bg-destructive/10 text-destructive")}
              >
                <span>Total of enabled weights</span>
                <span className="tabular-nums">{Number.isFinite(total) ? total : "—"} / 100</span>
              </p>
              {indicatorsError && total !== 100 && <p className="sr-only">{indicatorsError}</p>}
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle className="text-base">Status thresholds</CardTitle>
              <CardDescription>Healthy (green) from the first, at risk (yellow) from the second, critical (red) below it.</CardDescription>
            </CardHeader>
            <CardContent>
              <fieldset disabled={readOnly} className="flex flex-wrap gap-6">
                <NumberField control={form.control} name="healthy_min" label="Healthy from" suffix="points" />
                <NumberField control={form.control} name="at_risk_min" label="At risk from" suffix="points" />
                <NumberField control={form.control} name="window_days" label="Usage window" suffix="days" />
              </fieldset>
            </CardContent>
          </Card>

          {!readOnly && (
            <div className="flex flex-wrap gap-2">
              <Button type="submit" disabled={form.formState.isSubmitting || !form.formState.isDirty}>
                {form.formState.isSubmitting && <LoaderCircle className="animate-spin" aria-hidden />}
                Save configuration
              </Button>
              <Button type="button" variant="outline" disabled={!form.formState.isDirty} onClick={() => form.reset(initial)}>
                Discard changes
              </Button>
            </div>
          )}
        </div>
        <HealthPreviewPanel preview={preview.data} isFetching={preview.isFetching} error={preview.error} valid={!!draft} />
      </form>
    </Form>
  );
}

function IndicatorRow({ indicator, control, enabled }: { indicator: IndicatorKey; control: Control<Values>; enabled: boolean }) {
  const info = INDICATORS[indicator];
  const id = `indicator-${indicator}`;
  return (
    <div className="grid gap-3 py-3 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-start">
      <FormField
        control={control}
        name={`indicators.${indicator}.enabled`}
        render={({ field }) => (
          <FormItem className="flex items-start gap-3 space-y-0">
            <FormControl>
              <input
                type="checkbox"
                className="mt-0.5 size-4 accent-primary"
                checked={!!field.value}
                onChange={(event) => field.onChange(event.target.checked)}
                onBlur={field.onBlur}
                ref={field.ref}
                aria-describedby={`${id}-description`}
              />
            </FormControl>
            <div className="grid gap-0.5">
              <FormLabel className="font-medium">{info.label}</FormLabel>
              <FormDescription id={`${id}-description`}>{info.description}</FormDescription>
            </div>
          </FormItem>
        )}
      />
      <div className={cn("grid gap-3", !enabled && "opacity-60")}>
        <NumberField control={control} name={`indicators.${indicator}.weight`} srLabel={`${info.label} weight`} suffix="points" />
        {info.param === "target" && <NumberField control={control} name={`indicators.${indicator}.target_pct`} srLabel={`${info.label} target`} suffix="% target" />}
        {info.param === "limit" && <NumberField control={control} name={`indicators.${indicator}.limit`} srLabel={`${info.label} limit`} suffix="weighted tickets" />}
      </div>
      {info.param === "bands" && <LoginBands control={control} />}
    </div>
  );
}

function LoginBands({ control }: { control: Control<Values> }) {
  const bands = useFieldArray({ control, name: "indicators.login_recency.bands" });
  return (
    <div className="grid gap-2 sm:col-span-2 sm:pl-7">
      <p className="text-sm text-muted-foreground">Points by days since the last login (the first band the gap is under; none: 0)</p>
      <ol className="grid gap-2">
        {bands.fields.map((band, index) => (
          <li key={band.id} className="flex flex-wrap items-start gap-2 text-sm">
            <span className="pt-2">Under</span>
            <NumberField control={control} name={`indicators.login_recency.bands.${index}.under_days`} srLabel={`Band ${index + 1} days`} suffix="days →" />
            <NumberField control={control} name={`indicators.login_recency.bands.${index}.points`} srLabel={`Band ${index + 1} points`} suffix="points" />
            <Button type="button" variant="ghost" size="icon" aria-label={`Remove band ${index + 1}`} disabled={bands.fields.length <= 1} onClick={() => bands.remove(index)}>
              <Trash2 aria-hidden />
            </Button>
          </li>
        ))}
      </ol>
      <div>
        <Button
          type="button"
          variant="outline"
          size="sm"
          disabled={bands.fields.length >= 10}
          onClick={() => bands.append({ under_days: 30, points: 0 })}
        >
          <Plus aria-hidden /> Add band
        </Button>
      </div>
    </div>
  );
}
