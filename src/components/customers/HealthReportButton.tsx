import { ChevronDown, Download, LoaderCircle } from "lucide-react";
import { toast } from "sonner";
import { useUser } from "@/components/auth/useAuth";
import type { ListPanelProps } from "@/components/records/types";
import { useOwnerScope } from "@/components/records/useOwnerScope";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { healthReportFilename, healthReportQuery, HEALTH_REPORT_COLUMNS, reportOwners } from "@/domain/customer-success/report";
import { useExportCsv } from "@/hooks/useCsv";
import { useProfile } from "@/hooks/useProfile";
import { useUsers } from "@/hooks/useUsers";

/**
 * CS-9: the health report of the customers the list shows, as CSV, with every indicator's points.
 * Whoever reads every CSM's customers (lead CSMs, executives, admins) chooses the whole book or one
 * CSM's; everyone else exports the list's customers (row level security narrows them anyway).
 */
export function HealthReportButton({ query }: ListPanelProps) {
  const user = useUser();
  const orgId = useProfile(user.id).data?.org_id;
  const scope = useOwnerScope({ readScope: "customer_success" });
  const readsEveryCsm = scope.ready && scope.owners === null;
  const people = useUsers(readsEveryCsm ? orgId : undefined);
  const exportCsv = useExportCsv();

  async function run(owner?: { id: string | null; name?: string | null }) {
    const filename = healthReportFilename(new Date().toISOString().slice(0, 10), owner?.name);
    try {
      await exportCsv.mutateAsync({ object: "health_report", columns: [...HEALTH_REPORT_COLUMNS], query: healthReportQuery(query, owner?.id), filename });
      toast.success(`Exported ${filename}`);
    } catch (error) {
      toast.error(error instanceof Error ? `The health report failed: ${error.message}` : "The health report failed.");
    }
  }

  const icon = exportCsv.isPending ? <LoaderCircle className="animate-spin" aria-hidden /> : <Download aria-hidden />;
  if (!readsEveryCsm) {
    return (
      <Button variant="outline" size="sm" className="h-9" onClick={() => void run()} disabled={exportCsv.isPending || !scope.ready}>
        {icon}
        Health report
      </Button>
    );
  }

  const csms = people.data ? reportOwners(people.data) : [];
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline" size="sm" className="h-9" disabled={exportCsv.isPending}>
          {icon}
          Health report
          <ChevronDown aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-64">
        <DropdownMenuLabel className="font-normal text-muted-foreground">The list's customers (its other filters apply) of</DropdownMenuLabel>
        <DropdownMenuItem onSelect={() => void run({ id: null })}>All CSMs</DropdownMenuItem>
        <DropdownMenuSeparator />
        {people.isPending ? (
          <DropdownMenuItem disabled>Loading the CSMs…</DropdownMenuItem>
        ) : people.isError ? (
          <DropdownMenuItem disabled>Could not load the CSMs</DropdownMenuItem>
        ) : csms.length === 0 ? (
          <DropdownMenuItem disabled>No CSMs in the organisation</DropdownMenuItem>
        ) : (
          csms.map((csm) => (
            <DropdownMenuItem key={csm.id} onSelect={() => void run({ id: csm.id, name: csm.full_name })}>
              {csm.full_name ?? csm.email}
            </DropdownMenuItem>
          ))
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
