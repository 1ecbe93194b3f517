import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, TOOLTIP_STYLE } from "@/components/charts/theme";
import { formatDate, formatDateTime } from "@/lib/format";

export type ScorePoint = { scored_at: string; score: number; classification: string | null };

/** The deal's score over time (one point per change), oldest left; a table for screen readers. */
export function ScoreHistoryChart({ points }: { points: readonly ScorePoint[] }) {
  const data = [...points].sort((a, b) => a.scored_at.localeCompare(b.scored_at)).map((point) => ({ ...point, time: Date.parse(point.scored_at) }));
  if (data.length === 0) return <p className="text-sm text-muted-foreground">No score history yet.</p>;
  return (
    <figure className="grid gap-2">
      <div aria-hidden style={{ height: 180 }} data-testid="score-history-chart">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="hsl(var(--border))" />
            <XAxis dataKey="time" type="number" scale="time" domain={["dataMin", "dataMax"]} tick={AXIS_TICK} tickFormatter={(time: number) => formatDate(new Date(time))} />
            <YAxis domain={[0, 100]} tick={AXIS_TICK} allowDecimals={false} />
            <Tooltip
              {...TOOLTIP_STYLE}
              labelFormatter={(time) => formatDateTime(new Date(Number(time)))}
              formatter={(value, _name, item) => [`${Math.round(Number(value))}${item.payload?.classification ? ` (${String(item.payload.classification)})` : ""}`, "Score"]}
            />
            <Line type="stepAfter" dataKey="score" stroke="hsl(var(--chart-1))" strokeWidth={2} dot={data.length < 40} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <table className="sr-only">
        <caption>Score history</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Score</th>
            <th scope="col">Class</th>
          </tr>
        </thead>
        <tbody>
          {data
            .slice(-20)
            .reverse()
            .map((point) => (
              <tr key={point.scored_at}>
                <td>{formatDateTime(point.scored_at)}</td>
                <td>{Math.round(point.score)}</td>
                <td>{point.classification ?? ""}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </figure>
  );
}
