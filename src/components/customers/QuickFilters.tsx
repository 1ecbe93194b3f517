import { Button } from "@/components/ui/button";
import { CONTRACT_END_PRESETS, type ContractEndPreset } from "@/domain/customer-success/customers";
import { HEALTH_COLOUR_CLASSES, HEALTH_LABELS, healthColour, HEALTH_STATUSES, type HealthStatus } from "@/domain/customer-success/health";
import { formatNumber } from "@/lib/format";
import { cn } from "@/lib/utils";

export type StatusCounts = Partial<Record<HealthStatus | "unscored", number>>;

/**
 * CS-5's quick filters: one health status (with its count) and "contract ends within N days".
 * Toggle buttons (aria-pressed); pressing the active one again clears it.
 */
export function QuickFilters({
  status,
  counts,
  onStatus,
  contractEnd,
  onContractEnd,
}: {
  status: HealthStatus | null;
  counts?: StatusCounts;
  onStatus: (status: HealthStatus | null) => void;
  contractEnd: ContractEndPreset | null;
  onContractEnd: (days: ContractEndPreset | null) => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-x-6 gap-y-3">
      <div role="group" aria-label="Health status" className="flex flex-wrap items-center gap-2">
        <span className="text-sm text-muted-foreground">Health</span>
        <Button size="sm" variant={status === null ? "secondary" : "outline"} aria-pressed={status === null} onClick={() => onStatus(null)}>
          All
        </Button>
        {HEALTH_STATUSES.map((value) => {
          const colour = healthColour(value).colour!;
          const active = status === value;
          return (
            <Button
              key={value}
              size="sm"
              variant="outline"
              aria-pressed={active}
              className={cn(active && HEALTH_COLOUR_CLASSES[colour].badge, active && "font-semibold")}
              onClick={() => onStatus(active ? null : value)}
            >
              <span aria-hidden className={cn("size-2 rounded-full", HEALTH_COLOUR_CLASSES[colour].dot)} />
              {HEALTH_LABELS[value]}
              {counts?.[value] !== undefined && <span className="tabular-nums text-muted-foreground">{formatNumber(counts[value])}</span>}
            </Button>
          );
        })}
      </div>
      <div role="group" aria-label="Contract ends" className="flex flex-wrap items-center gap-2">
        <span className="text-sm text-muted-foreground">Contract ends within</span>
        {CONTRACT_END_PRESETS.map((days) => (
          <Button
            key={days}
            size="sm"
            variant={contractEnd === days ? "secondary" : "outline"}
            aria-pressed={contractEnd === days}
            aria-label={`Contract ends within ${days} days`}
            onClick={() => onContractEnd(contractEnd === days ? null : days)}
          >
            {days} days
          </Button>
        ))}
      </div>
    </div>
  );
}
