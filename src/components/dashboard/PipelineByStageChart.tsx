import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatTotal } from "@/domain/board";
import type { DashboardPipelineRow } from "@/domain/dashboard";
import { formatNumber } from "@/lib/format";

type Props = { name: string; stages: readonly DashboardPipelineRow[]; currency: string };

const compactMoney = (currency: string) => (value: number) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency, notation: "compact", maximumFractionDigits: 1 }).format(value);

/**
 * One pipeline's open deals by stage: amount (in the stage's colour) and weighted amount per
 * stage, with the same numbers as a table for screen readers and for reading exact values.
 */
export function PipelineByStageChart({ name, stages, currency }: Props) {
  const data = stages.map((stage) => ({ ...stage, label: stage.stage_name }));
  return (
    <figure className="grid gap-3">
      <figcaption className="text-sm font-medium">{name}</figcaption>
      <div className="h-56 w-full" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 4, right: 8, bottom: 4, left: 8 }} accessibilityLayer={false}>
            <CartesianGrid vertical={false} strokeDasharray="3 3" className="stroke-border" />
            <XAxis dataKey="label" tickLine={false} axisLine={false} fontSize={12} interval={0} />
            <YAxis tickFormatter={compactMoney(currency)} tickLine={false} axisLine={false} fontSize={12} width={64} />
            <Tooltip
              cursor={{ fillOpacity: 0.08 }}
              formatter={(value, key) => [formatTotal(Number(value), currency), key === "amount" ? "Amount" : "Weighted"]}
              contentStyle={{ borderRadius: 8, fontSize: 12 }}
            />
            <Bar dataKey="amount" name="Amount" radius={[4, 4, 0, 0]}>
              {data.map((stage) => (
                <Cell key={stage.stage_id} fill={stage.stage_colour ?? "#64748b"} />
              ))}
            </Bar>
            <Bar dataKey="weighted_amount" name="Weighted" radius={[4, 4, 0, 0]} fill="#94a3b8" fillOpacity={0.6} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="w-full text-sm">
        <caption className="sr-only">{name}: open deals by stage</caption>
        <thead className="text-xs text-muted-foreground">
          <tr>
            <th scope="col" className="py-1 text-left font-medium">
              Stage
            </th>
            <th scope="col" className="py-1 text-right font-medium">
              Deals
            </th>
            <th scope="col" className="py-1 text-right font-medium">
              Amount
            </th>
            <th scope="col" className="py-1 text-right font-medium">
              Weighted
            </th>
          </tr>
        </thead>
        <tbody className="tabular-nums">
          {stages.map((stage) => (
            <tr key={stage.stage_id} className="border-t">
              <th scope="row" className="py-1 text-left font-normal">
                <span className="flex items-center gap-2">
                  <span aria-hidden className="size-2.5 rounded-full" style={{ backgroundColor: stage.stage_colour ?? "#64748b" }} />
                  {stage.stage_name}
                </span>
              </th>
              <td className="py-1 text-right">{formatNumber(stage.deal_count)}</td>
              <td className="py-1 text-right">{formatTotal(stage.amount, currency)}</td>
              <td className="py-1 text-right text-muted-foreground">{formatTotal(stage.weighted_amount, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
