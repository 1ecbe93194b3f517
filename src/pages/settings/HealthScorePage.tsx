import { useUser } from "@/components/auth/useAuth";
import { HealthConfigForm } from "@/components/customers/settings/HealthConfigForm";
import { HealthJobCard, HealthValidationCard } from "@/components/customers/settings/HealthJobPanels";
import { PageHeader } from "@/components/layout/PageHeader";
import { EmptyState, ErrorState } from "@/components/layout/States";
import { Skeleton } from "@/components/ui/skeleton";
import { useHealthConfig } from "@/hooks/useHealthSettings";
import { useProfile } from "@/hooks/useProfile";

/** Settings → Health score (PRODUCT.md CS-2, CS-3): indicators and weights with a preview, the score's validation, the daily job. */
export default function HealthScorePage() {
  const user = useUser();
  const role = useProfile(user.id).data?.role;
  const config = useHealthConfig();
  const isAdmin = role === "admin";
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Health score"
        description="How every customer's daily health is scored (indicators, weights, thresholds), how well it predicts churn, and the job that runs it."
      />
      {config.isPending ? (
        <Skeleton className="h-96 w-full" />
      ) : config.isError ? (
        <ErrorState title="Could not load the health score configuration" error={config.error} onRetry={() => void config.refetch()} />
      ) : !config.data ? (
        <EmptyState title="No configuration">
          <p>Your organisation has no health score configuration yet.</p>
        </EmptyState>
      ) : (
        <HealthConfigForm key={`${config.data.id}-${config.data.version}`} config={config.data} readOnly={!isAdmin} />
      )}
      <div className="grid gap-6 xl:grid-cols-2">
        <HealthValidationCard />
        <HealthJobCard canRun={isAdmin} />
      </div>
    </div>
  );
}
