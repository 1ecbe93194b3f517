import { useMemo } from "react";
import { format, parseISO } from "date-fns";
import { useSearchParams } from "react-router-dom";
import { useUser } from "@/components/auth/useAuth";
import { ChartCard } from "@/components/charts/ChartCard";
import { ClassificationTrendChart } from "@/components/governance/ClassificationTrendChart";
import { ScoreDistributionChart } from "@/components/governance/ScoreDistributionChart";
import { StackedBarTrendChart } from "@/components/governance/StackedBarTrendChart";
import { Stat } from "@/components/governance/Stat";
import { TrendLineChart } from "@/components/governance/TrendLineChart";
import { PageHeader } from "@/components/layout/PageHeader";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import {
  bucketColumn,
  chartCsv,
  csvFilename,
  DEFAULT_PERIOD,
  formatHours,
  GRAINS,
  isGrain,
  isPeriod,
  periodRange,
  PERIODS,
  pivotTrend,
  type Grain,
} from "@/domain/governance/metrics";
import { classify } from "@/domain/scoring/classification";
import {
  useApprovalCycleTimes,
  useClassificationTrend,
  useDiscountLeakage,
  useExceptionRate,
  useScoreDistribution,
  type DistributionScope,
  type Range,
} from "@/hooks/useGovernance";
import { useOrganization } from "@/hooks/useOrganization";
import { useProfile } from "@/hooks/useProfile";
import { useActiveBands, useActiveClasses } from "@/hooks/useScoring";
import { formatMoney, formatNumber, formatPercent } from "@/lib/format";

const SCOPES: { value: DistributionScope; label: string }[] = [
  { value: "open", label: "Open pipeline now" },
  { value: "won", label: "Won in the period" },
  { value: "lost", label: "Lost in the period" },
];

function bucketFormatter(grain: Grain) {
  return (bucket: string) => {
    const date = parseISO(bucket);
    return Number.isNaN(date.getTime()) ? bucket : grain === "week" ? format(date, "d MMM") : format(date, "MMM yyyy");
  };
}

/**
 * Governance (GOV-5, AN-4, AN-5) for managers and executives: score distribution, classification
 * trend, approval cycle time, exception rate and discount leakage for a period, each chart with its
 * CSV. Every figure comes from a SQL function run under the reader's row level security.
 */
export default function GovernancePage() {
  const [params, setParams] = useSearchParams();
  const period = isPeriod(params.get("period")) ? (params.get("period") as (typeof PERIODS)[number]["value"]) : DEFAULT_PERIOD;
  const grain: Grain = isGrain(params.get("grain")) ? (params.get("grain") as Grain) : "week";
  const scope = (SCOPES.find((option) => option.value === params.get("scope"))?.value ?? "open") as DistributionScope;
  // The period's bounds move with the day, not with every render.
  const today = new Date().toDateString();
  const range = useMemo(() => periodRange(period, new Date(today)), [period, today]);

  const set = (key: string, value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set(key, value);
        return next;
      },
      { replace: true },
    );

  return (
    <div className="grid gap-6">
      <PageHeader
        title="Governance"
        description="How deals score, how fast approvals are decided, and how often deals close against policy."
        actions={
          <div className="flex flex-wrap items-end gap-3">
            <div className="grid gap-1">
              <Label htmlFor="governance-period">Period</Label>
              <Select value={period} onValueChange={(value) => set("period", value)}>
                <SelectTrigger id="governance-period" className="w-44">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {PERIODS.map((option) => (
                    <SelectItem key={option.value} value={option.value}>
                      {option.label}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
            <div className="grid gap-1">
              <Label htmlFor="governance-grain">Trend</Label>
              <Select value={grain} onValueChange={(value) => set("grain", value)}>
                <SelectTrigger id="governance-grain" className="w-32">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {GRAINS.map((option) => (
                    <SelectItem key={option.value} value={option.value}>
                      {option.label}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
          </div>
        }
      />
      <div className="grid gap-6 xl:grid-cols-2">
        <DistributionCard scope={scope} range={range} onScope={(value) => set("scope", value)} />
        <TrendCard range={range} grain={grain} />
        <CycleTimeCard range={range} grain={grain} />
        <ExceptionRateCard range={range} grain={grain} />
        <LeakageCard range={range} grain={grain} className="xl:col-span-2" />
      </div>
    </div>
  );
}

function DistributionCard({ scope, range, onScope }: { scope: DistributionScope; range: Range; onScope: (scope: string) => void }) {
  const distribution = useScoreDistribution(scope, range);
  const bands = useActiveBands() ?? [];
  const rows = (distribution.data ?? []).map((row) => ({
    label: `${row.bucket_start}–${row.bucket_end}`,
    count: Number(row.deals),
    amount: Number(row.amount),
    bucket_start: row.bucket_start,
    bucket_end: row.bucket_end,
    classification: bands.length ? classify(row.bucket_start, bands) : null,
  }));
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  const title = "Score distribution";
  return (
    <ChartCard
      title={title}
      description={
        <span className="flex flex-wrap items-center gap-2">
          <span>Deals per band of 10 points, coloured by class.</span>
          <Select value={scope} onValueChange={onScope}>
            <SelectTrigger className="h-7 w-48" aria-label="Which deals">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {SCOPES.map((option) => (
                <SelectItem key={option.value} value={option.value}>
                  {option.label}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </span>
      }
      loading={distribution.isPending}
      error={distribution.error}
      onRetry={() => void distribution.refetch()}
      empty={distribution.isSuccess && total === 0 && "No scored deals in this selection"}
      summary={<p className="text-sm text-muted-foreground">{formatNumber(total)} deals</p>}
      download={{
        filename: csvFilename(`${title} ${scope}`, range),
        csv: () =>
          chartCsv(
            [
              { header: "Score from", value: (row: (typeof rows)[number]) => row.bucket_start },
              { header: "Score to", value: (row) => row.bucket_end },
              { header: "Class", value: (row) => row.classification ?? "" },
              { header: "Deals", value: (row) => row.count },
              { header: "Amount", value: (row) => row.amount },
            ],
            rows,
          ),
      }}
    >
      <ScoreDistributionChart buckets={rows} bands={bands.map((band) => band.label)} />
    </ChartCard>
  );
}

function TrendCard({ range, grain }: { range: Range; grain: Grain }) {
  const trend = useClassificationTrend(range, grain);
  const classes = useActiveClasses();
  const formatBucket = bucketFormatter(grain);
  const pivot = useMemo(() => pivotTrend((trend.data ?? []).map((row) => ({ bucket: row.bucket, series: row.classification, count: Number(row.deals) }))), [trend.data]);
  // Best class first (the model's order), classes no longer in the model after them.
  const series = [...(classes ?? []).filter((name) => pivot.series.includes(name)), ...pivot.series.filter((name) => !classes?.includes(name))];
  const title = "Classification trend";
  return (
    <ChartCard
      title={title}
      description={`Open deals by class at the end of each ${grain}.`}
      loading={trend.isPending}
      error={trend.error}
      onRetry={() => void trend.refetch()}
      empty={trend.isSuccess && pivot.buckets.length === 0 && "No scored deals in this period"}
      download={{
        filename: csvFilename(`${title} ${grain}`, range),
        csv: () =>
          chartCsv(
            [
              bucketColumn<NonNullable<typeof trend.data>[number]>(grain),
              { header: "Class", value: (row) => row.classification },
              { header: "Deals", value: (row) => row.deals },
              { header: "Amount", value: (row) => row.amount },
            ],
            trend.data ?? [],
          ),
      }}
    >
      <ClassificationTrendChart buckets={pivot.buckets} series={series} formatBucket={formatBucket} />
    </ChartCard>
  );
}

function CycleTimeCard({ range, grain }: { range: Range; grain: Grain }) {
  const cycle = useApprovalCycleTimes(range, grain);
  const formatBucket = bucketFormatter(grain);
  const total = cycle.data?.total;
  const rows = (cycle.data?.buckets ?? []).map((row) => ({
    bucket: row.bucket,
    median: row.median_hours === null ? null : Number(row.median_hours),
    p90: row.p90_hours === null ? null : Number(row.p90_hours),
    decided: Number(row.decided),
  }));
  const title = "Approval cycle time";
  return (
    <ChartCard
      title={title}
      description="Hours from the request to its decision (approved, rejected or overridden)."
      loading={cycle.isPending}
      error={cycle.error}
      onRetry={() => void cycle.refetch()}
      empty={cycle.isSuccess && !total?.decided && "No approval was decided in this period"}
      summary={
        total && (
          <dl className="grid grid-cols-3 gap-4">
            <Stat label="Median" value={formatHours(total.median_hours === null ? null : Number(total.median_hours))} />
            <Stat label="90th percentile" value={formatHours(total.p90_hours === null ? null : Number(total.p90_hours))} />
            <Stat
              label="Decided"
              value={formatNumber(total.decided)}
              note={`${formatNumber(total.approved)} approved, ${formatNumber(total.rejected)} rejected, ${formatNumber(total.overridden)} overridden`}
            />
          </dl>
        )
      }
      download={{
        filename: csvFilename(`${title} ${grain}`, range),
        csv: () =>
          chartCsv(
            [
              bucketColumn<NonNullable<typeof cycle.data>["buckets"][number]>(grain),
              { header: "Decided", value: (row) => row.decided },
              { header: "Approved", value: (row) => row.approved },
              { header: "Rejected", value: (row) => row.rejected },
              { header: "Overridden", value: (row) => row.overridden },
              { header: "Median hours", value: (row) => row.median_hours },
              { header: "P90 hours", value: (row) => row.p90_hours },
            ],
            cycle.data?.buckets ?? [],
          ),
      }}
    >
      <TrendLineChart
        rows={rows}
        series={[
          { key: "median", label: "Median" },
          { key: "p90", label: "90th percentile" },
        ]}
        formatBucket={formatBucket}
        formatValue={(hours) => formatHours(hours)}
        caption="Approval cycle time per period"
      />
    </ChartCard>
  );
}

function ExceptionRateCard({ range, grain }: { range: Range; grain: Grain }) {
  const rate = useExceptionRate(range, grain);
  const formatBucket = bucketFormatter(grain);
  const total = rate.data?.total;
  const rows = (rate.data?.buckets ?? []).map((row) => ({ bucket: row.bucket, rate: Number(row.rate) }));
  const title = "Exception rate";
  return (
    <ChartCard
      title={title}
      description="Share of won deals that closed through an exception (an override of policy)."
      loading={rate.isPending}
      error={rate.error}
      onRetry={() => void rate.refetch()}
      empty={rate.isSuccess && !total?.won_deals && "No deal was won in this period"}
      summary={
        total && (
          <dl className="grid grid-cols-2 gap-4">
            <Stat label="Exception rate" value={formatPercent(Number(total.rate), 1)} />
            <Stat label="Exceptions" value={formatNumber(total.with_exception)} note={`of ${formatNumber(total.won_deals)} won deals`} />
          </dl>
        )
      }
      download={{
        filename: csvFilename(`${title} ${grain}`, range),
        csv: () =>
          chartCsv(
            [
              bucketColumn<NonNullable<typeof rate.data>["buckets"][number]>(grain),
              { header: "Won deals", value: (row) => row.won_deals },
              { header: "With exception", value: (row) => row.with_exception },
              { header: "Rate", value: (row) => row.rate },
            ],
            rate.data?.buckets ?? [],
          ),
      }}
    >
      <TrendLineChart
        rows={rows}
        series={[{ key: "rate", label: "Exception rate" }]}
        formatBucket={formatBucket}
        formatValue={(value) => formatPercent(value, 1)}
        caption="Exception rate per period"
      />
    </ChartCard>
  );
}

function LeakageCard({ range, grain, className }: { range: Range; grain: Grain; className?: string }) {
  const leakage = useDiscountLeakage(range, grain);
  const user = useUser();
  const profile = useProfile(user.id);
  const organization = useOrganization(profile.data?.org_id);
  const currency = organization.data?.currency ?? "USD";
  const formatBucket = bucketFormatter(grain);
  const total = leakage.data?.total;
  const rows = (leakage.data?.buckets ?? []).map((row) => ({
    bucket: row.bucket,
    withoutException: Number(row.leakage) - Number(row.leakage_with_exception),
    withException: Number(row.leakage_with_exception),
  }));
  const title = "Discount leakage";
  const limit = total?.discount_limit ?? leakage.data?.buckets[0]?.discount_limit ?? null;
  return (
    <ChartCard
      className={className}
      title={title}
      description={
        limit === null
          ? "Money given away beyond the discount limit of your approval policies, on won deals."
          : `Money given away beyond the ${formatNumber(limit)} % discount limit of your approval policies, on won deals (list price × excess discount).`
      }
      loading={leakage.isPending}
      error={leakage.error}
      onRetry={() => void leakage.refetch()}
      empty={
        leakage.isSuccess &&
        (limit === null ? "No active approval policy limits the discount, so nothing counts as leakage" : !total?.won_deals && "No deal was won in this period")
      }
      summary={
        total && (
          <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
            <Stat label="Leakage" value={formatMoney(total.leakage, currency, { compact: true })} />
            <Stat label="Through exceptions" value={formatMoney(total.leakage_with_exception, currency, { compact: true })} />
            <Stat label="Deals over the limit" value={formatNumber(total.over_limit)} note={`of ${formatNumber(total.won_deals)} won deals`} />
            <Stat label="Discount limit" value={limit === null ? "—" : `${formatNumber(limit)} %`} />
          </dl>
        )
      }
      download={{
        filename: csvFilename(`${title} ${grain}`, range),
        csv: () =>
          chartCsv(
            [
              bucketColumn<NonNullable<typeof leakage.data>["buckets"][number]>(grain),
              { header: "Won deals", value: (row) => row.won_deals },
              { header: "Over the limit", value: (row) => row.over_limit },
              { header: "Discount limit %", value: (row) => row.discount_limit },
              { header: `Leakage (${currency})`, value: (row) => row.leakage },
              { header: `Through exceptions (${currency})`, value: (row) => row.leakage_with_exception },
            ],
            leakage.data?.buckets ?? [],
          ),
      }}
    >
      <StackedBarTrendChart
        rows={rows}
        series={[
          { key: "withoutException", label: "Approved beyond the limit", fill: "hsl(var(--chart-1))" },
          { key: "withException", label: "Through exceptions", fill: "hsl(var(--chart-4))" },
        ]}
        formatBucket={formatBucket}
        formatValue={(value) => formatMoney(value, currency)}
        formatTick={(value) => formatMoney(value, currency, { compact: true })}
        caption="Discount leakage per period"
      />
    </ChartCard>
  );
}
