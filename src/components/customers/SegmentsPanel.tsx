import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { formatMoney, formatNumber } from "@/lib/format";
import { cn } from "@/lib/utils";

export type Segment = { key: string; label: string; customers: number; at_risk: number; average_score: number | null; arr: number | null };

/**
 * CS-5's segmentation: customers by tier and by industry with how many are at risk, their average
 * health and ARR. Choosing a segment filters the list below (choosing it again clears it).
 */
export function SegmentsPanel({
  tiers,
  industries,
  currency,
  activeTier,
  activeIndustry,
  onTier,
  onIndustry,
}: {
  tiers: readonly Segment[];
  industries: readonly Segment[];
  currency: string;
  activeTier: string | null;
  activeIndustry: string | null;
  onTier: (tier: string | null) => void;
  onIndustry: (industry: string | null) => void;
}) {
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle className="text-base">Segments</CardTitle>
        <CardDescription>Choose a segment to filter the list</CardDescription>
      </CardHeader>
      <CardContent>
        <Tabs defaultValue="tier">
          <TabsList>
            <TabsTrigger value="tier">By tier</TabsTrigger>
            <TabsTrigger value="industry">By industry</TabsTrigger>
          </TabsList>
          <TabsContent value="tier">
            <SegmentTable caption="Customers by tier" segments={tiers} currency={currency} active={activeTier} onChoose={onTier} />
          </TabsContent>
          <TabsContent value="industry" className="max-h-72 overflow-y-auto">
            <SegmentTable caption="Customers by industry" segments={industries} currency={currency} active={activeIndustry} onChoose={onIndustry} />
          </TabsContent>
        </Tabs>
      </CardContent>
    </Card>
  );
}

function SegmentTable({
  caption,
  segments,
  currency,
  active,
  onChoose,
}: {
  caption: string;
  segments: readonly Segment[];
  currency: string;
  active: string | null;
  onChoose: (key: string | null) => void;
}) {
  if (!segments.length) return <p className="py-2 text-sm text-muted-foreground">No customers yet.</p>;
  return (
    <Table aria-label={caption}>
      <TableHeader>
        <TableRow>
          <TableHead>Segment</TableHead>
          <TableHead className="text-right">Customers</TableHead>
          <TableHead className="text-right">At risk</TableHead>
          <TableHead className="text-right">Avg health</TableHead>
          <TableHead className="text-right">ARR</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {segments.map((segment) => {
          const selected = active === segment.key;
          return (
            <TableRow key={segment.key} data-state={selected ? "selected" : undefined}>
              <TableCell>
                <button
                  type="button"
                  aria-pressed={selected}
                  onClick={() => onChoose(selected ? null : segment.key)}
                  className={cn("text-left underline-offset-4 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring", selected && "font-semibold")}
                >
                  {segment.label}
                </button>
              </TableCell>
              <TableCell className="text-right tabular-nums">{formatNumber(segment.customers)}</TableCell>
              <TableCell className="text-right tabular-nums">{formatNumber(segment.at_risk)}</TableCell>
              <TableCell className="text-right tabular-nums">{formatNumber(segment.average_score)}</TableCell>
              <TableCell className="text-right tabular-nums">{formatMoney(segment.arr, currency, { compact: true })}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
