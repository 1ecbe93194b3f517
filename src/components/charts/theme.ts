/** Chart styling shared by every recharts chart, in the theme's colours (light and dark). */

/** The theme's chart colours (light and dark), by series index. */
export const CHART_COLORS = ["hsl(var(--chart-1))", "hsl(var(--chart-2))", "hsl(var(--chart-3))", "hsl(var(--chart-4))", "hsl(var(--chart-5))"];

/** recharts' tooltip in the theme's colours. */
export const TOOLTIP_STYLE = {
  contentStyle: { background: "hsl(var(--popover))", border: "1px solid hsl(var(--border))", borderRadius: 6, color: "hsl(var(--popover-foreground))", fontSize: 12 },
  labelStyle: { color: "hsl(var(--popover-foreground))", fontWeight: 500 },
  cursor: { fill: "hsl(var(--muted))", opacity: 0.5 },
} as const;

/** Axis ticks in the muted foreground colour. */
export const AXIS_TICK = { fill: "hsl(var(--muted-foreground))", fontSize: 12 } as const;
