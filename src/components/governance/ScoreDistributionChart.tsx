import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, TOOLTIP_STYLE } from "@/components/charts/theme";
import { classificationTone, TONE_FILLS } from "@/domain/scoring/classification";
import { formatNumber } from "@/lib/format";

export type DistributionBucket = {
  /** "0–9", "10–19", … */
  label: string;
  count: number;
  /** The class most of the bucket falls in, for its colour. */
  classification?: string | null;
};

/** How many deals score in each band of 10 points, coloured by class; a table for screen readers. */
export function ScoreDistributionChart({ buckets, bands, height = 240 }: { buckets: readonly DistributionBucket[]; bands?: readonly string[]; height?: number }) {
  return (
    <figure className="grid gap-2">
      <div aria-hidden style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={buckets as DistributionBucket[]} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid vertical={false} strokeDasharray="3 3" stroke="hsl(var(--border))" />
            <XAxis dataKey="label" tick={AXIS_TICK} interval={0} />
            <YAxis tick={AXIS_TICK} allowDecimals={false} />
            <Tooltip {...TOOLTIP_STYLE} formatter={(value) => [formatNumber(Number(value)), "Deals"]} labelFormatter={(label) => `Score ${String(label)}`} />
            <Bar dataKey="count" isAnimationActive={false} radius={[3, 3, 0, 0]}>
              {buckets.map((bucket) => (
                <Cell key={bucket.label} fill={bucket.classification ? TONE_FILLS[classificationTone(bucket.classification, bands)] : "hsl(var(--chart-2))"} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="sr-only">
        <caption>Deals per score band</caption>
        <thead>
          <tr>
            <th scope="col">Score</th>
            <th scope="col">Deals</th>
          </tr>
        </thead>
        <tbody>
          {buckets.map((bucket) => (
            <tr key={bucket.label}>
              <td>{bucket.label}</td>
              <td>{bucket.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
