import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, TOOLTIP_STYLE } from "@/components/charts/theme";
import { breakdownRows, formatContribution, type FactorContribution } from "@/domain/scoring/contributions";

/**
 * Each factor's contribution as a horizontal bar: the points earned, then (faded) the points the
 * factor leaves on the table, so the bar's length is the factor's weight. A table carries the same
 * numbers for screen readers.
 */
export function ScoreBreakdownChart({ factors }: { factors: readonly FactorContribution[] }) {
  const rows = breakdownRows(factors);
  const height = Math.max(160, rows.length * 34 + 40);
  return (
    <figure className="grid gap-2">
      <div aria-hidden style={{ height }} data-testid="score-breakdown-chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 0 }} barCategoryGap={6}>
            <CartesianGrid horizontal={false} strokeDasharray="3 3" stroke="hsl(var(--border))" />
            <XAxis type="number" domain={[0, "dataMax"]} tick={AXIS_TICK} allowDecimals={false} />
            <YAxis type="category" dataKey="label" width={170} tick={AXIS_TICK} interval={0} />
            <Tooltip
              {...TOOLTIP_STYLE}
              formatter={(value, name) => [`${Number(value).toFixed(1).replace(/\.0$/, "")} points`, name === "points" ? "Earned" : "Not earned"]}
            />
            <Bar dataKey="points" name="points" stackId="weight" fill="hsl(var(--chart-2))" radius={[3, 0, 0, 3]} isAnimationActive={false} />
            <Bar dataKey="missed" name="missed" stackId="weight" fill="hsl(var(--muted-foreground))" fillOpacity={0.2} radius={[0, 3, 3, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="flex flex-wrap gap-4 text-xs text-muted-foreground">
        <span className="inline-flex items-center gap-1.5">
          <span aria-hidden className="size-2.5 rounded-sm bg-chart-2" /> Points earned
        </span>
        <span className="inline-flex items-center gap-1.5">
          <span aria-hidden className="size-2.5 rounded-sm bg-muted-foreground/20" /> Points not earned (up to the factor&apos;s weight)
        </span>
      </figcaption>
      <table className="sr-only">
        <caption>Score breakdown</caption>
        <thead>
          <tr>
            <th scope="col">Factor</th>
            <th scope="col">Value</th>
            <th scope="col">Contribution</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <td>{row.value ?? ""}</td>
              <td>{formatContribution(row.points, row.weight)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
