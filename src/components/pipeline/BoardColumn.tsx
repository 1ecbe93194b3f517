import { useEffect, useRef } from "react";
import { useDroppable } from "@dnd-kit/core";
import { LoaderCircle } from "lucide-react";
import { DealCard, type DealCardActions } from "@/components/pipeline/DealCard";
import { Button } from "@/components/ui/button";
import { formatTotal, hasMoreCards, type BoardColumn as Column, type BoardDeal } from "@/domain/board";
import { formatNumber } from "@/lib/format";
import { cn } from "@/lib/utils";

type Props = {
  column: Column;
  /** The organisation's currency, for the totals. */
  currency: string;
  /** While a card is dragged: whether it may be dropped here (an allowed transition). */
  dropState: "idle" | "allowed" | "refused" | "origin";
  canMove: boolean;
  showOwner: boolean;
  loadingMore: boolean;
  onLoadMore: (column: Column) => void;
  actions: (deal: BoardDeal) => DealCardActions;
};

const columnHeadingId = (stageId: string) => `stage-${stageId}-heading`;

/**
 * One stage: its totals from SQL (count, amount, weighted amount over every deal the user may
 * read), then the cards loaded so far; the next page loads when the end of the list scrolls into
 * view, or from the button.
 */
export function BoardColumn({ column, currency, dropState, canMove, showOwner, loadingMore, onLoadMore, actions }: Props) {
  const { setNodeRef, isOver } = useDroppable({ id: column.stage_id, data: { type: "column", column } });
  const more = hasMoreCards(column);
  const sentinel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const node = sentinel.current;
    if (!node || !more || loadingMore || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) onLoadMore(column);
    }, { rootMargin: "200px" });
    observer.observe(node);
    return () => observer.disconnect();
  }, [column, more, loadingMore, onLoadMore]);

  const headingId = columnHeadingId(column.stage_id);
  return (
    <section
      ref={setNodeRef}
      aria-labelledby={headingId}
      data-stage-id={column.stage_id}
      className={cn(
        "flex max-h-full w-72 shrink-0 flex-col rounded-lg border bg-muted/40 transition-[box-shadow,opacity]",
        dropState === "allowed" && "ring-1 ring-primary/30",
        dropState === "allowed" && isOver && "bg-primary/5 ring-2 ring-primary",
        dropState === "refused" && "opacity-50",
        dropState === "refused" && isOver && "ring-2 ring-destructive",
      )}
    >
      <header className="grid gap-1 border-b px-3 py-2" style={{ borderTopColor: column.colour }}>
        <div className="flex items-center gap-2">
          <span aria-hidden className="size-2.5 shrink-0 rounded-full" style={{ backgroundColor: column.colour }} />
          <h2 id={headingId} className="min-w-0 flex-1 truncate text-sm font-semibold">
            {column.name}
          </h2>
          <span className="rounded-full bg-background px-2 text-xs font-medium tabular-nums" aria-label={`${column.deal_count} deals`}>
            {formatNumber(column.deal_count)}
          </span>
        </div>
        <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs">
          <dt className="text-muted-foreground">Amount</dt>
          <dd className="text-right font-medium tabular-nums" data-testid="stage-amount">
            {formatTotal(column.amount, currency)}
          </dd>
          <dt className="text-muted-foreground">Weighted</dt>
          <dd className="text-right tabular-nums" data-testid="stage-weighted">
            {formatTotal(column.weighted_amount, currency)}
          </dd>
        </dl>
        <p className="text-[11px] text-muted-foreground">
          {column.win_probability}% win
          {column.rotting_days ? ` · stale after ${column.rotting_days} days` : ""}
          {dropState === "refused" && " · not allowed from here"}
        </p>
      </header>
      <div className="grid min-h-24 flex-1 content-start gap-2 overflow-y-auto p-2">
        {column.deals.length === 0 && !more ? (
          <p className="px-1 py-6 text-center text-xs text-muted-foreground">No deals</p>
        ) : (
          <ul className="grid gap-2" aria-label={`Deals in ${column.name}`}>
            {column.deals.map((deal) => (
              <li key={deal.id}>
                <DealCard
                  deal={deal}
                  stageId={column.stage_id}
                  rottingDays={column.rotting_days}
                  showOwner={showOwner}
                  canMove={canMove}
                  actions={actions}
                />
              </li>
            ))}
          </ul>
        )}
        {more && (
          <div ref={sentinel} className="grid">
            <Button variant="ghost" size="sm" disabled={loadingMore} onClick={() => onLoadMore(column)}>
              {loadingMore && <LoaderCircle className="animate-spin" aria-hidden />}
              Load more ({formatNumber(column.deal_count - column.deals.length)} more)
            </Button>
          </div>
        )}
      </div>
    </section>
  );
}
