import { useState, type ReactNode } from "react";
import { ArrowLeft, LifeBuoy, Pencil, Plus, Trophy, Zap } from "lucide-react";
import { Link } from "react-router-dom";
import { toast } from "sonner";
import { useUser } from "@/components/auth/useAuth";
import { ActivityTimeline } from "@/components/activities/ActivityTimeline";
import { HealthBadge } from "@/components/customers/HealthBadge";
import { HealthHistoryChart } from "@/components/customers/HealthHistoryChart";
import { IndicatorBreakdown } from "@/components/customers/IndicatorBreakdown";
import { MilestoneDialog } from "@/components/customers/MilestoneDialog";
import { RiskBadge } from "@/components/customers/RenewalParts";
import { ScoreFactors } from "@/components/customers/ScoreFactors";
import { SupportInteractionDialog } from "@/components/customers/SupportInteractionDialog";
import { TriggerInterventionDialog } from "@/components/customers/TriggerInterventionDialog";
import { TrendCell } from "@/components/customers/TrendCell";
import { customerRecords } from "@/components/records/configs/customers";
import { RecordFormDialog } from "@/components/records/RecordFormDialog";
import { canWriteRecords } from "@/components/records/types";
import { PageHeader } from "@/components/layout/PageHeader";
import { PageLoader } from "@/components/layout/PageLoader";
import { EmptyState, ErrorState } from "@/components/layout/States";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { readBreakdown } from "@/domain/customer-success/healthConfig";
import { interventionActionText, readInterventionActions } from "@/domain/customer-success/playbooks";
import { isOpenRenewal, RENEWAL_STATUS_LABELS } from "@/domain/customer-success/renewals";
import { SUPPORT_KIND_LABELS } from "@/domain/customer-success/support";
import { SENTIMENT_LABELS } from "@/domain/activities";
import { DEAL_STATUSES, DEAL_TYPE_LABELS, labelOf, SEGMENT_LABELS } from "@/domain/records/options";
import {
  useAddSupportInteraction,
  useCustomerDetail,
  useHealthThresholds,
  usePlaybooks,
  useRecordMilestone,
  useRunPlaybook,
  type CustomerDetail,
} from "@/hooks/useCustomers";
import { useProfile } from "@/hooks/useProfile";
import { useRecord } from "@/hooks/useRecords";
import { formatDate, formatDateTime, formatMoney, formatNumber, formatRelative } from "@/lib/format";

/**
 * A customer's page (PRODUCT.md CS-6, CS-8, CS-4): health history and indicators, churn risk and
 * expansion with their reasons, the contract, renewal status, related deals, interventions,
 * milestones, support interactions and the activity timeline; a CSM triggers an intervention or
 * logs an interaction from here. One call (customer_detail) loads everything but the timeline.
 */
export function CustomerDetailPage({ id }: { id: string }) {
  const detail = useCustomerDetail(id);
  const back = (
    <Link to="/customers" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
      <ArrowLeft className="size-4" aria-hidden /> All customers
    </Link>
  );
  if (detail.isPending) return <PageLoader />;
  if (detail.isError) {
    return (
      <div className="grid gap-4">
        {back}
        <ErrorState title="Could not load this customer" error={detail.error} onRetry={() => void detail.refetch()} />
      </div>
    );
  }
  if (!detail.data) {
    return (
      <div className="grid gap-4">
        {back}
        <EmptyState title="This customer does not exist">
          <p>It was deleted, or it belongs to a CSM whose customers you may not see.</p>
        </EmptyState>
      </div>
    );
  }
  return <CustomerView data={detail.data} back={back} />;
}

function CustomerView({ data, back }: { data: CustomerDetail; back: ReactNode }) {
  const { customer, latest, history } = data;
  const user = useUser();
  const role = useProfile(user.id).data?.role;
  const canAct = canWriteRecords(customerRecords, role);
  const thresholds = useHealthThresholds();
  const [dialog, setDialog] = useState<"intervene" | "support" | "milestone" | "edit" | null>(null);
  const name = customer.name ?? "Unnamed customer";
  const currency = customer.currency;

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      {back}
      <PageHeader
        title={name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <HealthBadge status={customer.health_status} score={customer.health_score} />
            <Badge variant="outline">Tier {customer.tier}</Badge>
            {customer.is_active === false && <Badge variant="secondary">Churned {formatDate(customer.churned_at)}</Badge>}
            <span>{formatMoney(customer.arr, currency)} ARR</span>
            {customer.owner_name && <span>· CSM {customer.owner_name}</span>}
          </span>
        }
        actions={
          canAct && (
            <>
              <Button onClick={() => setDialog("intervene")}>
                <Zap aria-hidden /> Trigger intervention
              </Button>
              <Button variant="outline" onClick={() => setDialog("support")}>
                <LifeBuoy aria-hidden /> Log support interaction
              </Button>
              <Button variant="outline" onClick={() => setDialog("edit")}>
                <Pencil aria-hidden /> Edit
              </Button>
            </>
          )
        }
      />

      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="grid content-start gap-6">
          <Card>
            <CardHeader>
              <CardTitle className="text-base">Health history</CardTitle>
              <CardDescription>
                {latest ? (
                  <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
                    <span>
                      Score {latest.score} on {formatDate(latest.day)}
                    </span>
                    <span className="inline-flex items-center gap-1">
                      7 days: <TrendCell trend={customer.health_trend_7d} />
                    </span>
                    {customer.last_login_on && <span>Last login {formatRelative(customer.last_login_on)}</span>}
                  </span>
                ) : (
                  "Not scored yet"
                )}
              </CardDescription>
            </CardHeader>
            <CardContent>
              <HealthHistoryChart history={history} thresholds={thresholds} />
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle className="text-base">Indicators</CardTitle>
              <CardDescription>What the latest score is made of, out of each indicator's weight</CardDescription>
            </CardHeader>
            <CardContent>
              <IndicatorBreakdown entries={readBreakdown(latest?.breakdown)} />
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle className="text-base">Churn risk and expansion</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-6 sm:grid-cols-2">
              <ScoreFactors title="Churn risk" kind="risk" score={customer.churn_risk} factors={customer.churn_factors} empty="No churn signal in usage, support, payments or surveys." />
              <ScoreFactors title="Expansion" kind="opportunity" score={customer.expansion_score} factors={customer.expansion_factors} empty="No expansion signal yet." />
            </CardContent>
          </Card>

          <Interventions interventions={data.interventions} />
          <SupportLog interactions={data.support_interactions} canAdd={canAct} onAdd={() => setDialog("support")} />
          <RelatedDeals deals={data.deals} />
        </div>

        <div className="grid content-start gap-6">
          <ContractPanel customer={customer} />
          <RenewalPanel renewals={data.renewals} />
          <Milestones milestones={data.milestones} canAdd={canAct} onAdd={() => setDialog("milestone")} />
          <ActivityTimeline subject={{ type: "customer", id: customer.id }} subjectName={name} className="content-start" />
        </div>
      </div>

      {dialog === "intervene" && <InterventionDialog customerId={customer.id} customerName={name} onClose={() => setDialog(null)} />}
      {dialog === "support" && <SupportDialog customerId={customer.id} customerName={name} onClose={() => setDialog(null)} />}
      {dialog === "milestone" && <RecordMilestone customerId={customer.id} customerName={name} onClose={() => setDialog(null)} />}
      {dialog === "edit" && <EditCustomer customerId={customer.id} onClose={() => setDialog(null)} />}
    </div>
  );
}

function InterventionDialog({ customerId, customerName, onClose }: { customerId: string; customerName: string; onClose: () => void }) {
  const playbooks = usePlaybooks();
  const run = useRunPlaybook(customerId);
  return (
    <TriggerInterventionDialog
      customerName={customerName}
      playbooks={playbooks.data}
      loadError={playbooks.isError ? playbooks.error.message : null}
      onClose={onClose}
      onConfirm={async (playbook, reason) => {
        const intervention = await run.mutateAsync({ playbookId: playbook.id, reason });
        const done = readInterventionActions(intervention?.actions);
        toast.success(`“${playbook.name}” was triggered for ${customerName}`, {
          description: done.length ? done.map(interventionActionText).join(" · ") : undefined,
        });
      }}
    />
  );
}

function SupportDialog({ customerId, customerName, onClose }: { customerId: string; customerName: string; onClose: () => void }) {
  const add = useAddSupportInteraction(customerId);
  return (
    <SupportInteractionDialog
      customerName={customerName}
      onClose={onClose}
      onSubmit={async (values) => {
        await add.mutateAsync(values);
        toast.success(`${SUPPORT_KIND_LABELS[values.kind]} was logged`);
      }}
    />
  );
}

function RecordMilestone({ customerId, customerName, onClose }: { customerId: string; customerName: string; onClose: () => void }) {
  const record = useRecordMilestone(customerId);
  return (
    <MilestoneDialog
      customerName={customerName}
      onClose={onClose}
      onSubmit={async (values) => {
        await record.mutateAsync(values);
        toast.success(`${values.title.trim()} was recorded`);
      }}
    />
  );
}

/** The generic record form on the customers row (with its account's, CSM's and contact's names). */
function EditCustomer({ customerId, onClose }: { customerId: string; onClose: () => void }) {
  const record = useRecord(customerRecords.model, customerId, customerRecords.detail.select);
  if (!record.data) return null;
  return <RecordFormDialog config={customerRecords} record={record.data} onClose={onClose} />;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-0.5">
      <dt className="text-xs font-medium text-muted-foreground">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

function ContractPanel({ customer }: { customer: CustomerDetail["customer"] }) {
  const days = customer.days_to_contract_end;
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Contract</CardTitle>
      </CardHeader>
      <CardContent>
        <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2">
          <Row label="Account">
            <Link to={`/accounts/${customer.account_id}`} className="font-medium underline-offset-4 hover:underline">
              {customer.name ?? "—"}
            </Link>
          </Row>
          <Row label="CSM">{customer.owner_name ?? "—"}</Row>
          <Row label="Contract start">{formatDate(customer.contract_start)}</Row>
          <Row label="Contract end">
            {formatDate(customer.contract_end)}
            {typeof days === "number" && days >= 0 && <span className="text-muted-foreground"> (in {formatNumber(days)} days)</span>}
          </Row>
          <Row label="MRR">{formatMoney(customer.mrr, customer.currency)}</Row>
          <Row label="ARR">{formatMoney(customer.arr, customer.currency)}</Row>
          <Row label="Tier">Tier {customer.tier}</Row>
          <Row label="Segment">{customer.segment ? SEGMENT_LABELS[customer.segment] : "—"}</Row>
          <Row label="Industry">{customer.industry ?? "—"}</Row>
          <Row label="Onboarded">{formatDate(customer.onboarded_on)}</Row>
          {customer.churn_reason && <Row label="Churn reason">{customer.churn_reason}</Row>}
        </dl>
      </CardContent>
    </Card>
  );
}

function RenewalPanel({ renewals }: { renewals: CustomerDetail["renewals"] }) {
  const open = renewals.filter((r) => isOpenRenewal(r.status)).sort((a, b) => a.renewal_date.localeCompare(b.renewal_date));
  const next = open[0];
  const past = renewals.filter((r) => !isOpenRenewal(r.status));
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Renewal</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-4">
        {next ? (
          <div className="grid gap-2">
            <div className="flex flex-wrap items-center gap-2">
              <Link to={`/renewals/${next.id}`} className="font-medium underline-offset-4 hover:underline">
                {formatDate(next.renewal_date)}
              </Link>
              <Badge variant="secondary">{RENEWAL_STATUS_LABELS[next.status]}</Badge>
              <RiskBadge level={next.risk_level} />
            </div>
            <p className="text-sm text-muted-foreground">
              {formatMoney(next.current_value, next.currency)} now
              {next.proposed_value !== null && ` → ${formatMoney(next.proposed_value, next.currency)} proposed`}
              {next.renewal_deal_id && (
                <>
                  {" · "}
                  <Link to={`/deals/${next.renewal_deal_id}`} className="underline-offset-4 hover:underline">
                    renewal deal
                  </Link>
                </>
              )}
            </p>
          </div>
        ) : (
          <p className="text-sm text-muted-foreground">No open renewal.</p>
        )}
        {past.length > 0 && (
          <ul className="grid gap-1 text-sm" aria-label="Past renewals">
            {past.map((r) => (
              <li key={r.id} className="flex justify-between gap-2">
                <span>{formatDate(r.renewal_date)}</span>
                <span className={r.status === "churned" ? "text-destructive" : "text-muted-foreground"}>{RENEWAL_STATUS_LABELS[r.status]}</span>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

function Interventions({ interventions }: { interventions: CustomerDetail["interventions"] }) {
  return (
    <section aria-labelledby="interventions-title" className="grid gap-3">
      <h2 id="interventions-title" className="text-lg font-semibold">
        Interventions
      </h2>
      {interventions.length === 0 ? (
        <p className="text-sm text-muted-foreground">No intervention yet.</p>
      ) : (
        <ol className="grid gap-2" aria-label="Interventions, newest first">
          {interventions.map((item) => {
            const actions = readInterventionActions(item.actions);
            return (
              <li key={item.id} className="grid gap-1 rounded-md border p-3 text-sm">
                <div className="flex flex-wrap items-center gap-2">
                  <Badge variant={item.source === "playbook" ? "secondary" : "outline"}>{item.source === "playbook" ? "Playbook" : "Manual"}</Badge>
                  {item.playbook_name && <span className="font-medium">{item.playbook_name}</span>}
                  <time dateTime={item.created_at} className="ml-auto text-xs text-muted-foreground">
                    {formatDateTime(item.created_at)}
                  </time>
                </div>
                <p>{item.reason}</p>
                {actions.length > 0 && <p className="text-xs text-muted-foreground">{actions.map(interventionActionText).join(" · ")}</p>}
                {item.outcome && <p className="text-xs">Outcome: {item.outcome}</p>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function SupportLog({ interactions, canAdd, onAdd }: { interactions: CustomerDetail["support_interactions"]; canAdd: boolean; onAdd: () => void }) {
  return (
    <section aria-labelledby="support-title" className="grid gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="support-title" className="text-lg font-semibold">
          Support interactions
        </h2>
        {canAdd && (
          <Button size="sm" variant="outline" onClick={onAdd}>
            <LifeBuoy aria-hidden /> Log interaction
          </Button>
        )}
      </div>
      {interactions.length === 0 ? (
        <p className="text-sm text-muted-foreground">No support interaction logged.</p>
      ) : (
        <ol className="grid gap-2" aria-label="Support interactions, newest first">
          {interactions.map((item) => (
            <li key={item.id} className="grid gap-1 rounded-md border p-3 text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <Badge variant="outline">{SUPPORT_KIND_LABELS[item.kind]}</Badge>
                {item.sentiment && <span className="text-xs text-muted-foreground">{SENTIMENT_LABELS[item.sentiment]}</span>}
                <span className="ml-auto text-xs text-muted-foreground">
                  {item.owner_name ? `${item.owner_name}, ` : ""}
                  <time dateTime={item.occurred_at}>{formatDateTime(item.occurred_at)}</time>
                </span>
              </div>
              <p className="whitespace-pre-wrap">{item.summary}</p>
              {item.outcome && <p className="text-xs text-muted-foreground">Outcome: {item.outcome}</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function RelatedDeals({ deals }: { deals: CustomerDetail["deals"] }) {
  return (
    <section aria-labelledby="deals-title" className="grid gap-3">
      <h2 id="deals-title" className="text-lg font-semibold">
        Deals
      </h2>
      {deals.length === 0 ? (
        <p className="text-sm text-muted-foreground">No deals on this account that you may see.</p>
      ) : (
        <Table aria-labelledby="deals-title">
          <TableHeader>
            <TableRow>
              <TableHead>Deal</TableHead>
              <TableHead>Type</TableHead>
              <TableHead>Stage</TableHead>
              <TableHead className="text-right">Amount</TableHead>
              <TableHead>Close date</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {deals.map((deal) => (
              <TableRow key={deal.id}>
                <TableCell>
                  <Link to={`/deals/${deal.id}`} className="font-medium underline-offset-4 hover:underline">
                    {deal.name}
                  </Link>
                </TableCell>
                <TableCell>{DEAL_TYPE_LABELS[deal.deal_type as keyof typeof DEAL_TYPE_LABELS] ?? deal.deal_type}</TableCell>
                <TableCell>
                  {deal.stage_name ?? "—"}
                  {deal.status !== "open" && <span className="text-muted-foreground"> ({labelOf(DEAL_STATUSES, deal.status)})</span>}
                </TableCell>
                <TableCell className="text-right tabular-nums">{formatMoney(deal.amount, deal.currency)}</TableCell>
                <TableCell>{formatDate(deal.expected_close_date)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}

function Milestones({ milestones, canAdd, onAdd }: { milestones: CustomerDetail["milestones"]; canAdd: boolean; onAdd: () => void }) {
  return (
    <Card>
      <CardHeader className="flex flex-row flex-wrap items-center justify-between gap-2">
        <CardTitle className="flex items-center gap-2 text-base">
          <Trophy className="size-4 text-amber-500" aria-hidden /> Success milestones
        </CardTitle>
        {canAdd && (
          <Button size="sm" variant="outline" onClick={onAdd}>
            <Plus aria-hidden /> Record
          </Button>
        )}
      </CardHeader>
      <CardContent>
        {milestones.length === 0 ? (
          <p className="text-sm text-muted-foreground">None yet.</p>
        ) : (
          <ul className="grid gap-2 text-sm">
            {milestones.map((m) => (
              <li key={m.id} className="flex items-baseline justify-between gap-2">
                <span>{m.title}</span>
                <span className="shrink-0 text-xs text-muted-foreground">{formatDate(m.achieved_on)}</span>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
