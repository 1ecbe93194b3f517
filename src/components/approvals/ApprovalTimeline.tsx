import { CircleCheck, CircleDashed, CircleSlash, CircleX, Clock, ShieldAlert } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import {
  REQUEST_STATUS_LABELS,
  STEP_STATUS_LABELS,
  type ApprovalRequestView,
  type ExceptionView,
  type RequestStatus,
  type StepStatus,
} from "@/domain/approvals/approvals";
import { formatDateTime } from "@/lib/format";
import { cn } from "@/lib/utils";

const STEP_ICONS: Record<StepStatus, typeof Clock> = {
  waiting: CircleDashed,
  pending: Clock,
  approved: CircleCheck,
  rejected: CircleX,
  skipped: CircleSlash,
};

const STEP_COLOURS: Record<StepStatus, string> = {
  waiting: "text-muted-foreground",
  pending: "text-amber-600",
  approved: "text-emerald-600",
  rejected: "text-destructive",
  skipped: "text-muted-foreground",
};

export function RequestStatusBadge({ status }: { status: RequestStatus }) {
  const variant = status === "rejected" ? "destructive" : status === "approved" ? "default" : status === "pending" ? "secondary" : "outline";
  return <Badge variant={variant}>{REQUEST_STATUS_LABELS[status]}</Badge>;
}

type Entry = { kind: "request"; at: string; request: ApprovalRequestView } | { kind: "exception"; at: string; exception: ExceptionView };

/**
 * A deal's approvals, newest first: each request with why it was raised, its steps in order with
 * who may decide, and every decision with its comment; exceptions (overrides) in between.
 */
export function ApprovalTimeline({ requests, exceptions }: { requests: readonly ApprovalRequestView[]; exceptions: readonly ExceptionView[] }) {
  const entries: Entry[] = [
    ...requests.map((request) => ({ kind: "request" as const, at: request.requestedAt, request })),
    ...exceptions.map((exception) => ({ kind: "exception" as const, at: exception.createdAt, exception })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  if (entries.length === 0) return <p className="text-sm text-muted-foreground">No approval was requested for this deal.</p>;

  return (
    <ol className="grid gap-4" aria-label="Approval timeline">
      {entries.map((entry) =>
        entry.kind === "exception" ? (
          <li key={`e-${entry.exception.id}`} className="grid gap-1 rounded-md border border-amber-500/50 bg-amber-500/10 p-3 text-sm">
            <div className="flex flex-wrap items-center gap-2 font-medium">
              <ShieldAlert className="size-4 text-amber-600" aria-hidden />
              Exception{entry.exception.policyName ? ` to “${entry.exception.policyName}”` : ""}
              {entry.exception.allowedBy ? ` allowed by ${entry.exception.allowedBy}` : ""}
              <time className="font-normal text-muted-foreground" dateTime={entry.exception.createdAt}>
                {formatDateTime(entry.exception.createdAt)}
              </time>
            </div>
            <p className="whitespace-pre-wrap break-words">“{entry.exception.reason}”</p>
          </li>
        ) : (
          <li key={`r-${entry.request.id}`} className="grid gap-2 rounded-md border p-3 text-sm">
            <div className="flex flex-wrap items-center gap-2">
              <RequestStatusBadge status={entry.request.status} />
              <span className="font-medium">{entry.request.policyName ?? "Approval"}</span>
              <time className="text-muted-foreground" dateTime={entry.request.requestedAt}>
                requested {formatDateTime(entry.request.requestedAt)}
              </time>
            </div>
            {entry.request.reasons.length > 0 && (
              <ul className="text-muted-foreground">
                {entry.request.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            )}
            <ol className="grid gap-2 border-l pl-4">
              {[...entry.request.steps]
                .sort((a, b) => a.position - b.position)
                .map((step, index) => {
                  const Icon = STEP_ICONS[step.status];
                  return (
                    <li key={step.id} className="grid gap-1">
                      <div className="flex flex-wrap items-center gap-2">
                        <Icon className={cn("size-4", STEP_COLOURS[step.status])} aria-hidden />
                        <span>
                          Step {index + 1}
                          {step.name && step.name !== step.approvers ? ` (${step.name})` : ""}: {step.approvers}
                        </span>
                        <span className="text-muted-foreground">— {STEP_STATUS_LABELS[step.status]}</span>
                      </div>
                      {step.decision && (
                        <div className="ml-6 grid gap-0.5 rounded bg-muted/50 px-2 py-1">
                          <span className="text-xs text-muted-foreground">
                            {step.decision.decision === "approve" ? "Approved" : "Rejected"}
                            {step.decision.decidedBy ? ` by ${step.decision.decidedBy}` : ""} · {formatDateTime(step.decision.decidedAt)}
                          </span>
                          {step.decision.comment && <span className="whitespace-pre-wrap break-words">“{step.decision.comment}”</span>}
                        </div>
                      )}
                    </li>
                  );
                })}
            </ol>
          </li>
        ),
      )}
    </ol>
  );
}
