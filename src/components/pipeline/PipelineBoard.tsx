import { useCallback, useMemo, useState } from "react";
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type Active,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import { toast } from "sonner";
import { LogActivityDialog } from "@/components/activities/LogActivityDialog";
import { BoardColumn } from "@/components/pipeline/BoardColumn";
import { DealCardBody, type DealCardActions } from "@/components/pipeline/DealCard";
import { boardKeyboardCoordinates } from "@/components/pipeline/keyboardCoordinates";
import { MissingFieldsDialog } from "@/components/pipeline/MissingFieldsDialog";
import { allowedTargets, weightedAmount, type BoardDeal, type BoardMove, type MoveRefusal } from "@/domain/board";
import { useLoadMoreCards, useMoveDeal, useSaveDealFields, type BoardData, type DealFieldValues } from "@/hooks/useBoard";

type Props = {
  pipelineId: string;
  board: BoardData;
  /** The organisation's currency, for the column totals. */
  currency: string;
  /** Executives read the board but change nothing. */
  canMove: boolean;
  /** Managers, executives and admins see other people's deals: name the owner on each card. */
  showOwner: boolean;
};

type DragData = { type: "deal"; deal: BoardDeal; fromStageId: string };

const dragData = (active: Active | null) => (active?.data.current ?? null) as DragData | null;

/** The pointer decides where a card lands; the keyboard (no pointer) by the card's rectangle. */
const collisionDetection: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length ? hits : rectIntersection(args);
};

const INSTRUCTIONS =
  "To move a deal to another stage, press Space or Enter on its move handle to pick it up, the left and right arrow keys " +
  "to choose the stage, and Space or Enter to drop it. Escape cancels.";

/**
 * The kanban board of one pipeline (PRODUCT.md CRM-7): drag a card, or move it by keyboard, to
 * another stage. The card moves at once; move_deal_stage decides. A refusal puts it back and says
 * why: the fields the stage needs (asked for here, then moved again), a transition that is not
 * allowed, or a deal that changed since the board was read.
 */
export function PipelineBoard({ pipelineId, board, currency, canMove, showOwner }: Props) {
  const [dragging, setDragging] = useState<DragData | null>(null);
  const [missing, setMissing] = useState<{ move: BoardMove; fields: string[] } | null>(null);
  const [logging, setLogging] = useState<BoardDeal | null>(null);
  const [status, setStatus] = useState("");

  const stageIds = useMemo(() => board.columns.map((column) => column.stage_id), [board.columns]);
  const stageName = useCallback(
    (id: UniqueIdentifier | undefined) => board.columns.find((column) => column.stage_id === id)?.name ?? "another stage",
    [board.columns],
  );
  const targets = useCallback(
    (fromStageId: string) => allowedTargets(fromStageId, stageIds, board.transitions),
    [stageIds, board.transitions],
  );

  const onRefused = (move: BoardMove, refusal: MoveRefusal) => {
    const from = stageName(move.fromStageId);
    setStatus(`${move.deal.name} was not moved: ${refusal.message}`);
    if (refusal.kind === "missing_fields") {
      toast.error(refusal.message, { description: `${move.deal.name} stays in ${from} until they are filled.` });
      setMissing({ move, fields: refusal.fields });
    } else if (refusal.kind === "conflict") {
      toast.error(`${move.deal.name} changed since the board was loaded, so it was not moved.`, {
        description: "The board now shows the latest version: try the move again.",
      });
    } else {
      toast.error(refusal.message, { description: `${move.deal.name} stays in ${from}.` });
    }
  };
  const move = useMoveDeal(pipelineId, {
    onMoved: (done) => setStatus(`${done.deal.name} moved to ${stageName(done.toStageId)}.`),
    onRefused,
  });
  const saveFields = useSaveDealFields();
  const loadMore = useLoadMoreCards(pipelineId);
  const loadMoreMutate = loadMore.mutate;
  const onLoadMore = useCallback((column: Parameters<typeof loadMoreMutate>[0]) => loadMoreMutate(column), [loadMoreMutate]);

  const moveMutate = move.mutate;
  const requestMove = useCallback(
    (deal: BoardDeal, fromStageId: string, toStageId: string) => {
      if (fromStageId === toStageId) return;
      if (!targets(fromStageId).has(toStageId)) {
        const message = `A deal in "${stageName(fromStageId)}" cannot move to "${stageName(toStageId)}"`;
        toast.error(message);
        setStatus(`${deal.name} was not moved: ${message}`);
        return;
      }
      moveMutate({ deal, fromStageId, toStageId });
    },
    [moveMutate, stageName, targets],
  );

  const wonStage = board.columns.find((column) => column.is_won);
  const lostStage = board.columns.find((column) => column.is_lost);
  const actions = useCallback(
    (deal: BoardDeal): DealCardActions => {
      const allowed = canMove ? targets(deal.stage_id) : new Set<string>();
      return {
        onLogActivity: setLogging,
        onMarkWon: wonStage && allowed.has(wonStage.stage_id) ? () => requestMove(deal, deal.stage_id, wonStage.stage_id) : undefined,
        onMarkLost: lostStage && allowed.has(lostStage.stage_id) ? () => requestMove(deal, deal.stage_id, lostStage.stage_id) : undefined,
      };
    },
    [canMove, targets, wonStage, lostStage, requestMove],
  );

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: boardKeyboardCoordinates }),
  );

  function onDragStart({ active }: DragStartEvent) {
    setDragging(dragData(active));
  }

  function onDragEnd({ active, over }: DragEndEvent) {
    setDragging(null);
    const data = dragData(active);
    if (!data || !over) return;
    requestMove(data.deal, data.fromStageId, String(over.id));
  }

  async function fillAndMove(values: DealFieldValues) {
    if (!missing) return;
    const { deal, fromStageId, toStageId } = missing.move;
    const version = await saveFields.mutateAsync({ deal, values });
    const amount = typeof values.amount === "number" ? values.amount : deal.amount;
    setMissing(null);
    requestMove({ ...deal, version, amount, weighted_amount: weightedAmount(amount, deal.probability) }, fromStageId, toStageId);
  }

  const allowedWhileDragging = dragging ? targets(dragging.fromStageId) : null;
  return (
    <>
      <DndContext
        sensors={sensors}
        collisionDetection={collisionDetection}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDragging(null)}
        accessibility={{
          screenReaderInstructions: { draggable: INSTRUCTIONS },
          announcements: {
            onDragStart: ({ active }) => {
              const data = dragData(active);
              return data ? `Picked up ${data.deal.name} in ${stageName(data.fromStageId)}.` : undefined;
            },
            onDragOver: ({ active, over }) => {
              const data = dragData(active);
              if (!data) return undefined;
              if (!over) return `${data.deal.name} is not over a stage.`;
              if (over.id === data.fromStageId) return `${data.deal.name} is over ${stageName(over.id)}, where it is now.`;
              const allowed = targets(data.fromStageId).has(String(over.id));
              return `${data.deal.name} is over ${stageName(over.id)}${allowed ? "" : ", which it may not move to from here"}.`;
            },
            onDragEnd: ({ active, over }) => {
              const data = dragData(active);
              if (!data) return undefined;
              if (!over || over.id === data.fromStageId) return `${data.deal.name} stays in ${stageName(data.fromStageId)}.`;
              return `${data.deal.name} dropped in ${stageName(over.id)}. Saving.`;
            },
            onDragCancel: ({ active }) => {
              const data = dragData(active);
              return data ? `Moving ${data.deal.name} was cancelled. It stays in ${stageName(data.fromStageId)}.` : undefined;
            },
          },
        }}
      >
        <div className="flex h-[calc(100dvh-13rem)] min-h-96 gap-3 overflow-x-auto pb-2" role="group" aria-label="Pipeline stages">
          {board.columns.map((column) => (
            <BoardColumn
              key={column.stage_id}
              column={column}
              currency={currency}
              dropState={
                !allowedWhileDragging
                  ? "idle"
                  : dragging?.fromStageId === column.stage_id
                    ? "origin"
                    : allowedWhileDragging.has(column.stage_id)
                      ? "allowed"
                      : "refused"
              }
              canMove={canMove}
              showOwner={showOwner}
              loadingMore={loadMore.isPending && loadMore.variables?.stage_id === column.stage_id}
              onLoadMore={onLoadMore}
              actions={actions}
            />
          ))}
        </div>
        <DragOverlay dropAnimation={null}>
          {dragging && (
            <div className="grid w-72 cursor-grabbing gap-1.5 rounded-lg border bg-card p-2.5 shadow-lg">
              <p className="text-sm font-medium">{dragging.deal.name}</p>
              <DealCardBody
                deal={dragging.deal}
                rottingDays={board.columns.find((column) => column.stage_id === dragging.fromStageId)?.rotting_days ?? null}
                showOwner={showOwner}
              />
            </div>
          )}
        </DragOverlay>
      </DndContext>

      <p role="status" className="sr-only">
        {status}
      </p>

      {missing && (
        <MissingFieldsDialog
          deal={missing.move.deal}
          stageName={stageName(missing.move.toStageId)}
          fields={missing.fields}
          onSubmit={fillAndMove}
          onClose={() => setMissing(null)}
        />
      )}
      {logging && (
        <LogActivityDialog subject={{ type: "deal", id: logging.id }} subjectName={logging.name} onClose={() => setLogging(null)} />
      )}
    </>
  );
}
