import { useState } from "react";
import { Check, ShieldAlert, X } from "lucide-react";
import { toast } from "sonner";
import { useUser } from "@/components/auth/useAuth";
import { ApprovalTimeline } from "@/components/approvals/ApprovalTimeline";
import { DecisionDialog } from "@/components/approvals/DecisionDialog";
import { OverrideDialog } from "@/components/approvals/OverrideDialog";
import { ErrorState } from "@/components/layout/States";
import { DealScoreBadge } from "@/components/scoring/DealScoreBadge";
import { ScoreBreakdownChart } from "@/components/scoring/ScoreBreakdownChart";
import { ScoreHistoryChart } from "@/components/scoring/ScoreHistoryChart";
import { ScoreSuggestions } from "@/components/scoring/ScoreSuggestions";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { approvalSummary, currentRequests, type Decision } from "@/domain/approvals/approvals";
import { contributionTotal } from "@/domain/scoring/contributions";
import { useApprovalInbox, useDealApprovals, useDecideApproval, useOverrideApproval } from "@/hooks/useApprovals";
import { useProfile } from "@/hooks/useProfile";
import type { RecordRow } from "@/hooks/useRecords";
import { useActiveClasses, useDealScore, useScoreHistory } from "@/hooks/useScoring";
import { cn } from "@/lib/utils";

/**
 * The deal page's governance (GOV-1 to GOV-4): the score with its classification, each factor's
 * contribution, what would raise it, its history; and the approval state with its timeline, the
 * approver's decision and the executive's override. A panel of the record engine's deal config.
 */
export default function DealGovernancePanel({ record }: { record: RecordRow }) {
  return (
    <>
      <DealScoreCard record={record} />
      <DealApprovalCard record={record} />
    </>
  );
}

function DealScoreCard({ record }: { record: RecordRow }) {
  const score = useDealScore(record.id, record.version);
  const history = useScoreHistory(record.id, record.version);
  const classes = useActiveClasses();
  const open = record.status === "open";

  return (
    <Card aria-labelledby="deal-score-heading">
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3 space-y-0">
        <div className="grid gap-1">
          <CardTitle className="text-base">
            <h2 id="deal-score-heading">Deal score</h2>
          </CardTitle>
          <CardDescription>
            {score.data
              ? `${score.data.modelName ?? "Scoring model"}${score.data.modelVersion ? ` v${score.data.modelVersion}` : ""}: each factor adds up to its weight; the points add up to the score.`
              : "How this deal scores against your organisation's model."}
          </CardDescription>
        </div>
        {score.data && <DealScoreBadge score={score.data.score} classification={score.data.classification} bands={classes} size="lg" />}
      </CardHeader>
      <CardContent className="grid gap-6">
        {score.isPending ? (
          <Skeleton className="h-64 w-full" aria-label="Loading the score" />
        ) : score.isError ? (
          <ErrorState title="Could not load the score" error={score.error} onRetry={() => void score.refetch()} />
        ) : (
          <>
            <div className={cn("grid gap-6", open && "xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]")}>
              <section aria-labelledby="score-breakdown-heading" className="grid content-start gap-2">
                <h3 id="score-breakdown-heading" className="text-sm font-medium">
                  Breakdown <span className="font-normal text-muted-foreground">({contributionTotal(score.data.factors)} points)</span>
                </h3>
                <ScoreBreakdownChart factors={score.data.factors} />
              </section>
              {open && (
                <section aria-labelledby="score-raise-heading" className="grid content-start gap-2">
                  <h3 id="score-raise-heading" className="text-sm font-medium">
                    What would raise this score
                  </h3>
                  <ScoreSuggestions suggestions={score.data.suggestions} />
                </section>
              )}
            </div>
            <section aria-labelledby="score-history-heading" className="grid gap-2">
              <h3 id="score-history-heading" className="text-sm font-medium">
                Score history
              </h3>
              {history.isPending ? (
                <Skeleton className="h-40 w-full" aria-label="Loading the score history" />
              ) : history.isError ? (
                <ErrorState title="Could not load the score history" error={history.error} onRetry={() => void history.refetch()} />
              ) : (
                <ScoreHistoryChart points={history.data} />
              )}
            </section>
          </>
        )}
      </CardContent>
    </Card>
  );
}

type Dialog = { kind: "decide"; requestId: string; decision: Decision; reasons: string[] } | { kind: "override"; requestId: string };

function DealApprovalCard({ record }: { record: RecordRow }) {
  const user = useUser();
  const role = useProfile(user.id).data?.role;
  const approvals = useDealApprovals(record.id, record.version);
  const inbox = useApprovalInbox();
  const decide = useDecideApproval();
  const override = useOverrideApproval();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const dealName = String(record.name ?? "this deal");

  const mine = (inbox.data ?? []).filter((item) => item.deal_id === record.id);
  const overridable =
    // Only an open deal is let through: a closed one has nothing left to close.
    (role === "executive" || role === "admin") && record.owner_id !== user.id && record.status === "open"
      ? currentRequests(approvals.data?.requests ?? []).filter((request) => request.status === "pending" || request.status === "rejected")
      : [];
  const summary = approvals.data ? approvalSummary(approvals.data.requests) : null;

  return (
    <Card aria-labelledby="deal-approval-heading">
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3 space-y-0">
        <div className="grid gap-1">
          <CardTitle className="text-base">
            <h2 id="deal-approval-heading">Approval</h2>
          </CardTitle>
          {summary && (
            <CardDescription
              data-testid="approval-state"
              className={cn(summary.state === "pending" && "text-amber-700 dark:text-amber-400", summary.state === "rejected" && "text-destructive")}
            >
              {summary.text}
            </CardDescription>
          )}
        </div>
        <div className="flex flex-wrap gap-2">
          {mine.map((item) => (
            <div key={item.step_id} className="flex flex-wrap gap-2">
              <Button size="sm" onClick={() => setDialog({ kind: "decide", requestId: item.request_id, decision: "approve", reasons: item.reasons })}>
                <Check aria-hidden /> Approve
              </Button>
              <Button size="sm" variant="outline" onClick={() => setDialog({ kind: "decide", requestId: item.request_id, decision: "reject", reasons: item.reasons })}>
                <X aria-hidden /> Reject
              </Button>
            </div>
          ))}
          {overridable.map((request) => (
            <Button key={request.id} size="sm" variant="outline" onClick={() => setDialog({ kind: "override", requestId: request.id })}>
              <ShieldAlert aria-hidden /> Override{overridable.length > 1 && request.policyName ? ` ${request.policyName}` : ""}
            </Button>
          ))}
        </div>
      </CardHeader>
      <CardContent>
        {approvals.isPending ? (
          <Skeleton className="h-24 w-full" aria-label="Loading the approvals" />
        ) : approvals.isError ? (
          <ErrorState title="Could not load the approvals" error={approvals.error} onRetry={() => void approvals.refetch()} />
        ) : (
          <ApprovalTimeline requests={approvals.data.requests} exceptions={approvals.data.exceptions} />
        )}
      </CardContent>

      {dialog?.kind === "decide" && (
        <DecisionDialog
          dealName={dealName}
          decision={dialog.decision}
          reason={dialog.reasons.join("; ")}
          onClose={() => setDialog(null)}
          onSubmit={async (values) => {
            await decide.mutateAsync({ requestId: dialog.requestId, decision: values.decision, comment: values.comment });
            toast.success(values.decision === "approve" ? `You approved ${dealName}` : `You rejected ${dealName}`);
          }}
        />
      )}
      {dialog?.kind === "override" && (
        <OverrideDialog
          dealName={dealName}
          onClose={() => setDialog(null)}
          onSubmit={async (values) => {
            await override.mutateAsync({ requestId: dialog.requestId, reason: values.reason });
            toast.success(`The exception for ${dealName} was recorded`);
          }}
        />
      )}
    </Card>
  );
}
