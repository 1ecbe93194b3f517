import { useState } from "react";
import { Play } from "lucide-react";
import { toast } from "sonner";
import { ErrorState } from "@/components/layout/States";
import { ConfirmDialog } from "@/components/settings/ConfirmDialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useHealthValidation, useJobRuns, useRunHealthJob, type HealthJobResult } from "@/hooks/useHealthSettings";
import { formatDate, formatDateTime, formatNumber, formatPercent } from "@/lib/format";

/** Issue 6's validation: how well the score 60 days before each renewal told churned from renewed. */
export function HealthValidationCard() {
  const validation = useHealthValidation();
  const v = validation.data;
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Does the score predict churn?</CardTitle>
        <CardDescription>
          {v
            ? `The score ${v.horizon_days} days before each of ${formatNumber(v.renewals_evaluated)} decided renewals (${formatNumber(v.churned)} churned, ${formatNumber(v.renewed)} renewed), as of ${formatDate(v.computed_on)}.`
            : "Measured by the daily job from renewals that ended renewed or churned."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {validation.isPending ? (
          <Skeleton className="h-20 w-full" />
        ) : validation.isError ? (
          <ErrorState title="Could not load the validation" error={validation.error} onRetry={() => void validation.refetch()} />
        ) : !v ? (
          <p className="text-sm text-muted-foreground">Not measured yet: run the job once renewals have ended.</p>
        ) : (
          <dl className="grid gap-4 sm:grid-cols-3">
            <Figure label="AUC" value={v.auc === null ? "—" : formatNumber(v.auc, { maximumFractionDigits: 3 })} hint="Chance a renewed customer scored above a churned one; 0.5 is a coin toss, 1 perfect." />
            <Figure
              label={`Precision at < ${v.threshold}`}
              value={formatPercent(v.precision, 1)}
              hint={`Of ${formatNumber(v.true_positives + v.false_positives)} customers under ${v.threshold} (at risk or critical), how many churned.`}
            />
            <Figure
              label={`Recall at < ${v.threshold}`}
              value={formatPercent(v.recall, 1)}
              hint={`Of ${formatNumber(v.true_positives + v.false_negatives)} customers who churned, how many were under ${v.threshold}.`}
            />
          </dl>
        )}
      </CardContent>
    </Card>
  );
}

function Figure({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <div className="grid content-start gap-1">
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className="text-2xl font-semibold tabular-nums">{value}</dd>
      <dd className="text-xs text-muted-foreground">{hint}</dd>
    </div>
  );
}

const STATUS_VARIANT: Record<string, "default" | "secondary" | "destructive" | "outline"> = {
  succeeded: "default",
  running: "secondary",
  partial: "outline",
  failed: "destructive",
};

/** The daily job (CS-3): its latest runs and, for admins, "Run now" with the result. */
export function HealthJobCard({ canRun }: { canRun: boolean }) {
  const runs = useJobRuns();
  const run = useRunHealthJob();
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<HealthJobResult | null>(null);
  const latest = result?.runs[0];

  return (
    <Card>
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-2">
        <div className="grid gap-1.5">
          <CardTitle className="text-base">Daily health job</CardTitle>
          <CardDescription>Scores every active customer at 05:00 UTC; a second run the same day changes nothing.</CardDescription>
        </div>
        {canRun && (
          <Button onClick={() => setConfirming(true)} disabled={run.isPending}>
            <Play aria-hidden /> Run now
          </Button>
        )}
      </CardHeader>
      <CardContent className="grid gap-4">
        {latest && (
          <div role="status" className="grid gap-1 rounded-md border bg-muted/40 p-3 text-sm">
            <p className="font-medium">
              Run for {formatDate(result.day)}: {latest.status}
            </p>
            <p>
              {formatNumber(latest.customers_scored)} customers scored, {formatNumber(latest.customers_failed)} failed, {formatNumber(latest.actions)} actions,{" "}
              {formatNumber(latest.emails_sent)} emails sent, {formatNumber(latest.emails_queued)} queued
              {result.email_provider ? ` (${result.email_provider})` : " (no email provider configured)"}.
            </p>
          </div>
        )}
        {runs.isPending ? (
          <Skeleton className="h-16 w-full" />
        ) : runs.isError ? (
          <ErrorState title="Could not load the job's runs" error={runs.error} onRetry={() => void runs.refetch()} />
        ) : runs.data.length === 0 ? (
          <p className="text-sm text-muted-foreground">The job has not run yet.</p>
        ) : (
          <ol className="grid gap-2 text-sm" aria-label="Latest runs">
            {runs.data.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <Badge variant={STATUS_VARIANT[r.status] ?? "outline"}>{r.status}</Badge>
                <span>{formatDateTime(r.started_at)}</span>
                <span className="text-muted-foreground">
                  {formatNumber(r.customers_scored)} scored · {formatNumber(r.customers_failed)} failed · {formatNumber(r.actions)} actions · {formatNumber(r.emails_sent)} emails
                  {r.triggered_by ? " · run by hand" : ""}
                </span>
              </li>
            ))}
          </ol>
        )}
      </CardContent>
      {confirming && (
        <ConfirmDialog
          title="Run the health job now?"
          description="It scores every active customer for today, runs the playbooks and queues their emails. A run that already happened today changes nothing."
          confirmLabel="Run now"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const answer = await run.mutateAsync();
            setResult(answer);
            const summary = answer.runs[0];
            toast.success(summary ? `Health job ${summary.status}: ${formatNumber(summary.customers_scored)} customers scored` : "Health job done");
          }}
        />
      )}
    </Card>
  );
}
