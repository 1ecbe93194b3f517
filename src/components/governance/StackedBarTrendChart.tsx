import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, TOOLTIP_STYLE } from "@/components/charts/theme";
import { TrendTable, type TrendSeries } from "@/components/governance/TrendTable";

type Props<Row extends { bucket: string }> = {
  rows: readonly Row[];
  /** Bottom of the stack first, each with its colour. */
  series: readonly (TrendSeries<Row> & { fill: string })[];
  formatBucket: (bucket: string) => string;
  /** A value in the tooltip and the table. */
  formatValue: (value: number) => string;
  /** A value on the axis (shorter). */
  formatTick: (value: number) => string;
  caption: string;
  height?: number;
};

/** Parts of one value per week or month stacked as bars (discount leakage with and without exceptions). */
export function StackedBarTrendChart<Row extends { bucket: string }>({ rows, series, formatBucket, formatValue, formatTick, caption, height = 220 }: Props<Row>) {
  return (
    <figure className="grid gap-2">
      <div aria-hidden style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows as Row[]} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} strokeDasharray="3 3" stroke="hsl(var(--border))" />
            <XAxis dataKey="bucket" tick={AXIS_TICK} tickFormatter={formatBucket} minTickGap={12} />
            <YAxis tick={AXIS_TICK} tickFormatter={(value: number) => formatTick(value)} width={72} />
            <Tooltip {...TOOLTIP_STYLE} labelFormatter={(bucket) => formatBucket(String(bucket))} formatter={(value) => formatValue(Number(value))} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {series.map((bar) => (
              <Bar<Record<string, unknown>, number> key={bar.key} dataKey={bar.key} name={bar.label} stackId="stack" fill={bar.fill} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <TrendTable rows={rows} series={series} formatBucket={formatBucket} formatValue={formatValue} caption={caption} />
    </figure>
  );
}
