import { useState } from "react";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { Link, useSearchParams } from "react-router-dom";
import { PageHeader } from "@/components/layout/PageHeader";
import { EmptyState, ErrorState } from "@/components/layout/States";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tabs, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { useOutbox, type EmailStatus } from "@/hooks/useOutbox";
import { formatDateTime, formatNumber } from "@/lib/format";

const STATUSES: { value: EmailStatus | "all"; label: string }[] = [
  { value: "all", label: "All" },
  { value: "queued", label: "Queued" },
  { value: "sent", label: "Sent" },
  { value: "failed", label: "Failed" },
];

const VARIANT: Record<EmailStatus, "default" | "secondary" | "destructive" | "outline"> = { queued: "secondary", sending: "outline", sent: "default", failed: "destructive" };
const KIND_LABELS: Record<string, string> = { "playbook.email": "Playbook email", "customer.critical": "Customer turned critical" };

/**
 * The email outbox (CS-4, CS-9): every email the platform queued, newest first, with what became of
 * it. Without an email provider configured, mail stays queued here.
 */
export default function OutboxPage() {
  const [params, setParams] = useSearchParams();
  const status = (STATUSES.find((s) => s.value === params.get("status"))?.value ?? "all") as EmailStatus | "all";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const outbox = useOutbox({ status: status === "all" ? null : status, page });
  const [open, setOpen] = useState<string | null>(null);
  const go = (next: { status?: string; page?: number }) =>
    setParams((current) => {
      const p = new URLSearchParams(current);
      if (next.status !== undefined) {
        if (next.status === "all") p.delete("status");
        else p.set("status", next.status);
        p.delete("page");
      }
      if (next.page !== undefined) {
        if (next.page <= 1) p.delete("page");
        else p.set("page", String(next.page));
      }
      return p;
    });

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-4">
      <PageHeader title="Email outbox" description="Emails to customers and CSMs from playbooks and health alerts: queued, sent or failed." />
      <Tabs value={status} onValueChange={(value) => go({ status: value })}>
        <TabsList aria-label="Email status">
          {STATUSES.map((s) => (
            <TabsTrigger key={s.value} value={s.value}>
              {s.label}
            </TabsTrigger>
          ))}
        </TabsList>
      </Tabs>
      {outbox.isPending ? (
        <Skeleton className="h-64 w-full" />
      ) : outbox.isError ? (
        <ErrorState title="Could not load the outbox" error={outbox.error} onRetry={() => void outbox.refetch()} />
      ) : outbox.data.rows.length === 0 ? (
        <EmptyState title={status === "all" ? "No email yet" : `No ${status} email`}>
          <p>Playbooks and health alerts put their emails here.</p>
        </EmptyState>
      ) : (
        <>
          <Table aria-label="Emails, newest first" className={outbox.isPlaceholderData ? "opacity-60" : undefined}>
            <TableHeader>
              <TableRow>
                <TableHead>Queued</TableHead>
                <TableHead>To</TableHead>
                <TableHead>Subject</TableHead>
                <TableHead>Customer</TableHead>
                <TableHead>Status</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {outbox.data.rows.map((email) => {
                const expanded = open === email.id;
                const customerName = email.customer?.account?.name;
                return (
                  <TableRow key={email.id} className="align-top">
                    <TableCell className="whitespace-nowrap">{formatDateTime(email.created_at)}</TableCell>
                    <TableCell className="max-w-56">
                      <span className="grid">
                        <span className="truncate">{email.to_name ?? email.to_email}</span>
                        {email.to_name && <span className="truncate text-xs text-muted-foreground">{email.to_email}</span>}
                      </span>
                    </TableCell>
                    <TableCell className="min-w-64 whitespace-normal">
                      <button
                        type="button"
                        aria-expanded={expanded}
                        className="text-left font-medium underline-offset-4 hover:underline"
                        onClick={() => setOpen(expanded ? null : email.id)}
                      >
                        {email.subject}
                      </button>
                      <p className="text-xs text-muted-foreground">{KIND_LABELS[email.kind] ?? email.kind}</p>
                      {expanded && <p className="mt-2 whitespace-pre-wrap text-sm">{email.body}</p>}
                      {email.last_error && <p className="mt-1 text-xs text-destructive">Last error: {email.last_error}</p>}
                    </TableCell>
                    <TableCell>
                      {email.customer_id ? (
                        <Link to={`/customers/${email.customer_id}`} className="underline-offset-4 hover:underline">
                          {customerName ?? "Customer"}
                        </Link>
                      ) : (
                        "—"
                      )}
                    </TableCell>
                    <TableCell>
                      <Badge variant={VARIANT[email.status]}>{email.status}</Badge>
                      {email.sent_at && <p className="mt-1 text-xs text-muted-foreground">{formatDateTime(email.sent_at)}</p>}
                      {email.attempts > 0 && <p className="mt-1 text-xs text-muted-foreground">{formatNumber(email.attempts)} attempts</p>}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
          <div className="flex items-center justify-end gap-2 text-sm">
            <Button variant="outline" size="sm" disabled={page <= 1} onClick={() => go({ page: page - 1 })}>
              <ChevronLeft aria-hidden /> Previous
            </Button>
            <span className="tabular-nums">Page {page}</span>
            <Button variant="outline" size="sm" disabled={!outbox.data.hasMore} onClick={() => go({ page: page + 1 })}>
              Next <ChevronRight aria-hidden />
            </Button>
          </div>
        </>
      )}
    </div>
  );
}
