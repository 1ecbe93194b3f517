import { memo, type CSSProperties, type KeyboardEventHandler, type PointerEventHandler } from "react";
import { useDraggable } from "@dnd-kit/core";
import { AlarmClock, GripVertical, MoreHorizontal } from "lucide-react";
import { Link } from "react-router-dom";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { formatTotal, staleReason, type BoardDeal } from "@/domain/board";
import { formatDate } from "@/lib/format";
import { cn } from "@/lib/utils";

export type DealCardActions = {
  onLogActivity: (deal: BoardDeal) => void;
  /** Present when the deal may move to the pipeline's won (lost) stage from where it is. */
  onMarkWon?: (deal: BoardDeal) => void;
  onMarkLost?: (deal: BoardDeal) => void;
};

type Props = {
  deal: BoardDeal;
  stageId: string;
  rottingDays: number | null;
  /** Show whose deal it is (managers and admins see other people's deals). */
  showOwner: boolean;
  canMove: boolean;
  actions: (deal: BoardDeal) => DealCardActions;
};

/** The body of a card, shared by the card on the board and the one that follows the pointer. */
export function DealCardBody({ deal, rottingDays, showOwner }: Pick<Props, "deal" | "rottingDays" | "showOwner">) {
  const stale = staleReason(deal, rottingDays);
  return (
    <>
      <div className="flex flex-wrap items-baseline justify-between gap-x-2 text-sm">
        <span className="font-semibold tabular-nums">{deal.amount === null ? "No amount" : formatTotal(deal.amount, deal.currency)}</span>
        <span className="text-xs text-muted-foreground">
          <span className="sr-only">Expected close </span>
          {formatDate(deal.expected_close_date)}
        </span>
      </div>
      {(deal.account_name || showOwner) && (
        <p className="truncate text-xs text-muted-foreground">
          {[deal.account_name, showOwner ? deal.owner_name : null].filter(Boolean).join(" · ")}
        </p>
      )}
      {stale && (
        <p className="flex items-start gap-1 text-xs font-medium text-amber-700 dark:text-amber-400">
          <AlarmClock aria-hidden className="mt-px size-3.5 shrink-0" />
          <span>
            <span className="sr-only">Stale: </span>
            {stale}
          </span>
        </p>
      )}
    </>
  );
}

/**
 * A deal on the board. The grip is the drag handle for the keyboard (Space, arrows, Space) and
 * screen readers; with a pointer the whole card drags (after 5 px, so clicks still click).
 */
export const DealCard = memo(function DealCard({ deal, stageId, rottingDays, showOwner, canMove, actions }: Props) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({
    id: deal.id,
    data: { type: "deal", deal, fromStageId: stageId },
    disabled: !canMove,
  });
  const stale = !!staleReason(deal, rottingDays);
  const { onLogActivity, onMarkWon, onMarkLost } = actions(deal);
  const style: CSSProperties = { touchAction: canMove ? "manipulation" : undefined };

  return (
    <article
      ref={setNodeRef}
      aria-label={deal.name}
      data-stale={stale || undefined}
      style={style}
      onPointerDown={listeners?.onPointerDown as PointerEventHandler | undefined}
      className={cn(
        "group grid gap-1.5 rounded-lg border bg-card p-2.5 text-card-foreground shadow-sm transition-opacity",
        stale && "border-l-4 border-l-amber-500",
        isDragging && "opacity-40",
        canMove && "cursor-grab active:cursor-grabbing",
      )}
    >
      <div className="flex items-start gap-1">
        {canMove && (
          <button
            type="button"
            ref={setActivatorNodeRef}
            {...attributes}
            onKeyDown={listeners?.onKeyDown as KeyboardEventHandler | undefined}
            aria-label={`Move ${deal.name}`}
            className="-ml-1 mt-0.5 shrink-0 cursor-grab rounded text-muted-foreground hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
          >
            <GripVertical aria-hidden className="size-4" />
          </button>
        )}
        <Link
          to={`/deals/${deal.id}`}
          className="min-w-0 flex-1 break-words text-sm font-medium leading-snug underline-offset-2 hover:underline"
          draggable={false}
        >
          {deal.name}
        </Link>
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="ghost" size="icon" className="-mr-1 -mt-1 size-7 shrink-0" aria-label={`Actions for ${deal.name}`}>
              <MoreHorizontal aria-hidden />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end">
            <DropdownMenuItem asChild>
              <Link to={`/deals/${deal.id}`}>Open deal</Link>
            </DropdownMenuItem>
            <DropdownMenuItem onSelect={() => onLogActivity(deal)}>Log activity</DropdownMenuItem>
            {(onMarkWon || onMarkLost) && <DropdownMenuSeparator />}
            {onMarkWon && <DropdownMenuItem onSelect={() => onMarkWon(deal)}>Mark as won</DropdownMenuItem>}
            {onMarkLost && (
              <DropdownMenuItem variant="destructive" onSelect={() => onMarkLost(deal)}>
                Mark as lost
              </DropdownMenuItem>
            )}
          </DropdownMenuContent>
        </DropdownMenu>
      </div>
      <DealCardBody deal={deal} rottingDays={rottingDays} showOwner={showOwner} />
    </article>
  );
});
