import { useEffect, useState } from "react";
import { Check, X } from "lucide-react";
import { Link, useSearchParams } from "react-router-dom";
import { toast } from "sonner";
import { DecisionDialog } from "@/components/approvals/DecisionDialog";
import { RequestStatusBadge } from "@/components/approvals/ApprovalTimeline";
import { PageHeader } from "@/components/layout/PageHeader";
import { EmptyState, ErrorState } from "@/components/layout/States";
import { DealScoreBadge } from "@/components/scoring/DealScoreBadge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import type { Decision } from "@/domain/approvals/approvals";
import { useApprovalHistory, useApprovalInbox, useDecideApproval, type DealValues, type InboxItem } from "@/hooks/useApprovals";
import { useActiveClasses } from "@/hooks/useScoring";
import { formatDateTime, formatMoney, formatNumber, formatRelative } from "@/lib/format";
import { cn } from "@/lib/utils";

type Dialog = { item: InboxItem; decision: Decision };

/**
 * The approver's inbox (GOV-3): the approval steps waiting for the signed-in user, oldest first,
 * decided here with a comment; and the history of what they decided. A notification's link
 * (?request=<id>) highlights its request.
 */
export default function ApprovalsPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") === "history" ? "history" : "pending";
  const highlighted = params.get("request");
  const inbox = useApprovalInbox();
  const history = useApprovalHistory(tab === "history");
  const decide = useDecideApproval();
  const classes = useActiveClasses();
  const [dialog, setDialog] = useState<Dialog | null>(null);

  useEffect(() => {
    if (!highlighted || !inbox.data) return;
    document.getElementById(`request-${highlighted}`)?.scrollIntoView({ block: "center" });
  }, [highlighted, inbox.data]);

  const setTab = (value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value === "history") next.set("tab", "history");
        else next.delete("tab");
        return next;
      },
      { replace: true },
    );

  return (
    <div className="grid gap-6">
      <PageHeader title="Approvals" description="Deals that need your decision because they cross an approval policy, and what you decided before." />
      <Tabs value={tab} onValueChange={setTab}>
        <TabsList>
          <TabsTrigger value="pending">
            Waiting for me
            {inbox.data && inbox.data.length > 0 && <Badge variant="secondary">{inbox.data.length}</Badge>}
          </TabsTrigger>
          <TabsTrigger value="history">History</TabsTrigger>
        </TabsList>

        <TabsContent value="pending" className="grid gap-3 pt-2">
          {inbox.isPending ? (
            <div className="grid gap-3" aria-busy="true" aria-label="Loading your approvals">
              <Skeleton className="h-28 w-full" />
              <Skeleton className="h-28 w-full" />
            </div>
          ) : inbox.isError ? (
            <ErrorState title="Could not load your approvals" error={inbox.error} onRetry={() => void inbox.refetch()} />
          ) : inbox.data.length === 0 ? (
            <EmptyState title="Nothing waits for your decision">
              <p>When a deal of someone you approve for crosses a policy, it appears here and in your notifications.</p>
            </EmptyState>
          ) : (
            <ul className="grid gap-3" aria-label="Approvals waiting for you">
              {inbox.data.map((item) => (
                <InboxCard
                  key={item.step_id}
                  item={item}
                  classes={classes}
                  highlighted={item.request_id === highlighted}
                  onDecide={(decision) => setDialog({ item, decision })}
                />
              ))}
            </ul>
          )}
        </TabsContent>

        <TabsContent value="history" className="pt-2">
          {history.isPending ? (
            <Skeleton className="h-40 w-full" aria-label="Loading your decisions" />
          ) : history.isError ? (
            <ErrorState title="Could not load your decisions" error={history.error} onRetry={() => void history.refetch()} />
          ) : history.data.length === 0 ? (
            <EmptyState title="You have not decided an approval yet" />
          ) : (
            <Card className="py-0">
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>Deal</TableHead>
                    <TableHead>Policy</TableHead>
                    <TableHead>Your decision</TableHead>
                    <TableHead>Comment</TableHead>
                    <TableHead>Request now</TableHead>
                    <TableHead>Decided</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {history.data.map((row) => (
                    <TableRow key={row.id}>
                      <TableCell>
                        <Link to={`/deals/${row.request.deal_id}`} className="font-medium underline-offset-4 hover:underline">
                          {row.values.name ?? "Deal"}
                        </Link>
                        {row.values.owner_name && <div className="text-xs text-muted-foreground">{row.values.owner_name}</div>}
                      </TableCell>
                      <TableCell>
                        {row.request.policy?.name ?? "—"}
                        {row.name && <div className="text-xs text-muted-foreground">Step {row.position}: {row.name}</div>}
                      </TableCell>
                      <TableCell>
                        <Badge variant={row.status === "rejected" ? "destructive" : "default"}>{row.status === "rejected" ? "Rejected" : "Approved"}</Badge>
                      </TableCell>
                      <TableCell className="max-w-72 whitespace-pre-wrap break-words">{row.comment ?? "—"}</TableCell>
                      <TableCell>
                        <RequestStatusBadge status={row.request.status} />
                      </TableCell>
                      <TableCell className="whitespace-nowrap">{formatDateTime(row.decided_at)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Card>
          )}
        </TabsContent>
      </Tabs>

      {dialog && (
        <DecisionDialog
          dealName={dialog.item.values.name ?? "this deal"}
          decision={dialog.decision}
          reason={dialog.item.reasons.join("; ")}
          onClose={() => setDialog(null)}
          onSubmit={async (values) => {
            await decide.mutateAsync({ requestId: dialog.item.request_id, decision: values.decision, comment: values.comment });
            toast.success(`${values.decision === "approve" ? "Approved" : "Rejected"}: ${dialog.item.values.name ?? "the deal"}`);
          }}
        />
      )}
    </div>
  );
}

function money(values: DealValues, key: "amount" | "list_price") {
  const value = values[key];
  return value === null || value === undefined ? "—" : formatMoney(value, values.currency ?? "USD");
}

function InboxCard({ item, classes, highlighted, onDecide }: { item: InboxItem; classes?: readonly string[]; highlighted: boolean; onDecide: (decision: Decision) => void }) {
  const values = item.values;
  const name = values.name ?? "Deal";
  return (
    <li id={`request-${item.request_id}`} aria-label={`${name}: ${item.policy_name}`}>
      <Card className={cn("gap-3 py-4", highlighted && "ring-2 ring-ring")}>
        <CardContent className="grid gap-3 px-4 sm:px-6">
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div className="grid min-w-0 gap-1">
              <div className="flex flex-wrap items-center gap-2">
                <Link to={`/deals/${item.deal_id}`} className="font-semibold underline-offset-4 hover:underline">
                  {name}
                </Link>
                {typeof values.score === "number" && <DealScoreBadge score={values.score} classification={values.classification} bands={classes} />}
              </div>
              <p className="text-sm text-muted-foreground">
                {values.owner_name ?? "Unknown owner"}
                {values.stage ? ` · ${values.stage}` : ""} · requested {formatRelative(item.requested_at)}
              </p>
            </div>
            <div className="flex gap-2">
              <Button size="sm" onClick={() => onDecide("approve")} aria-label={`Approve ${name}`}>
                <Check aria-hidden /> Approve
              </Button>
              <Button size="sm" variant="outline" onClick={() => onDecide("reject")} aria-label={`Reject ${name}`}>
                <X aria-hidden /> Reject
              </Button>
            </div>
          </div>
          <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
            <div>
              <dt className="text-xs text-muted-foreground">Amount</dt>
              <dd className="tabular-nums">{money(values, "amount")}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted-foreground">Discount</dt>
              <dd className="tabular-nums">{values.discount_pct === null || values.discount_pct === undefined ? "—" : `${formatNumber(values.discount_pct)} %`}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted-foreground">Policy</dt>
              <dd>{item.policy_name}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted-foreground">Step</dt>
              <dd>
                {item.step_position} of {item.step_count}
                {item.step_name ? ` (${item.step_name})` : ""}
              </dd>
            </div>
          </dl>
          {item.reasons.length > 0 && (
            <ul className="flex flex-wrap gap-2 text-sm" aria-label="Why it needs approval">
              {item.reasons.map((reason) => (
                <li key={reason} className="rounded-md bg-amber-500/10 px-2 py-0.5 text-amber-800 dark:text-amber-300">
                  {reason}
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </li>
  );
}
