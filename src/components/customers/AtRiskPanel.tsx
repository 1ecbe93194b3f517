import { AlertTriangle } from "lucide-react";
import { Link } from "react-router-dom";
import { HealthBadge } from "@/components/customers/HealthBadge";
import { ErrorState } from "@/components/layout/States";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import type { HealthStatus } from "@/domain/customer-success/health";
import { formatDate, formatMoney, formatNumber } from "@/lib/format";

export type AtRiskCustomer = {
  id: string;
  name: string | null;
  health_score: number | null;
  health_status: HealthStatus | null;
  arr: number | null;
  currency: string | null;
  owner_name: string | null;
  top_churn_factor: string | null;
  next_renewal_date: string | null;
};

/**
 * CS-5's at-risk panel: the active customers at risk or critical, worst first (and, among equals,
 * the most revenue first), each with the biggest reason it may churn.
 */
export function AtRiskPanel({
  customers,
  total,
  arrAtRisk,
  currency,
  isPending,
  error,
  onRetry,
  onShowAll,
}: {
  customers: readonly AtRiskCustomer[] | undefined;
  total?: number;
  arrAtRisk?: number;
  currency?: string;
  isPending: boolean;
  error: unknown;
  onRetry: () => void;
  onShowAll?: () => void;
}) {
  return (
    <Card className="gap-4" aria-labelledby="at-risk-title" role="region">
      <CardHeader>
        <CardTitle id="at-risk-title" className="flex items-center gap-2 text-base">
          <AlertTriangle className="size-4 text-amber-500" aria-hidden />
          At-risk customers
          {total !== undefined && <span className="text-sm font-normal text-muted-foreground">{formatNumber(total)}</span>}
        </CardTitle>
        <CardDescription>
          At risk or critical, worst health first
          {arrAtRisk !== undefined && currency ? ` · ${formatMoney(arrAtRisk, currency, { compact: true })} ARR` : ""}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {isPending ? (
          <div className="grid gap-2" aria-busy="true" aria-label="Loading at-risk customers">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} className="h-10 w-full" />
            ))}
          </div>
        ) : error ? (
          <ErrorState title="Could not load the at-risk customers" error={error} onRetry={onRetry} />
        ) : !customers?.length ? (
          <p className="text-sm text-muted-foreground">No customer is at risk. Nice.</p>
        ) : (
          <ol className="grid divide-y" aria-label="At-risk customers, worst first">
            {customers.map((customer) => (
              <li key={customer.id} className="grid gap-1 py-2 first:pt-0 last:pb-0 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-center sm:gap-3">
                <div className="grid min-w-0 gap-0.5">
                  <Link to={`/customers/${customer.id}`} className="truncate font-medium underline-offset-4 hover:underline">
                    {customer.name ?? "Unnamed customer"}
                  </Link>
                  <p className="truncate text-xs text-muted-foreground">
                    {[customer.top_churn_factor, customer.owner_name, customer.next_renewal_date && `renews ${formatDate(customer.next_renewal_date)}`]
                      .filter(Boolean)
                      .join(" · ")}
                  </p>
                </div>
                <div className="flex items-center gap-3">
                  <span className="text-sm tabular-nums text-muted-foreground">
                    {customer.arr !== null ? formatMoney(customer.arr, customer.currency ?? "USD", { compact: true }) : "—"}
                  </span>
                  <HealthBadge status={customer.health_status} score={customer.health_score} />
                </div>
              </li>
            ))}
          </ol>
        )}
        {onShowAll && !!total && total > (customers?.length ?? 0) && (
          <button type="button" onClick={onShowAll} className="mt-3 text-sm font-medium underline-offset-4 hover:underline">
            Show all {formatNumber(total)} in the list
          </button>
        )}
      </CardContent>
    </Card>
  );
}
