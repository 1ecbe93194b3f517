/**
 * A list's state (search, filters, sort, page, columns, saved view), kept in the URL so a list
 * can be linked, reloaded and saved as a view, and the query it stands for. The query (a
 * `ListQuery`) is interpreted twice with the same meaning: by PostgREST for the page
 * (src/hooks/useRecords.ts) and by the `export-csv` edge function for the whole file.
 */
import type { ColumnSpec, FilterSpec, ObjectModel, SortKey } from "@/domain/records/model";

export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 25;
export const SEARCH_MAX = 100;

export type ListState = {
  search: string;
  /** Filter id → its value as written in the URL ("new,contacted", "100..5000", "me"). */
  filters: Record<string, string>;
  sort: SortKey[];
  /** 1-based. */
  page: number;
  pageSize: number;
  /** Visible column ids in order; null = the model's defaults. */
  columns: string[] | null;
  /** The saved view the state came from, if any. */
  view: string | null;
};

export type QueryFilter =
  | { column: string; op: "eq"; value: string | number | boolean }
  | { column: string; op: "in"; value: string[] }
  | { column: string; op: "gte" | "lte"; value: string | number };

/** What both the list page and the export ask the database for. */
export type ListQuery = {
  filters: QueryFilter[];
  /** Every word must match at least one of the columns (ilike '%word%'). */
  search: { words: string[]; columns: string[] } | null;
  order: SortKey[];
};

export function emptyListState(model: Pick<ObjectModel, "defaultSort" | "defaultFilters">): ListState {
  return { search: "", filters: { ...model.defaultFilters }, sort: [...model.defaultSort], page: 1, pageSize: DEFAULT_PAGE_SIZE, columns: null, view: null };
}

/** In the URL of a list whose model has default filters, `f=none` says "no filters" (an empty URL means the defaults). */
const NO_FILTERS = "none";

function sameFilters(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) {
  const keys = Object.keys(a).filter((k) => a[k]);
  return keys.length === Object.keys(b).filter((k) => b[k]).length && keys.every((k) => a[k] === b[k]);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "-amount,name" ↔ [{amount desc}, {name asc}]; only sortable columns survive. */
export function parseSort(value: string | null, columns: readonly ColumnSpec[]): SortKey[] {
  if (!value) return [];
  const sortable = new Set(columns.filter((c) => c.sortable).map((c) => c.id));
  const keys: SortKey[] = [];
  for (const part of value.split(",")) {
    const ascending = !part.startsWith("-");
    const column = ascending ? part : part.slice(1);
    if (sortable.has(column) && !keys.some((k) => k.column === column)) keys.push({ column, ascending });
  }
  return keys.slice(0, 3);
}

export function writeSort(sort: readonly SortKey[]): string {
  return sort.map((key) => `${key.ascending ? "" : "-"}${key.column}`).join(",");
}

/** A range filter's value: "from..to", either side optional. */
export function parseRange(value: string): { from: string | null; to: string | null } {
  const [from = "", to = ""] = value.includes("..") ? value.split("..") : [value, value];
  return { from: from.trim() || null, to: to.trim() || null };
}

export function writeRange(from: string | null | undefined, to: string | null | undefined): string {
  return from || to ? `${from ?? ""}..${to ?? ""}` : "";
}

/** A text filter's longest value (the export refuses longer ones). */
export const TEXT_FILTER_MAX = 200;

/** Keeps a filter value only if it means something for the filter (unknown values are dropped, not sent). */
export function cleanFilterValue(spec: FilterSpec, value: string | null | undefined): string | null {
  if (!value) return null;
  switch (spec.kind) {
    case "enum": {
      const allowed = new Set(spec.options.map((o) => o.value));
      const chosen = [...new Set(value.split(","))].filter((v) => allowed.has(v));
      return chosen.length ? chosen.join(",") : null;
    }
    case "reference":
      return value === "me" || UUID.test(value) ? value : null;
    case "boolean":
      return value === "true" || value === "false" ? value : null;
    case "text": {
      const text = value.trim();
      return text && text.length <= TEXT_FILTER_MAX ? text : null;
    }
    case "range": {
      const { from, to } = parseRange(value);
      const ok = (side: string | null) =>
        side === null || (spec.type === "date" ? DATE.test(side) : Number.isFinite(Number(side)));
      return ok(from) && ok(to) && (from || to) ? writeRange(from, to) : null;
    }
  }
}

/** Reads a list's state from the URL; anything unknown or malformed falls back to the default. */
export function readListState(params: URLSearchParams, model: Pick<ObjectModel, "columns" | "filters" | "defaultSort" | "defaultFilters">): ListState {
  const filters: Record<string, string> = {};
  // No filter in the URL at all: the model's default filters (an active customer list, open renewals).
  const explicit = params.has("f") || model.filters.some((spec) => params.has(`f.${spec.id}`));
  for (const spec of model.filters) {
    const value = cleanFilterValue(spec, explicit ? params.get(`f.${spec.id}`) : model.defaultFilters?.[spec.id]);
    if (value) filters[spec.id] = value;
  }
  const sort = parseSort(params.get("sort"), model.columns);
  const page = Number(params.get("page"));
  const size = Number(params.get("size"));
  const known = new Set(model.columns.map((c) => c.id));
  const columns = params.get("cols")?.split(",").filter((id) => known.has(id)) ?? null;
  const view = params.get("view");
  return {
    search: (params.get("q") ?? "").slice(0, SEARCH_MAX),
    filters,
    sort: sort.length ? sort : [...model.defaultSort],
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE,
    columns: columns?.length ? columns : null,
    view: view && UUID.test(view) ? view : null,
  };
}

/** The URL of a state: defaults are left out, so a fresh list has a clean URL. */
export function writeListState(state: ListState, model: Pick<ObjectModel, "defaultSort" | "defaultFilters">): URLSearchParams {
  const params = new URLSearchParams();
  if (state.view) params.set("view", state.view);
  if (state.search.trim()) params.set("q", state.search);
  const defaults = model.defaultFilters ?? {};
  if (!sameFilters(state.filters, defaults)) {
    for (const [id, value] of Object.entries(state.filters).sort(([a], [b]) => a.localeCompare(b))) {
      if (value) params.set(`f.${id}`, value);
    }
    if (![...params.keys()].some((key) => key.startsWith("f."))) params.set("f", NO_FILTERS);
  }
  const sort = writeSort(state.sort);
  if (sort !== writeSort(model.defaultSort)) params.set("sort", sort);
  if (state.columns?.length) params.set("cols", state.columns.join(","));
  if (state.pageSize !== DEFAULT_PAGE_SIZE) params.set("size", String(state.pageSize));
  if (state.page > 1) params.set("page", String(state.page));
  return params;
}

/** The visible columns, in order: the state's choice or the model's defaults. */
export function visibleColumns(state: Pick<ListState, "columns">, model: Pick<ObjectModel, "columns">): ColumnSpec[] {
  if (!state.columns) return model.columns.filter((c) => c.defaultVisible !== false);
  const byId = new Map(model.columns.map((c) => [c.id, c]));
  return state.columns.flatMap((id) => byId.get(id) ?? []);
}

/** `ilike` patterns treat % and _ as wildcards and PostgREST's or=() treats , ( ) as syntax: keep letters, digits and plain punctuation. */
export function searchTerm(search: string): string | null {
  const term = search
    .replace(/[%_*,()\\":]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, SEARCH_MAX);
  return term.length ? term : null;
}

/**
 * The query a state stands for. `userId` resolves "me" in owner filters, so a shared view saying
 * "my deals" means each reader's own.
 */
export function toListQuery(
  state: Pick<ListState, "search" | "filters" | "sort">,
  model: Pick<ObjectModel, "filters" | "searchColumns" | "defaultSort">,
  userId: string,
): ListQuery {
  const filters: QueryFilter[] = [];
  for (const spec of model.filters) {
    const value = cleanFilterValue(spec, state.filters[spec.id]);
    if (!value) continue;
    switch (spec.kind) {
      case "enum": {
        const values = value.split(",");
        filters.push(values.length === 1 ? { column: spec.column, op: "eq", value: values[0]! } : { column: spec.column, op: "in", value: values });
        break;
      }
      case "reference":
        filters.push({ column: spec.column, op: "eq", value: value === "me" ? userId : value });
        break;
      case "boolean":
        filters.push({ column: spec.column, op: "eq", value: value === "true" });
        break;
      case "text":
        filters.push({ column: spec.column, op: "eq", value });
        break;
      case "range": {
        const { from, to } = parseRange(value);
        const cast = (side: string) => (spec.type === "number" ? Number(side) : side);
        if (from) filters.push({ column: spec.column, op: "gte", value: cast(from) });
        if (to) filters.push({ column: spec.column, op: "lte", value: cast(to) });
        break;
      }
    }
  }
  const term = searchTerm(state.search);
  const order = state.sort.length ? state.sort : [...model.defaultSort];
  const words = term ? [...new Set(term.split(" "))].slice(0, 5) : [];
  return { filters, search: words.length ? { words, columns: [...model.searchColumns] } : null, order };
}

/** How many filters (and the search) narrow the list, for the toolbar's badge and the empty state. */
export function activeFilterCount(state: Pick<ListState, "search" | "filters">): number {
  return Object.values(state.filters).filter(Boolean).length + (searchTerm(state.search) ? 1 : 0);
}

/** The rows of a page: PostgREST's inclusive range. */
export function pageRange(page: number, pageSize: number): [number, number] {
  const from = (Math.max(1, page) - 1) * pageSize;
  return [from, from + pageSize - 1];
}

/** What a saved view stores (saved_views.filters / sort / columns). */
export type SavedViewState = { filters: Record<string, string> & { q?: string }; sort: SortKey[]; columns: string[] };

export function toSavedView(state: ListState): SavedViewState {
  const filters: Record<string, string> = { ...state.filters };
  if (state.search.trim()) filters.q = state.search.trim();
  return { filters, sort: state.sort, columns: state.columns ?? [] };
}

/** A saved view applied to a list: its filters, sort and columns, first page. Unknown parts are dropped. */
export function fromSavedView(
  view: { id: string; filters: unknown; sort: unknown; columns: string[] },
  model: Pick<ObjectModel, "columns" | "filters" | "defaultSort">,
  pageSize: number = DEFAULT_PAGE_SIZE,
): ListState {
  const params = new URLSearchParams();
  const filters = (view.filters && typeof view.filters === "object" ? view.filters : {}) as Record<string, unknown>;
  // A view's filters are taken as saved, even none (not the list's defaults).
  params.set("f", NO_FILTERS);
  for (const [id, value] of Object.entries(filters)) {
    if (typeof value !== "string") continue;
    params.set(id === "q" ? "q" : `f.${id}`, value);
  }
  const sort = Array.isArray(view.sort)
    ? (view.sort as unknown[]).flatMap((key) => {
        const k = key as Partial<SortKey> | null;
        return typeof k?.column === "string" ? [`${k.ascending === false ? "-" : ""}${k.column}`] : [];
      })
    : [];
  if (sort.length) params.set("sort", sort.join(","));
  if (view.columns.length) params.set("cols", view.columns.join(","));
  return { ...readListState(params, model), pageSize, view: view.id };
}

/** Whether the list still shows exactly what the view saved (else the toolbar offers "Save changes"). */
export function matchesSavedView(state: ListState, saved: SavedViewState): boolean {
  const current = toSavedView(state);
  const sameFilters = JSON.stringify(sortedEntries(current.filters)) === JSON.stringify(sortedEntries(saved.filters));
  return sameFilters && writeSort(current.sort) === writeSort(saved.sort) && current.columns.join(",") === saved.columns.join(",");
}

function sortedEntries(record: Record<string, string>) {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}

type Person = { id: string; team_id: string | null };
type Me = { id: string; role: string; is_lead_csm?: boolean | null };

/**
 * The owners whose rows the reader may see, as row level security decides it
 * (private.visible_owner_ids): null when that is the whole organisation. Sent as a filter too, it
 * changes nothing about which rows come back; it lets the planner use the per-owner index.
 */
export function visibleOwners(
  scope: ObjectModel["readScope"],
  me: Me,
  people: readonly Person[],
  teams: readonly { id: string; manager_id: string | null }[],
): string[] | null {
  if (scope === "organisation" || me.role === "executive" || me.role === "admin") return null;
  if (scope === "customer_success" && me.role === "cs_manager" && me.is_lead_csm) return null;
  if (me.role !== "manager") return [me.id];
  const managed = new Set(teams.filter((team) => team.manager_id === me.id).map((team) => team.id));
  const owners = people.filter((person) => person.team_id && managed.has(person.team_id)).map((person) => person.id);
  return [...new Set([me.id, ...owners])].sort();
}

/** The list's query with the reader's owner scope in front. */
export function withOwnerScope(query: ListQuery, owners: string[] | null): ListQuery {
  if (!owners) return query;
  const scope: QueryFilter = owners.length === 1 ? { column: "owner_id", op: "eq", value: owners[0]! } : { column: "owner_id", op: "in", value: owners };
  return { ...query, filters: [scope, ...query.filters] };
}

/** Whether the list may sort by a column, given whether it is narrowed to some owners. */
export function canSortBy(column: Pick<ColumnSpec, "sortable">, narrowed: boolean): boolean {
  return column.sortable === true || (column.sortable === "narrowed" && narrowed);
}

/** The order the database is asked for: the state's keys it may sort by, else the model's default. */
export function effectiveOrder(order: readonly SortKey[], model: Pick<ObjectModel, "columns" | "defaultSort">, narrowed: boolean): SortKey[] {
  const allowed = order.filter((key) => {
    const column = model.columns.find((c) => c.id === key.column);
    return column ? canSortBy(column, narrowed) : false;
  });
  return allowed.length ? allowed : [...model.defaultSort];
}

/** Whether a query is narrowed to some owners (the reader's scope or an owner filter). */
export function isNarrowed(query: Pick<ListQuery, "filters">): boolean {
  return query.filters.some((filter) => filter.column === "owner_id");
}
