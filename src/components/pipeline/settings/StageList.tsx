import type { KeyboardEventHandler, PointerEventHandler, ReactNode } from "react";
import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
} from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { ArrowDown, ArrowUp, GripVertical, Pencil, Trash2 } from "lucide-react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { moveItem } from "@/domain/pipelines";
import { useDealFieldLabels } from "@/hooks/useBoard";
import { useReorderStages, type PipelineStage } from "@/hooks/usePipelines";
import { cn } from "@/lib/utils";

type Props = {
  pipelineId: string;
  stages: readonly PipelineStage[];
  transitions: readonly { from_stage_id: string; to_stage_id: string }[];
  onEdit: (stage: PipelineStage) => void;
  onDelete: (stage: PipelineStage) => void;
};

/** A pipeline's stages in board order; reorder by dragging the grip (also by keyboard) or with the arrows. */
export function StageList({ pipelineId, stages, transitions, onEdit, onDelete }: Props) {
  const reorder = useReorderStages(pipelineId);
  const labels = useDealFieldLabels();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  function move(from: number, to: number) {
    if (to < 0 || to >= stages.length || from === to) return;
    const stage = stages[from];
    reorder.mutate(moveItem(stages, from, to), {
      onSuccess: () => toast.success(`${stage?.name} is now stage ${to + 1} of ${stages.length}`),
      onError: (error) => toast.error(error.message),
    });
  }

  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over) return;
    move(
      stages.findIndex((stage) => stage.id === active.id),
      stages.findIndex((stage) => stage.id === over.id),
    );
  }

  const name = (id: string) => stages.find((stage) => stage.id === id)?.name ?? "a removed stage";
  const label = (key: string) => labels.data?.find((field) => field.key === key)?.label ?? key;

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{
        screenReaderInstructions: {
          draggable: "To reorder, press Space or Enter to pick the stage up, the up and down arrow keys to move it, and Space or Enter to drop it.",
        },
        announcements: {
          onDragStart: ({ active }) => `Picked up stage ${name(String(active.id))}.`,
          onDragOver: ({ active, over }) =>
            over ? `Stage ${name(String(active.id))} is at position ${stages.findIndex((s) => s.id === over.id) + 1}.` : undefined,
          onDragEnd: ({ active, over }) =>
            over ? `Stage ${name(String(active.id))} dropped at position ${stages.findIndex((s) => s.id === over.id) + 1}.` : undefined,
          onDragCancel: ({ active }) => `Reordering ${name(String(active.id))} was cancelled.`,
        },
      }}
    >
      <SortableContext items={stages.map((stage) => stage.id)} strategy={verticalListSortingStrategy}>
        <ol className="grid gap-2" aria-label="Stages in board order">
          {stages.map((stage, index) => {
            const outgoing = transitions.filter((transition) => transition.from_stage_id === stage.id);
            return (
              <StageRow key={stage.id} stage={stage} disabled={reorder.isPending}>
                <div className="grid min-w-0 flex-1 gap-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <span aria-hidden className="size-3 shrink-0 rounded-full" style={{ backgroundColor: stage.colour }} />
                    <span className="font-medium">{stage.name}</span>
                    <Badge variant="outline">{stage.win_probability}%</Badge>
                    {stage.is_won && <Badge variant="secondary">Won</Badge>}
                    {stage.is_lost && <Badge variant="destructive">Lost</Badge>}
                  </div>
                  <p className="text-xs text-muted-foreground">
                    {stage.rotting_days ? `Stale after ${stage.rotting_days} days` : "Never stale"}
                    {" · "}
                    {stage.exit_criteria.length ? `Needs ${stage.exit_criteria.map(label).join(", ")} to leave` : "No exit criteria"}
                    {" · "}
                    {outgoing.length ? `Moves to ${outgoing.map((t) => name(t.to_stage_id)).join(", ")}` : "Moves to any stage"}
                  </p>
                </div>
                <div className="flex shrink-0 items-center">
                  <Button
                    variant="ghost"
                    size="icon"
                    className="size-8"
                    aria-label={`Move ${stage.name} up`}
                    disabled={index === 0 || reorder.isPending}
                    onClick={() => move(index, index - 1)}
                  >
                    <ArrowUp aria-hidden />
                  </Button>
                  <Button
                    variant="ghost"
                    size="icon"
                    className="size-8"
                    aria-label={`Move ${stage.name} down`}
                    disabled={index === stages.length - 1 || reorder.isPending}
                    onClick={() => move(index, index + 1)}
                  >
                    <ArrowDown aria-hidden />
                  </Button>
                  <Button variant="ghost" size="icon" className="size-8" aria-label={`Edit ${stage.name}`} onClick={() => onEdit(stage)}>
                    <Pencil aria-hidden />
                  </Button>
                  <Button
                    variant="ghost"
                    size="icon"
                    className="size-8 text-destructive hover:text-destructive"
                    aria-label={`Delete ${stage.name}`}
                    onClick={() => onDelete(stage)}
                  >
                    <Trash2 aria-hidden />
                  </Button>
                </div>
              </StageRow>
            );
          })}
        </ol>
      </SortableContext>
    </DndContext>
  );
}

function StageRow({ stage, disabled, children }: { stage: PipelineStage; disabled: boolean; children: ReactNode }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: stage.id,
    disabled,
  });
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={cn("flex items-center gap-2 rounded-md border bg-card p-2 pl-1", isDragging && "relative z-10 shadow-lg")}
    >
      <button
        type="button"
        ref={setActivatorNodeRef}
        {...attributes}
        onPointerDown={listeners?.onPointerDown as PointerEventHandler | undefined}
        onKeyDown={listeners?.onKeyDown as KeyboardEventHandler | undefined}
        aria-label={`Reorder ${stage.name}`}
        className="cursor-grab rounded p-1 text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
      >
        <GripVertical aria-hidden className="size-4" />
      </button>
      {children}
    </li>
  );
}
