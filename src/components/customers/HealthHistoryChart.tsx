import { useId } from "react";
import { Area, AreaChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { DEFAULT_THRESHOLDS, HEALTH_COLOUR_CLASSES, HEALTH_LABELS, healthStatusOf, type HealthThresholds } from "@/domain/customer-success/health";
import { formatDate } from "@/lib/format";

export type HealthPoint = { day: string; score: number };

/**
 * The daily health time series (CS-6) as an area chart with the healthy and at-risk thresholds
 * drawn in. Screen readers get the first, lowest, highest and latest values in words.
 */
export function HealthHistoryChart({ history, thresholds = DEFAULT_THRESHOLDS, height = 240 }: { history: readonly HealthPoint[]; thresholds?: HealthThresholds; height?: number }) {
  const gradientId = useId().replace(/:/g, "");
  if (history.length === 0) {
    return <p className="text-sm text-muted-foreground">No health history yet: the daily job scores this customer from its first day of usage.</p>;
  }
  const first = history[0]!;
  const last = history.at(-1)!;
  const lowest = history.reduce((min, p) => (p.score < min.score ? p : min), first);
  const highest = history.reduce((max, p) => (p.score > max.score ? p : max), first);
  const summary =
    `Health score from ${formatDate(first.day)} (${first.score}) to ${formatDate(last.day)} (${last.score}, ${HEALTH_LABELS[healthStatusOf(last.score, thresholds)].toLowerCase()}); ` +
    `lowest ${lowest.score} on ${formatDate(lowest.day)}, highest ${highest.score} on ${formatDate(highest.day)}.`;
  const stroke = HEALTH_COLOUR_CLASSES[healthStatusOf(last.score, thresholds) === "healthy" ? "green" : healthStatusOf(last.score, thresholds) === "at_risk" ? "yellow" : "red"].stroke;

  return (
    <figure className="grid gap-2" data-testid="health-history-chart">
      <div role="img" aria-label={summary} style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={history as HealthPoint[]} margin={{ top: 8, right: 12, bottom: 0, left: -16 }}>
            <defs>
              <linearGradient id={gradientId} x1="0" y1="0" x2="0" y2="1">
                <stop offset="5%" stopColor={stroke} stopOpacity={0.35} />
                <stop offset="95%" stopColor={stroke} stopOpacity={0.02} />
              </linearGradient>
            </defs>
            <CartesianGrid strokeDasharray="3 3" className="stroke-border" vertical={false} />
            <XAxis dataKey="day" tickFormatter={(day: string) => formatDate(day).replace(/ \d{4}$/, "")} minTickGap={32} tick={{ fontSize: 12 }} />
            <YAxis domain={[0, 100]} ticks={[0, thresholds.atRiskMin, thresholds.healthyMin, 100]} tick={{ fontSize: 12 }} />
            <ReferenceLine y={thresholds.healthyMin} stroke={HEALTH_COLOUR_CLASSES.green.stroke} strokeDasharray="4 4" />
            <ReferenceLine y={thresholds.atRiskMin} stroke={HEALTH_COLOUR_CLASSES.red.stroke} strokeDasharray="4 4" />
            <Tooltip
              formatter={(value) => [`${String(value)} (${HEALTH_LABELS[healthStatusOf(Number(value), thresholds)]})`, "Health"]}
              labelFormatter={(day) => formatDate(String(day))}
              contentStyle={{ background: "hsl(var(--popover))", color: "hsl(var(--popover-foreground))", borderColor: "hsl(var(--border))", fontSize: 12 }}
            />
            <Area type="monotone" dataKey="score" stroke={stroke} strokeWidth={2} fill={`url(#${gradientId})`} isAnimationActive={false} dot={false} />
          </AreaChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="text-xs text-muted-foreground">
        Dashed lines: healthy from {thresholds.healthyMin}, critical under {thresholds.atRiskMin}.
      </figcaption>
    </figure>
  );
}
