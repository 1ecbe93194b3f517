import { useState } from "react";
import { Plus } from "lucide-react";
import { Link, useSearchParams } from "react-router-dom";
import { toast } from "sonner";
import { useUser } from "@/components/auth/useAuth";
import { PageHeader } from "@/components/layout/PageHeader";
import { EmptyState, ErrorState } from "@/components/layout/States";
import { EditPipelineDialog, NewPipelineDialog } from "@/components/pipeline/settings/PipelineDialogs";
import { StageDialog } from "@/components/pipeline/settings/StageDialog";
import { StageList } from "@/components/pipeline/settings/StageList";
import { ConfirmDialog } from "@/components/settings/ConfirmDialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { describeLimits, heldDealsPath } from "@/domain/pipelines";
import { useDeletePipeline, useDeleteStage, usePipelines, usePipelineStages, type Pipeline, type PipelineStage } from "@/hooks/usePipelines";
import { useProfile } from "@/hooks/useProfile";
import { useTeams } from "@/hooks/useTeams";
import { formatRole } from "@/lib/format";
import { cn } from "@/lib/utils";

type Dialog =
  | { kind: "new-pipeline" }
  | { kind: "edit-pipeline"; pipeline: Pipeline }
  | { kind: "delete-pipeline"; pipeline: Pipeline }
  | { kind: "stage"; stage?: PipelineStage }
  | { kind: "delete-stage"; stage: PipelineStage };

/** Settings → Pipelines (PRODUCT.md CRM-6), for admins: pipelines from templates, their stages and rules. */
export default function PipelinesPage() {
  const user = useUser();
  const profile = useProfile(user.id);
  const teams = useTeams(profile.data?.org_id);
  const pipelines = usePipelines();
  const [params, setParams] = useSearchParams();
  const selected = pipelines.data?.find((p) => p.id === params.get("pipeline")) ?? pipelines.data?.[0];
  const stages = usePipelineStages(selected?.id);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const deletePipeline = useDeletePipeline();
  const deleteStage = useDeleteStage();

  const select = (id: string) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      next.set("pipeline", id);
      return next;
    });

  return (
    <div className="grid gap-6">
      <PageHeader
        title="Pipelines"
        description="Stages, win probabilities, colours, when deals go stale, what a deal needs to move on, and who works in each pipeline."
        actions={
          <Button onClick={() => setDialog({ kind: "new-pipeline" })}>
            <Plus aria-hidden />
            New pipeline
          </Button>
        }
      />

      {pipelines.isPending ? (
        <div className="grid gap-4 md:grid-cols-[16rem_1fr]" aria-busy="true" aria-label="Loading the pipelines">
          <Skeleton className="h-40" />
          <Skeleton className="h-80" />
        </div>
      ) : pipelines.isError ? (
        <ErrorState title="Could not load the pipelines" error={pipelines.error} onRetry={() => void pipelines.refetch()} />
      ) : !selected ? (
        <EmptyState title="No pipelines yet">
          <p>Create the first one from the Default or PEAK template.</p>
          <Button size="sm" onClick={() => setDialog({ kind: "new-pipeline" })}>
            New pipeline
          </Button>
        </EmptyState>
      ) : (
        <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-6 md:grid-cols-[16rem_minmax(0,1fr)]">
          <nav aria-label="Pipelines">
            <ul className="grid gap-1">
              {pipelines.data.map((pipeline) => (
                <li key={pipeline.id}>
                  <button
                    type="button"
                    aria-current={pipeline.id === selected.id ? "true" : undefined}
                    onClick={() => select(pipeline.id)}
                    className={cn(
                      "flex w-full items-center justify-between gap-2 rounded-md px-3 py-2 text-left text-sm hover:bg-accent",
                      pipeline.id === selected.id && "bg-accent font-medium",
                    )}
                  >
                    <span className="min-w-0 truncate">{pipeline.name}</span>
                    <span className="flex shrink-0 items-center gap-1">
                      {pipeline.is_default && <Badge variant="secondary">Default</Badge>}
                      <span className="text-xs text-muted-foreground">{pipeline.stage_count} stages</span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>

          <Card className="gap-4">
            <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
              <div className="grid min-w-0 gap-1">
                <h2 className="flex items-center gap-2 text-lg font-semibold">
                  {selected.name}
                  {selected.is_default && <Badge variant="secondary">Default</Badge>}
                </h2>
                <CardDescription>
                  Used by: {describeLimits(selected, teams.data ?? [], formatRole)}.{" "}
                  <Link className="underline underline-offset-2" to={`/pipeline?pipeline=${selected.id}`}>
                    Open the board
                  </Link>
                </CardDescription>
              </div>
              <div className="flex flex-wrap gap-2">
                <Button variant="outline" size="sm" onClick={() => setDialog({ kind: "edit-pipeline", pipeline: selected })}>
                  Edit pipeline
                </Button>
                <Button variant="outline" size="sm" className="text-destructive" onClick={() => setDialog({ kind: "delete-pipeline", pipeline: selected })}>
                  Delete pipeline
                </Button>
              </div>
            </CardHeader>
            <CardContent className="grid gap-3">
              <div className="flex items-center justify-between gap-2">
                <h3 className="font-medium">Stages</h3>
                <Button size="sm" variant="outline" onClick={() => setDialog({ kind: "stage" })} disabled={!stages.data}>
                  <Plus aria-hidden />
                  Add stage
                </Button>
              </div>
              {stages.isPending ? (
                <Skeleton className="h-48" />
              ) : stages.isError ? (
                <ErrorState title="Could not load the stages" error={stages.error} onRetry={() => void stages.refetch()} />
              ) : stages.data.stages.length === 0 ? (
                <EmptyState title="No stages yet">
                  <p>Add the stages a deal goes through, in order.</p>
                </EmptyState>
              ) : (
                <StageList
                  pipelineId={selected.id}
                  stages={stages.data.stages}
                  transitions={stages.data.transitions}
                  onEdit={(stage) => setDialog({ kind: "stage", stage })}
                  onDelete={(stage) => setDialog({ kind: "delete-stage", stage })}
                />
              )}
            </CardContent>
          </Card>
        </div>
      )}

      {dialog?.kind === "new-pipeline" && <NewPipelineDialog onClose={() => setDialog(null)} onCreated={select} />}
      {dialog?.kind === "edit-pipeline" && (
        <EditPipelineDialog pipeline={dialog.pipeline} teams={teams.data ?? []} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === "stage" && selected && stages.data && (
        <StageDialog
          pipelineId={selected.id}
          stage={dialog.stage}
          stages={stages.data.stages}
          transitions={stages.data.transitions}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "delete-pipeline" && (
        <ConfirmDialog
          title={`Delete ${dialog.pipeline.name}?`}
          description="Its stages and their rules go with it. A pipeline whose stages still hold deals cannot be deleted: move the deals first."
          confirmLabel="Delete pipeline"
          destructive
          onConfirm={async () => {
            await deletePipeline.mutateAsync(dialog.pipeline.id);
            toast.success(`${dialog.pipeline.name} was deleted`);
          }}
          onClose={() => setDialog(null)}
          errorAction={(error) => <HeldDealsLink path={heldDealsPath(error, { pipeline: dialog.pipeline.id })} />}
        />
      )}
      {dialog?.kind === "delete-stage" && (
        <ConfirmDialog
          title={`Delete the stage ${dialog.stage.name}?`}
          description="Moves into and out of it go too. A stage that still holds deals cannot be deleted: move them to another stage first."
          confirmLabel="Delete stage"
          destructive
          onConfirm={async () => {
            await deleteStage.mutateAsync(dialog.stage.id);
            toast.success(`${dialog.stage.name} was deleted`);
          }}
          onClose={() => setDialog(null)}
          errorAction={(error) => <HeldDealsLink path={heldDealsPath(error, { stage: dialog.stage.id })} />}
        />
      )}
    </div>
  );
}

/** The deals list filtered to what holds the deals, when that is why a delete was refused. */
function HeldDealsLink({ path }: { path: string | null }) {
  if (!path) return null;
  return (
    <Link to={path} className="font-medium underline underline-offset-4">
      Show these deals
    </Link>
  );
}
