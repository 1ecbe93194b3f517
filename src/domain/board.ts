/**
 * The pipeline board's client-side state (PRODUCT.md CRM-7): columns as public.pipeline_board
 * returns them (totals computed in SQL over every deal the caller may read, plus the first cards),
 * the pages of cards loaded since, and the optimistic moves made while the database decides.
 *
 * Totals never come from summing cards: a move adjusts them by the one deal it moves, and the
 * board is read again from SQL as soon as the database has answered.
 */
import type { Database } from "@/types/database";

export type BoardDeal = Pick<
  Database["public"]["Views"]["deal_list"]["Row"],
  | "id"
  | "name"
  | "owner_id"
  | "owner_name"
  | "account_id"
  | "account_name"
  | "pipeline_id"
  | "stage_id"
  | "status"
  | "amount"
  | "currency"
  | "probability"
  | "weighted_amount"
  | "expected_close_date"
  | "stage_entered_at"
  | "days_in_stage"
  | "is_stale"
  | "version"
>;

export type BoardColumn = {
  stage_id: string;
  name: string;
  colour: string;
  position: number;
  win_probability: number;
  rotting_days: number | null;
  is_won: boolean;
  is_lost: boolean;
  /** Over every deal of the stage the caller may read (SQL). */
  deal_count: number;
  amount: number;
  weighted_amount: number;
  /** The cards loaded so far, in close-date order. */
  deals: BoardDeal[];
};

export type Board = { columns: BoardColumn[] };

/** A move in flight: the card as it was, where it was, and where it is going. */
export type BoardMove = { deal: BoardDeal; fromStageId: string; toStageId: string };

const cents = (value: number) => Math.round(value * 100) / 100;

/** The weighted amount public.deal_list computes: round(amount * probability / 100, 2). */
export function weightedAmount(amount: number | null, probability: number) {
  return amount === null ? null : cents((amount * probability) / 100);
}

/** Close date, then id: the order of public.pipeline_stage_deals and its keyset cursor. */
export function compareCards(a: Pick<BoardDeal, "expected_close_date" | "id">, b: Pick<BoardDeal, "expected_close_date" | "id">) {
  if (a.expected_close_date !== b.expected_close_date) return a.expected_close_date < b.expected_close_date ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function hasMoreCards(column: Pick<BoardColumn, "deals" | "deal_count">) {
  return column.deals.length < column.deal_count;
}

/** Where the next page of a column starts (pipeline_stage_deals' after_close_date and after_id). */
export function nextPageCursor(column: BoardColumn) {
  const last = column.deals.at(-1);
  return last ? { after_close_date: last.expected_close_date, after_id: last.id } : null;
}

export function findDeal(board: Board, dealId: string): { deal: BoardDeal; column: BoardColumn } | null {
  for (const column of board.columns) {
    const deal = column.deals.find((card) => card.id === dealId);
    if (deal) return { deal, column };
  }
  return null;
}

/**
 * Puts a card into a column's loaded cards in order. A column not loaded to its end only takes
 * the card when it sorts before its last loaded one: otherwise it belongs to a page not read yet,
 * and the next page will bring it (keyset paging would show it twice).
 */
function insertCard(column: BoardColumn, deal: BoardDeal, { wasShown = false } = {}): BoardDeal[] {
  const deals = column.deals.filter((card) => card.id !== deal.id);
  const last = deals.at(-1);
  const complete = deals.length >= column.deal_count;
  // A card going back where it was shown keeps the loaded cards contiguous, wherever it sorts.
  if (!wasShown && !complete && last && compareCards(deal, last) > 0) return deals;
  const index = deals.findIndex((card) => compareCards(deal, card) < 0);
  return index === -1 ? [...deals, deal] : [...deals.slice(0, index), deal, ...deals.slice(index)];
}

function withoutCard(column: BoardColumn, dealId: string) {
  return column.deals.filter((card) => card.id !== dealId);
}

/** The card as it will be in its new stage: the stage's probability and status, a fresh clock. */
export function cardInStage(deal: BoardDeal, column: BoardColumn, now: Date = new Date()): BoardDeal {
  return {
    ...deal,
    stage_id: column.stage_id,
    probability: column.win_probability,
    weighted_amount: weightedAmount(deal.amount, column.win_probability),
    status: column.is_won ? "won" : column.is_lost ? "lost" : "open",
    stage_entered_at: now.toISOString(),
    days_in_stage: 0,
    is_stale: false,
  };
}

/** Moves `move.deal` from its column to another and shifts both columns' totals by that one deal. */
export function applyMove(board: Board, move: BoardMove, now: Date = new Date()): Board {
  const target = board.columns.find((column) => column.stage_id === move.toStageId);
  if (!target || move.fromStageId === move.toStageId) return board;
  const moved = cardInStage(move.deal, target, now);
  const amount = move.deal.amount ?? 0;
  return {
    ...board,
    columns: board.columns.map((column) => {
      if (column.stage_id === move.fromStageId) {
        return {
          ...column,
          deals: withoutCard(column, move.deal.id),
          deal_count: Math.max(0, column.deal_count - 1),
          amount: cents(column.amount - amount),
          weighted_amount: cents(column.weighted_amount - (move.deal.weighted_amount ?? 0)),
        };
      }
      if (column.stage_id === move.toStageId) {
        return {
          ...column,
          deal_count: column.deal_count + 1,
          deals: insertCard(column, moved),
          amount: cents(column.amount + amount),
          weighted_amount: cents(column.weighted_amount + (moved.weighted_amount ?? 0)),
        };
      }
      return column;
    }),
  };
}

/**
 * Undoes `applyMove` when the database refused: the card goes back as it was and the totals back
 * to what they were, while any other move made meanwhile stays.
 */
export function revertMove(board: Board, move: BoardMove): Board {
  const target = board.columns.find((column) => column.stage_id === move.toStageId);
  if (!target || move.fromStageId === move.toStageId) return board;
  const weightedThere = weightedAmount(move.deal.amount, target.win_probability) ?? 0;
  const amount = move.deal.amount ?? 0;
  return {
    ...board,
    columns: board.columns.map((column) => {
      if (column.stage_id === move.toStageId) {
        return {
          ...column,
          deals: withoutCard(column, move.deal.id),
          deal_count: Math.max(0, column.deal_count - 1),
          amount: cents(column.amount - amount),
          weighted_amount: cents(column.weighted_amount - weightedThere),
        };
      }
      if (column.stage_id === move.fromStageId) {
        return {
          ...column,
          deal_count: column.deal_count + 1,
          deals: insertCard(column, move.deal, { wasShown: true }),
          amount: cents(column.amount + amount),
          weighted_amount: cents(column.weighted_amount + (move.deal.weighted_amount ?? 0)),
        };
      }
      return column;
    }),
  };
}

/** Takes the database's word for the moved card (version, probability, status, time entered). */
export function confirmMove(board: Board, saved: Partial<BoardDeal> & Pick<BoardDeal, "id" | "stage_id">): Board {
  return {
    ...board,
    columns: board.columns.map((column) =>
      column.stage_id !== saved.stage_id
        ? column
        : {
            ...column,
            deals: column.deals.map((card) =>
              card.id !== saved.id
                ? card
                : {
                    ...card,
                    ...pickDefined(saved),
                    weighted_amount: weightedAmount(saved.amount ?? card.amount, saved.probability ?? card.probability),
                  },
            ),
          },
    ),
  };
}

function pickDefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Adds the next page of a column's cards, skipping any it already shows. */
export function appendCards(board: Board, stageId: string, page: readonly BoardDeal[]): Board {
  return {
    ...board,
    columns: board.columns.map((column) => {
      if (column.stage_id !== stageId) return column;
      const shown = new Set(column.deals.map((card) => card.id));
      return { ...column, deals: [...column.deals, ...page.filter((card) => !shown.has(card.id))] };
    }),
  };
}

/** Why a card is marked stale, in words: "In stage 45 days, no activity scheduled". */
export function staleReason(deal: Pick<BoardDeal, "is_stale" | "days_in_stage">, rottingDays?: number | null) {
  if (!deal.is_stale) return null;
  const days = deal.days_in_stage ?? 0;
  const limit = rottingDays ? ` (limit ${rottingDays})` : "";
  return `In stage ${days} ${days === 1 ? "day" : "days"}${limit}, no activity scheduled`;
}

/** The stages a deal may move to from `fromStageId`: every other one unless transitions are listed. */
export function allowedTargets(
  fromStageId: string,
  stageIds: readonly string[],
  transitions: readonly { from_stage_id: string; to_stage_id: string }[],
): Set<string> {
  const listed = transitions.filter((transition) => transition.from_stage_id === fromStageId);
  if (listed.length === 0) return new Set(stageIds.filter((id) => id !== fromStageId));
  return new Set(listed.map((transition) => transition.to_stage_id));
}

/** What the database said when it refused a move (hints listed in the stage-moves migration). */
export type MoveRefusal =
  | { kind: "missing_fields"; fields: string[]; message: string }
  | { kind: "transition_not_allowed"; allowed: string[]; message: string }
  | { kind: "conflict"; message: string }
  | { kind: "not_found"; message: string }
  | { kind: "forbidden"; message: string }
  | { kind: "other"; message: string };

type PostgrestLike = { code?: string; message?: string; details?: string | null; hint?: string | null };

function parseList(details: string | null | undefined): string[] {
  try {
    const parsed: unknown = JSON.parse(details ?? "[]");
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === "string") : [];
  } catch {
    return [];
  }
}

export function classifyMoveError(error: unknown): MoveRefusal {
  const failure = (error ?? {}) as PostgrestLike;
  const message = failure.message || (error instanceof Error ? error.message : "The deal could not be moved.");
  if (failure.hint === "missing_fields") return { kind: "missing_fields", fields: parseList(failure.details), message };
  if (failure.hint === "transition_not_allowed") return { kind: "transition_not_allowed", allowed: parseList(failure.details), message };
  if (failure.hint === "stale_version" || failure.code === "PT409") return { kind: "conflict", message };
  if (failure.hint === "not_found" || failure.code === "P0002") return { kind: "not_found", message };
  if (failure.code === "42501") return { kind: "forbidden", message };
  return { kind: "other", message };
}

/** The row public.pipeline_board returns for a stage, made a column (its `deals` is JSON). */
export function toBoardColumn(row: Omit<BoardColumn, "deals" | "rotting_days"> & { rotting_days: number | null; deals: unknown }): BoardColumn {
  return {
    stage_id: row.stage_id,
    name: row.name,
    colour: row.colour,
    position: row.position,
    win_probability: row.win_probability,
    rotting_days: row.rotting_days,
    is_won: row.is_won,
    is_lost: row.is_lost,
    deal_count: Number(row.deal_count),
    amount: Number(row.amount),
    weighted_amount: Number(row.weighted_amount),
    deals: Array.isArray(row.deals) ? (row.deals as BoardDeal[]) : [],
  };
}

const totalFormats = new Map<string, Intl.NumberFormat>();

/**
 * Money on the board and the dashboard: whole units ("$2,643,000"), and compact from a billion
 * up ("$1.2B") so a column header stays one line. Cents never matter at this zoom level; the exact
 * amount is on the deal.
 */
export function formatTotal(amount: number | string | null | undefined, currency: string) {
  const value = typeof amount === "string" ? Number(amount) : amount;
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const compact = Math.abs(value) >= 1_000_000_000;
  const key = `${currency}:${compact}`;
  let format = totalFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat("en-US", {
      style: "currency",
      currency,
      ...(compact ? { notation: "compact", maximumFractionDigits: 1 } : { maximumFractionDigits: 0, minimumFractionDigits: 0 }),
    });
    totalFormats.set(key, format);
  }
  return format.format(value);
}
