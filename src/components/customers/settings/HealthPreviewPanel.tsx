import { LoaderCircle } from "lucide-react";
import { HealthBadge } from "@/components/customers/HealthBadge";
import { ErrorState } from "@/components/layout/States";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { HEALTH_LABELS, HEALTH_STATUSES } from "@/domain/customer-success/health";
import type { HealthPreview } from "@/hooks/useHealthSettings";
import { formatNumber } from "@/lib/format";

/** How today's customers would score under the draft, against how they score now. */
export function HealthPreviewPanel({ preview, isFetching, error, valid }: { preview: HealthPreview | undefined; isFetching: boolean; error: unknown; valid: boolean }) {
  // Customers whose score would actually move, biggest first as the database ranked them.
  const moves = preview?.biggest_moves.filter((move) => move.current_score !== move.proposed_score) ?? [];
  return (
    <Card className="content-start self-start" aria-busy={isFetching}>
      <CardHeader>
        <CardTitle className="flex items-center gap-2 text-base">
          Preview over current customers
          {isFetching && <LoaderCircle className="size-4 animate-spin text-muted-foreground" aria-label="Updating the preview" />}
        </CardTitle>
        <CardDescription>Today's usage scored with the configuration on the left, against each customer's last daily score, before you save it.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {!valid ? (
          <p className="text-sm text-muted-foreground">Fix the configuration to see its preview.</p>
        ) : error ? (
          <ErrorState title="Could not preview this configuration" error={error} />
        ) : !preview ? (
          <p className="text-sm text-muted-foreground">Scoring…</p>
        ) : (
          <>
            <Table aria-label="Customers by status, now and with this configuration">
              <TableHeader>
                <TableRow>
                  <TableHead>Status</TableHead>
                  <TableHead className="text-right">Last scored</TableHead>
                  <TableHead className="text-right">With this</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {HEALTH_STATUSES.map((status) => (
                  <TableRow key={status}>
                    <TableCell>
                      <HealthBadge status={status} />
                      <span className="sr-only">{HEALTH_LABELS[status]}</span>
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{formatNumber(preview.current[status])}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatNumber(preview.proposed[status])}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <p className="text-sm">
              <strong className="tabular-nums">{formatNumber(preview.changed_status)}</strong> of {formatNumber(preview.customers)} customers
              {preview.sampled ? " (a sample)" : ""} change status; the average score goes from {formatNumber(preview.average_current)} to{" "}
              {formatNumber(preview.average_proposed)}.
            </p>
            {moves.length > 0 && (
              <div className="grid gap-2">
                <p className="text-sm font-medium">Biggest moves</p>
                <ul className="grid gap-1 text-sm" aria-label="Biggest moves">
                  {moves.map((move) => (
                    <li key={move.customer_id} className="flex items-center justify-between gap-2">
                      <span className="truncate">{move.name ?? "Unnamed customer"}</span>
                      <span className="shrink-0 tabular-nums text-muted-foreground">
                        {move.current_score ?? "—"} → {move.proposed_score}
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
}
