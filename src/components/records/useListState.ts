import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router-dom";
import { readListState, writeListState, type ListState } from "@/domain/records/listState";
import type { ObjectModel } from "@/domain/records/model";

/**
 * A list's state lives in the URL (search, filters, sort, page, columns, view): back and forward
 * work, a reload keeps the list, a link shares it. `update` changes part of it; anything but a page
 * change goes back to page 1, and anything but choosing a view keeps the view as the starting point.
 */
export function useListState(model: ObjectModel) {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readListState(params, model), [params, model]);
  const update = useCallback(
    (change: Partial<ListState> | ((current: ListState) => Partial<ListState>), { replace = false } = {}) => {
      setParams(
        (current) => {
          const before = readListState(current, model);
          const patch = typeof change === "function" ? change(before) : change;
          const next = { ...before, ...patch, page: "page" in patch ? (patch.page ?? 1) : 1 };
          return writeListState(next, model);
        },
        { replace },
      );
    },
    [setParams, model],
  );
  const replaceState = useCallback((next: ListState) => setParams(writeListState(next, model)), [setParams, model]);
  return { state, update, replaceState };
}
