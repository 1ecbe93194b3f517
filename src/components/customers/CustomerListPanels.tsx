import { AtRiskPanel } from "@/components/customers/AtRiskPanel";
import { QuickFilters } from "@/components/customers/QuickFilters";
import { SegmentsPanel } from "@/components/customers/SegmentsPanel";
import type { ListPanelProps } from "@/components/records/types";
import { Card, CardContent } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { contractEndPreset, contractEndRange, singleHealthStatus } from "@/domain/customer-success/customers";
import { HEALTH_COLOUR_CLASSES, HEALTH_LABELS, HEALTH_STATUSES } from "@/domain/customer-success/health";
import { useAtRiskCustomers, useCustomerSummary, useOrgCurrency } from "@/hooks/useCustomers";
import { formatMoney, formatNumber } from "@/lib/format";
import { cn } from "@/lib/utils";

/**
 * The customers dashboard above the list (CS-5): health by status with ARR, the at-risk panel,
 * quick filters (health status, contract end) and segments by tier and industry. Choosing any of
 * them sets the list's filters, so the URL, saved views and the export follow.
 */
export function CustomerListPanels({ filters, setFilter }: ListPanelProps) {
  const summary = useCustomerSummary();
  const atRisk = useAtRiskCustomers();
  const currency = useOrgCurrency();
  const status = singleHealthStatus(filters.health);
  const data = summary.data;
  const atRiskTotal = data ? data.by_status.at_risk + data.by_status.critical : undefined;

  return (
    <div className="grid gap-4">
      <section aria-label="Health overview" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Card className="gap-1 py-4">
          <CardContent className="grid gap-1 px-4">
            <span className="text-sm text-muted-foreground">Active customers</span>
            {data ? <span className="text-2xl font-semibold tabular-nums">{formatNumber(data.customers)}</span> : <Skeleton className="h-8 w-20" />}
            <span className="text-xs text-muted-foreground">
              {data ? `${formatMoney(data.arr, currency, { compact: true })} ARR · average health ${formatNumber(data.average_score)}` : " "}
            </span>
          </CardContent>
        </Card>
        {HEALTH_STATUSES.map((value) => {
          const colour = value === "healthy" ? "green" : value === "at_risk" ? "yellow" : "red";
          return (
            <Card key={value} className="gap-1 py-4">
              <CardContent className="grid gap-1 px-4">
                <span className="flex items-center gap-1.5 text-sm text-muted-foreground">
                  <span aria-hidden className={cn("size-2.5 rounded-full", HEALTH_COLOUR_CLASSES[colour].dot)} />
                  {HEALTH_LABELS[value]}
                </span>
                {data ? <span className="text-2xl font-semibold tabular-nums">{formatNumber(data.by_status[value])}</span> : <Skeleton className="h-8 w-16" />}
                <span className="text-xs text-muted-foreground">{data ? `${formatMoney(data.arr_by_status[value], currency, { compact: true })} ARR` : " "}</span>
              </CardContent>
            </Card>
          );
        })}
      </section>

      <div className="grid gap-4 xl:grid-cols-2">
        <AtRiskPanel
          customers={atRisk.data}
          total={atRiskTotal}
          arrAtRisk={data ? data.arr_by_status.at_risk + data.arr_by_status.critical : undefined}
          currency={currency}
          isPending={atRisk.isPending}
          error={atRisk.error}
          onRetry={() => void atRisk.refetch()}
          onShowAll={() => setFilter("health", "at_risk,critical")}
        />
        <SegmentsPanel
          tiers={(data?.by_tier ?? []).map((t) => ({ ...t, key: String(t.tier), label: `Tier ${t.tier}` }))}
          industries={(data?.by_industry ?? []).map((t) => ({ ...t, key: t.industry, label: t.industry }))}
          currency={currency}
          activeTier={filters.tier && !filters.tier.includes(",") ? filters.tier : null}
          activeIndustry={filters.industry ?? null}
          onTier={(tier) => setFilter("tier", tier)}
          onIndustry={(industry) => setFilter("industry", industry === "Unknown" ? null : industry)}
        />
      </div>

      <QuickFilters
        status={status}
        counts={data?.by_status}
        onStatus={(next) => setFilter("health", next)}
        contractEnd={contractEndPreset(filters.contract_end)}
        onContractEnd={(days) => setFilter("contract_end", days ? contractEndRange(days) : null)}
      />
    </div>
  );
}
