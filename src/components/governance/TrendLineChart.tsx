import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, CHART_COLORS, TOOLTIP_STYLE } from "@/components/charts/theme";
import { TrendTable, type TrendSeries } from "@/components/governance/TrendTable";

type Props<Row extends { bucket: string }> = {
  rows: readonly Row[];
  series: readonly TrendSeries<Row>[];
  formatBucket: (bucket: string) => string;
  formatValue: (value: number) => string;
  caption: string;
  height?: number;
};

/** One or more values per week or month as lines (cycle time median and p90, exception rate). */
export function TrendLineChart<Row extends { bucket: string }>({ rows, series, formatBucket, formatValue, caption, height = 200 }: Props<Row>) {
  return (
    <figure className="grid gap-2">
      <div aria-hidden style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows as Row[]} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="hsl(var(--border))" />
            <XAxis dataKey="bucket" tick={AXIS_TICK} tickFormatter={(bucket: string) => formatBucket(bucket)} minTickGap={12} />
            <YAxis tick={AXIS_TICK} tickFormatter={(value: number) => formatValue(value)} width={72} />
            <Tooltip {...TOOLTIP_STYLE} labelFormatter={(bucket) => formatBucket(String(bucket))} formatter={(value) => formatValue(Number(value))} />
            {series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
            {series.map((line, index) => (
              <Line
                key={line.key}
                dataKey={line.key}
                name={line.label}
                stroke={CHART_COLORS[index % CHART_COLORS.length]}
                strokeWidth={2}
                dot={rows.length < 30}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <TrendTable rows={rows} series={series} formatBucket={formatBucket} formatValue={formatValue} caption={caption} />
    </figure>
  );
}
