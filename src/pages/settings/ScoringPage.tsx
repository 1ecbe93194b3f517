import { useMemo, useState } from "react";
import { toast } from "sonner";
import { PageHeader } from "@/components/layout/PageHeader";
import { EmptyState, ErrorState } from "@/components/layout/States";
import { ConfirmDialog } from "@/components/settings/ConfirmDialog";
import { ModelPreviewCard } from "@/components/settings/scoring/ModelPreviewCard";
import { RescoreProgress } from "@/components/settings/scoring/RescoreProgress";
import { ScoringModelEditor } from "@/components/settings/scoring/ScoringModelEditor";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { fromDefinition } from "@/domain/scoring/model";
import { isLatestRunShown } from "@/domain/scoring/rescore";
import { driveRescore, useActivateScoringModel, useLatestRescoreRun, useSaveScoringModel, useScoringCatalog, useScoringModels, type RescoreRun } from "@/hooks/useScoring";
import { formatDateTime } from "@/lib/format";

/**
 * Settings → Scoring (GOV-1), for admins: the active model's factors, weights, curves and classes,
 * edited with a live preview over the open deals; saving makes a new version and rescores every
 * open deal, with its progress shown. Earlier versions stay, and one can be made active again.
 */
export default function ScoringPage() {
  const models = useScoringModels();
  const catalog = useScoringCatalog();
  const latest = useLatestRescoreRun();
  const save = useSaveScoringModel();
  const activate = useActivateScoringModel();
  const [run, setRun] = useState<RescoreRun | null>(null);
  const [restoring, setRestoring] = useState<{ id: string; version: number } | null>(null);
  const active = models.data?.find((model) => model.isActive);
  const initial = useMemo(() => (active ? fromDefinition(active.definition) : null), [active]);
  const catalogByFactor = useMemo(
    () => Object.fromEntries((catalog.data ?? []).map((factor) => [factor.factor, { label: factor.label, measures: factor.measures }])),
    [catalog.data],
  );
  // The run this admin started, else the organisation's latest while under way, failed or just finished.
  const shownRun = run ?? (isLatestRunShown(latest.data, new Date()) ? latest.data : null);

  return (
    <div className="grid gap-6">
      <PageHeader
        title="Scoring"
        description="How deals are scored: each factor's weight and curve, and the classes. Every deal page explains its score with this model."
      />
      {shownRun && <RescoreProgress key={shownRun.id} run={shownRun} />}
      {models.isPending ? (
        <div className="grid gap-4 xl:grid-cols-[3fr_2fr]" aria-busy="true" aria-label="Loading the scoring model">
          <Skeleton className="h-96" />
          <Skeleton className="h-72" />
        </div>
      ) : models.isError ? (
        <ErrorState title="Could not load the scoring model" error={models.error} onRetry={() => void models.refetch()} />
      ) : !active || !initial ? (
        <EmptyState title="Your organisation has no active scoring model">
          <p>Every organisation starts with the default model; ask support to restore it.</p>
        </EmptyState>
      ) : (
        <>
          <p className="text-sm text-muted-foreground">
            Editing version {active.version}, active since {formatDateTime(active.activatedAt)}.
          </p>
          <ScoringModelEditor
            key={active.id}
            initial={initial}
            catalog={catalogByFactor}
            saving={save.isPending}
            renderPreview={(definition) => <ModelPreviewCard definition={definition} />}
            onSave={async (definition) => {
              const result = await save.mutateAsync(definition);
              driveRescore(result.rescore);
              setRun(result.rescore);
              toast.success(`Version ${result.model.version} is active`, {
                description: result.rescore ? "The open deals are being rescored with it." : "There are no open deals to rescore.",
              });
            }}
          />
          <Card>
            <CardHeader>
              <CardTitle className="text-base">
                <h2>Versions</h2>
              </CardTitle>
              <CardDescription>Every saved version stays, so scores in the history keep their meaning. Make an earlier one active to go back.</CardDescription>
            </CardHeader>
            <CardContent>
              <ul className="grid gap-2 text-sm">
                {models.data.map((model) => (
                  <li key={model.id} className="flex flex-wrap items-center gap-3">
                    <span className="w-12 font-medium tabular-nums">v{model.version}</span>
                    <span>{model.name}</span>
                    <span className="text-muted-foreground">saved {formatDateTime(model.createdAt)}</span>
                    {model.isActive ? (
                      <Badge>Active</Badge>
                    ) : (
                      <Button size="sm" variant="outline" onClick={() => setRestoring({ id: model.id, version: model.version })}>
                        Make active
                      </Button>
                    )}
                  </li>
                ))}
              </ul>
            </CardContent>
          </Card>
        </>
      )}
      {restoring && (
        <ConfirmDialog
          title={`Make version ${restoring.version} active?`}
          description="Every open deal is rescored with it, and the deal pages explain their scores with it."
          confirmLabel="Make active and rescore"
          onClose={() => setRestoring(null)}
          onConfirm={async () => {
            const result = await activate.mutateAsync(restoring.id);
            driveRescore(result.rescore);
            setRun(result.rescore);
            toast.success(`Version ${restoring.version} is active`);
          }}
        />
      )}
    </div>
  );
}
