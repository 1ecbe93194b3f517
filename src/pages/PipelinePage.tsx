import { Link, useSearchParams } from "react-router-dom";
import { useUser } from "@/components/auth/useAuth";
import { PageHeader } from "@/components/layout/PageHeader";
import { EmptyState, ErrorState } from "@/components/layout/States";
import { PipelineBoard } from "@/components/pipeline/PipelineBoard";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { usePipelineBoard } from "@/hooks/useBoard";
import { useOrganization } from "@/hooks/useOrganization";
import { usePipelines } from "@/hooks/usePipelines";
import { useProfile } from "@/hooks/useProfile";

/** The pipeline board (PRODUCT.md CRM-7), one pipeline at a time; the chosen one is in the URL (?pipeline=). */
export default function PipelinePage() {
  const user = useUser();
  const profile = useProfile(user.id);
  const organization = useOrganization(profile.data?.org_id);
  const pipelines = usePipelines();
  const [params, setParams] = useSearchParams();
  const wanted = params.get("pipeline");
  const pipeline = pipelines.data?.find((p) => p.id === wanted) ?? pipelines.data?.[0];
  const board = usePipelineBoard(pipeline?.id);
  const role = profile.data?.role;

  const switcher = pipelines.data && pipelines.data.length > 0 && (
    <div className="flex items-center gap-2">
      <Label htmlFor="pipeline-switcher" className="text-sm text-muted-foreground">
        Pipeline
      </Label>
      <Select
        value={pipeline?.id}
        onValueChange={(id) =>
          setParams((current) => {
            const next = new URLSearchParams(current);
            next.set("pipeline", id);
            return next;
          })
        }
      >
        <SelectTrigger id="pipeline-switcher" className="w-56">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {pipelines.data.map((p) => (
            <SelectItem key={p.id} value={p.id}>
              {p.name}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );

  return (
    // minmax(0, 1fr): the board scrolls sideways inside the page instead of widening it.
    <div className="grid grid-cols-[minmax(0,1fr)] gap-4">
      <PageHeader
        title="Pipeline"
        description="Drag a deal to another stage, or use its handle with Space and the arrow keys. Totals cover every deal you can see."
        actions={switcher}
      />
      {pipelines.isPending || (pipeline && board.isPending) ? (
        <div className="flex gap-3 overflow-hidden" aria-busy="true" aria-label="Loading the board">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-96 w-72 shrink-0" />
          ))}
        </div>
      ) : pipelines.isError ? (
        <ErrorState title="Could not load the pipelines" error={pipelines.error} onRetry={() => void pipelines.refetch()} />
      ) : !pipeline ? (
        <EmptyState title="No pipeline yet">
          {role === "admin" ? (
            <>
              <p>Create one from the Default or PEAK template to start the board.</p>
              <Button asChild size="sm">
                <Link to="/settings/pipelines">Set up pipelines</Link>
              </Button>
            </>
          ) : (
            <p>An administrator sets up the pipelines your team works in.</p>
          )}
        </EmptyState>
      ) : board.isError ? (
        <ErrorState title="Could not load the board" error={board.error} onRetry={() => void board.refetch()} />
      ) : board.data && board.data.columns.length === 0 ? (
        <EmptyState title="This pipeline has no stages">
          <p>{role === "admin" ? "Add stages in Settings → Pipelines." : "An administrator adds its stages."}</p>
        </EmptyState>
      ) : (
        board.data && (
          <PipelineBoard
            key={pipeline.id}
            pipelineId={pipeline.id}
            board={board.data}
            currency={organization.data?.currency ?? "USD"}
            canMove={!!role && role !== "executive"}
            showOwner={!!role && role !== "rep"}
          />
        )
      )}
    </div>
  );
}
