import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, TOOLTIP_STYLE } from "@/components/charts/theme";
import { ErrorState } from "@/components/layout/States";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { formatPoints } from "@/domain/scoring/contributions";
import type { ModelDefinition } from "@/domain/scoring/model";
import { useDebouncedValue } from "@/hooks/useDebouncedValue";
import { useScoringPreview, type ModelPreview } from "@/hooks/useScoring";
import { formatNumber } from "@/lib/format";

/**
 * The live preview of Settings → Scoring: the distribution the edited model would give the open
 * deals, beside today's, asked of the database (preview_scoring_model) once typing pauses.
 */
export function ModelPreviewCard({ definition }: { definition: ModelDefinition | null }) {
  // Debounced on the document's text: a new object with the same content is the same preview.
  const text = useDebouncedValue(definition ? JSON.stringify(definition) : null, 500);
  const settled = text ? (JSON.parse(text) as ModelDefinition) : null;
  const preview = useScoringPreview(settled);
  const stale = (definition ? JSON.stringify(definition) : null) !== text;

  return (
    <Card aria-labelledby="model-preview-heading" aria-busy={preview.isFetching || stale || undefined}>
      <CardHeader>
        <CardTitle className="text-base">
          <h2 id="model-preview-heading">Preview over the open deals</h2>
        </CardTitle>
        <CardDescription>Nothing is saved until you save: this is what the model in the form would do to today&apos;s open deals.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {!definition ? (
          <p role="status" className="text-sm text-destructive">
            Correct the problems in the form to see the preview.
          </p>
        ) : preview.isError ? (
          <ErrorState title="Could not preview this model" error={preview.error} onRetry={() => void preview.refetch()} />
        ) : !preview.data ? (
          <Skeleton className="h-64 w-full" aria-label="Computing the preview" />
        ) : (
          <PreviewBody preview={preview.data} updating={preview.isFetching || stale} />
        )}
      </CardContent>
    </Card>
  );
}

function PreviewBody({ preview, updating }: { preview: ModelPreview; updating: boolean }) {
  const rows = preview.current.histogram.map((bucket, index) => ({
    label: `${bucket.bucket_start}–${bucket.bucket_end}`,
    current: bucket.deals,
    proposed: preview.proposed.histogram[index]?.deals ?? 0,
  }));
  const classes = [...new Set([...preview.proposed.classes, ...preview.current.classes].map((row) => row.classification))].sort((a, b) => a.localeCompare(b));
  const count = (side: ModelPreview["current"], name: string) => side.classes.find((row) => row.classification === name)?.deals ?? 0;
  return (
    <div className={updating ? "grid gap-4 opacity-60 transition-opacity" : "grid gap-4"} data-testid="model-preview">
      <dl className="grid grid-cols-3 gap-3 text-sm">
        <div>
          <dt className="text-xs text-muted-foreground">Average score</dt>
          <dd className="text-lg font-semibold tabular-nums">
            {formatNumber(preview.proposed.average, { maximumFractionDigits: 1 })}
            {preview.average_change !== null && <span className="ml-1 text-xs font-normal text-muted-foreground">({formatPoints(preview.average_change)})</span>}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted-foreground">Deals changing class</dt>
          <dd className="text-lg font-semibold tabular-nums">{formatNumber(preview.changed_class)}</dd>
        </div>
        <div>
          <dt className="text-xs text-muted-foreground">Open deals</dt>
          <dd className="text-lg font-semibold tabular-nums">{formatNumber(preview.deals)}</dd>
          {preview.sampled && <dd className="text-xs text-muted-foreground">previewed on a sample</dd>}
        </div>
      </dl>
      <div aria-hidden style={{ height: 200 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 4, right: 4, bottom: 0, left: -16 }}>
            <CartesianGrid vertical={false} strokeDasharray="3 3" stroke="hsl(var(--border))" />
            <XAxis dataKey="label" tick={{ ...AXIS_TICK, fontSize: 10 }} interval={0} />
            <YAxis tick={AXIS_TICK} allowDecimals={false} />
            <Tooltip {...TOOLTIP_STYLE} labelFormatter={(label) => `Score ${String(label)}`} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="current" name="Now" fill="hsl(var(--muted-foreground))" fillOpacity={0.4} isAnimationActive={false} />
            <Bar dataKey="proposed" name="With this model" fill="hsl(var(--chart-2))" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="w-full text-sm">
        <caption className="sr-only">Deals per class, now and with this model</caption>
        <thead>
          <tr className="text-left text-xs text-muted-foreground">
            <th scope="col" className="font-medium">
              Class
            </th>
            <th scope="col" className="text-right font-medium">
              Now
            </th>
            <th scope="col" className="text-right font-medium">
              With this model
            </th>
          </tr>
        </thead>
        <tbody>
          {classes.map((name) => (
            <tr key={name}>
              <th scope="row" className="py-0.5 text-left font-medium">
                {name}
              </th>
              <td className="text-right tabular-nums">{formatNumber(count(preview.current, name))}</td>
              <td className="text-right tabular-nums">{formatNumber(count(preview.proposed, name))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="sr-only">
        <caption>Deals per score band, now and with this model</caption>
        <thead>
          <tr>
            <th scope="col">Score</th>
            <th scope="col">Now</th>
            <th scope="col">With this model</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <td>{row.label}</td>
              <td>{row.current}</td>
              <td>{row.proposed}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
