import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  appendCards,
  applyMove,
  classifyMoveError,
  confirmMove,
  nextPageCursor,
  revertMove,
  toBoardColumn,
  type Board,
  type BoardColumn,
  type BoardDeal,
  type BoardMove,
  type MoveRefusal,
} from "@/domain/board";
import { queryKeys } from "@/lib/queryKeys";
import { dbError } from "@/lib/dbError";
import { supabase } from "@/lib/supabase";
import type { Database } from "@/types/database";

/** Cards per column on first load and per "Load more"; pipeline_stage_deals allows at most 200. */
export const BOARD_PAGE_SIZE = 50;
const MAX_PAGE = 200;

export type Transition = { from_stage_id: string; to_stage_id: string };
export type BoardData = Board & { transitions: Transition[] };

async function fetchBoard(pipelineId: string, perStage: number): Promise<BoardData> {
  const [board, transitions] = await Promise.all([
    supabase.rpc("pipeline_board", { pipeline_id: pipelineId, per_stage_limit: perStage }),
    supabase.from("pipeline_stage_transitions").select("from_stage_id, to_stage_id").eq("pipeline_id", pipelineId),
  ]);
  if (board.error) throw dbError(board.error);
  if (transitions.error) throw dbError(transitions.error);
  return { columns: board.data.map(toBoardColumn), transitions: transitions.data };
}

/**
 * One pipeline's board: per stage its totals (SQL, over every deal the caller may read) and its
 * first cards. A refetch reads as many cards per column as are already shown (up to 200), so
 * the board does not jump back to the first page after a move.
 */
export function usePipelineBoard(pipelineId: string | undefined) {
  const queryClient = useQueryClient();
  const key = queryKeys.board.pipeline(pipelineId ?? "");
  return useQuery({
    queryKey: key,
    queryFn: () => {
      const shown = queryClient.getQueryData<BoardData>(key)?.columns.reduce((most, column) => Math.max(most, column.deals.length), 0) ?? 0;
      return fetchBoard(pipelineId ?? "", Math.min(MAX_PAGE, Math.max(BOARD_PAGE_SIZE, shown)));
    },
    enabled: !!pipelineId,
  });
}

/** The next page of one column, appended to the board's cards. */
export function useLoadMoreCards(pipelineId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (column: BoardColumn) => {
      const cursor = nextPageCursor(column);
      const { data, error } = await supabase.rpc("pipeline_stage_deals", {
        stage_id: column.stage_id,
        page_size: BOARD_PAGE_SIZE,
        ...(cursor ?? {}),
      });
      if (error) throw dbError(error);
      return data as BoardDeal[];
    },
    onSuccess: (page, column) => {
      queryClient.setQueryData<BoardData>(queryKeys.board.pipeline(pipelineId), (board) =>
        board ? { ...board, ...appendCards(board, column.stage_id, page) } : board,
      );
      // A short page while the count promised more: deals moved meanwhile, so read the totals again
      // (otherwise "Load more" would stay, and scrolling would ask for the same empty page forever).
      const now = queryClient.getQueryData<BoardData>(queryKeys.board.pipeline(pipelineId))?.columns.find((c) => c.stage_id === column.stage_id);
      if (page.length < BOARD_PAGE_SIZE && now && now.deals.length < now.deal_count) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.board.pipeline(pipelineId) });
      }
    },
  });
}

const moveKey = (pipelineId: string) => ["moveDeal", pipelineId] as const;

/**
 * Drag and drop: the card moves at once (optimistic), move_deal_stage decides, and a refusal puts
 * the card back (revertMove keeps any other move made meanwhile). The board is read again from
 * SQL once no other move is in flight, so the totals are the database's.
 */
export function useMoveDeal(
  pipelineId: string,
  handlers: {
    /** After the database moved the deal. */
    onMoved?: (move: BoardMove) => void;
    /** After a refusal, once the card is back where it was. Called for every move, not only the last. */
    onRefused?: (move: BoardMove, refusal: MoveRefusal) => void;
  } = {},
) {
  const queryClient = useQueryClient();
  const boardKey = queryKeys.board.pipeline(pipelineId);
  return useMutation({
    mutationKey: moveKey(pipelineId),
    mutationFn: async (move: BoardMove) => {
      const { data, error } = await supabase.rpc("move_deal_stage", {
        deal_id: move.deal.id,
        to_stage_id: move.toStageId,
        expected_version: move.deal.version,
      });
      if (error) throw dbError(error);
      return data;
    },
    onMutate: async (move) => {
      await queryClient.cancelQueries({ queryKey: boardKey });
      queryClient.setQueryData<BoardData>(boardKey, (board) => (board ? { ...board, ...applyMove(board, move) } : board));
    },
    onError: (error, move) => {
      queryClient.setQueryData<BoardData>(boardKey, (board) => (board ? { ...board, ...revertMove(board, move) } : board));
      handlers.onRefused?.(move, classifyMoveError(error));
    },
    onSuccess: (saved, move) => {
      queryClient.setQueryData<BoardData>(boardKey, (board) => (board ? { ...board, ...confirmMove(board, saved) } : board));
      handlers.onMoved?.(move);
    },
    onSettled: () => {
      // This move still counts as in flight here: refetch only when it is the last one.
      if (queryClient.isMutating({ mutationKey: moveKey(pipelineId) }) > 1) return;
      // The board's totals, the dashboard, and the deal as its list and page show it.
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.board.all }),
        queryClient.invalidateQueries({ queryKey: ["dashboard"] }),
        queryClient.invalidateQueries({ queryKey: queryKeys.records.object("deals") }),
      ]);
    },
  });
}

export type DealFieldValues = Database["public"]["Tables"]["deals"]["Update"];

/** Thrown when a deal changed since it was read, shaped like move_deal_stage's refusal. */
class StaleDealError extends Error {
  code = "PT409";
  hint = "stale_version";
}

/**
 * Saves the fields a stage asked for, refusing to overwrite a deal that changed since the board
 * read it (the same version check as move_deal_stage). Returns the deal's new version.
 */
export function useSaveDealFields() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ deal, values }: { deal: Pick<BoardDeal, "id" | "version">; values: DealFieldValues }) => {
      const { data, error } = await supabase.from("deals").update(values).eq("id", deal.id).eq("version", deal.version).select("version");
      if (error) throw dbError(error);
      const saved = data[0];
      if (saved) return saved.version;
      const current = await supabase.from("deals").select("version").eq("id", deal.id).maybeSingle();
      if (current.data && current.data.version !== deal.version) throw new StaleDealError("This deal changed since you loaded it");
      throw new Error("You may read this deal but not change it.");
    },
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.board.all }),
        queryClient.invalidateQueries({ queryKey: queryKeys.records.object("deals") }),
      ]),
  });
}

/** The deal fields a stage may require, with their labels: one list, public.deal_fields(). */
export function useDealFieldLabels() {
  return useQuery({
    queryKey: ["deal_fields"],
    queryFn: async () => {
      const { data, error } = await supabase.rpc("deal_fields");
      if (error) throw dbError(error);
      return data;
    },
    staleTime: Infinity,
  });
}

/** The contacts of an account, to choose a deal's primary contact from. */
export function useAccountContacts(accountId: string | undefined) {
  return useQuery({
    queryKey: ["contacts", "of-account", accountId ?? ""],
    queryFn: async () => {
      const { data, error } = await supabase
        .from("contacts")
        .select("id, full_name, last_name, title")
        .eq("account_id", accountId ?? "")
        .order("last_name")
        .limit(200);
      if (error) throw dbError(error);
      return data;
    },
    enabled: !!accountId,
  });
}
