import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, TOOLTIP_STYLE } from "@/components/charts/theme";
import { classificationTone, TONE_FILLS } from "@/domain/scoring/classification";

type Props = {
  /** One row per bucket: { bucket: "2025-01-06", A: 12, B: 30, … } (pivotTrend). */
  buckets: readonly Record<string, number | string>[];
  /** The classes, best first: the stack's order and colours. */
  series: readonly string[];
  /** A bucket's label on the axis ("6 Jan", "Jan 2025"). */
  formatBucket: (bucket: string) => string;
  height?: number;
};

/** How many deals were in each class per week or month, stacked best class at the bottom. */
export function ClassificationTrendChart({ buckets, series, formatBucket, height = 260 }: Props) {
  return (
    <figure className="grid gap-2">
      <div aria-hidden style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={buckets as Record<string, number | string>[]} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid vertical={false} strokeDasharray="3 3" stroke="hsl(var(--border))" />
            <XAxis dataKey="bucket" tick={AXIS_TICK} tickFormatter={(bucket: string) => formatBucket(bucket)} minTickGap={12} />
            <YAxis tick={AXIS_TICK} allowDecimals={false} />
            <Tooltip {...TOOLTIP_STYLE} labelFormatter={(bucket) => formatBucket(String(bucket))} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {series.map((name) => (
              <Bar key={name} dataKey={name} name={`Class ${name}`} stackId="classes" fill={TONE_FILLS[classificationTone(name, series)]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="sr-only">
        <caption>Deals per class over time</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            {series.map((name) => (
              <th key={name} scope="col">
                Class {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {buckets.map((row) => (
            <tr key={String(row.bucket)}>
              <td>{formatBucket(String(row.bucket))}</td>
              {series.map((name) => (
                <td key={name}>{row[name] ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
