/**
 * The data seam of the record engine: lists, details, saves, deletes and lookups of leads,
 * accounts, contacts and deals, for any ObjectModel. Lists read the model's security-invoker view
 * a page at a time (PostgREST range), sorted, filtered and searched in the database; the page and
 * its count are separate queries so rows show before a large count is done.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { pageRange, type ListQuery } from "@/domain/records/listState";
import type { ColumnSpec, ObjectModel, ReferenceTarget } from "@/domain/records/model";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";

export type RecordRow = Record<string, unknown> & { id: string };

type Result<T> = PromiseLike<{ data: T | null; error: { message: string; code?: string } | null; count?: number | null }>;

/** The builder methods the engine uses, for tables and views chosen at run time. */
interface Filterable<T> extends Result<T> {
  eq(column: string, value: unknown): Filterable<T>;
  in(column: string, values: readonly unknown[]): Filterable<T>;
  gte(column: string, value: unknown): Filterable<T>;
  lte(column: string, value: unknown): Filterable<T>;
  or(filters: string): Filterable<T>;
  order(column: string, options: { ascending: boolean; nullsFirst?: boolean }): Filterable<T>;
  range(from: number, to: number): Filterable<T>;
  limit(count: number): Filterable<T>;
  maybeSingle(): Result<RecordRow>;
  single(): Result<RecordRow>;
  select(columns: string): Filterable<T>;
}

interface Table {
  select(columns: string, options?: { count?: "exact" | "planned" | "estimated"; head?: boolean }): Filterable<RecordRow[]>;
  insert(values: Record<string, unknown>): Filterable<RecordRow[]>;
  update(values: Record<string, unknown>): Filterable<RecordRow[]>;
  delete(): Filterable<RecordRow[]>;
}

/** supabase.from() for a table or view named by a model; typed loosely on purpose. */
export function from(relation: string): Table {
  return supabase.from(relation as "accounts") as unknown as Table;
}

type Count = { count?: "exact" | "planned" | "estimated"; head?: boolean };

/**
 * Where a list reads from: its view, or the model's search RPC when the list searches and no
 * owner filter narrows it (then the RPC answers the words and the other filters apply on top).
 */
export function listSource(model: Pick<ObjectModel, "listSource" | "searchRpc">, query: Pick<ListQuery, "filters" | "search">, columns: string, options: Count = {}) {
  const words = query.search?.words ?? [];
  if (model.searchRpc && words.length && !query.filters.some((f) => f.column === "owner_id")) {
    const rpc = supabase.rpc as unknown as (fn: string, args: object, options: Count) => Filterable<RecordRow[]>;
    // Every column: PostgREST 12 filters an RPC's rows after projecting them, so a filtered column must be selected.
    const builder = rpc(model.searchRpc, { search: words.join(" ") }, options).select("*");
    return applyListFilters(builder, { filters: query.filters, search: null });
  }
  return applyListFilters(from(model.listSource).select(columns, options), query);
}

/** PostgREST's error as an Error (message shown by error states), keeping code, details and hint. */
export function asError(error: { message: string; code?: string }): Error {
  return error instanceof Error ? error : Object.assign(new Error(error.message), error);
}

/** The list's filters and search as PostgREST conditions. */
export function applyListFilters<T>(builder: Filterable<T>, query: Pick<ListQuery, "filters" | "search">): Filterable<T> {
  let next = builder;
  for (const filter of query.filters) {
    if (filter.op === "in") next = next.in(filter.column, filter.value);
    else if (filter.op === "eq") next = next.eq(filter.column, filter.value);
    else if (filter.op === "gte") next = next.gte(filter.column, filter.value);
    else next = next.lte(filter.column, filter.value);
  }
  for (const word of query.search?.words ?? []) {
    next = next.or(query.search!.columns.map((column) => `${column}.ilike.*${word}*`).join(","));
  }
  return next;
}

/** Sort keys, then id in the last key's direction, so pages never overlap or skip. */
export function applyOrder<T>(builder: Filterable<T>, order: readonly ListQuery["order"][number][], columns: readonly ColumnSpec[]): Filterable<T> {
  let next = builder;
  for (const key of order) {
    const notNull = columns.find((c) => c.id === key.column)?.notNull;
    next = next.order(key.column, notNull ? { ascending: key.ascending } : { ascending: key.ascending, nullsFirst: false });
  }
  return next.order("id", { ascending: order.at(-1)?.ascending ?? true });
}

/** PostgREST answers at most this many rows per request (db-max-rows); beyond it an estimated count is the planner's. */
const MAX_ROWS = 1000;

export type RecordPage = { rows: RecordRow[]; hasMore: boolean };
export type RecordCount = { count: number; estimated: boolean };

/** One page of a list: `pageSize + 1` rows are asked for, so "next" is known without a count. */
export function useRecordList(model: ObjectModel, query: ListQuery, page: number, pageSize: number, enabled = true) {
  return useQuery({
    enabled,
    queryKey: queryKeys.records.list(model.name, { query, page, pageSize }),
    queryFn: async ({ signal }): Promise<RecordPage> => {
      const [from_, to] = pageRange(page, pageSize);
      const builder = applyOrder(listSource(model, query, "*"), query.order, model.columns).range(from_, to + 1);
      const { data, error } = await withSignal(builder, signal);
      if (error) throw asError(error);
      const rows = data ?? [];
      return { rows: rows.slice(0, pageSize), hasMore: rows.length > pageSize };
    },
    placeholderData: keepPreviousData,
  });
}

/**
 * How many rows the list has. Exact where that is cheap; for deals (a million rows) PostgREST's
 * "estimated" count: exact up to its row limit, the planner's estimate beyond, shown with "≈".
 */
export function useRecordCount(model: ObjectModel, query: ListQuery, enabled = true) {
  const filterOnly = { filters: query.filters, search: query.search };
  return useQuery({
    enabled,
    queryKey: queryKeys.records.count(model.name, filterOnly),
    queryFn: async ({ signal }): Promise<RecordCount> => {
      const builder = listSource(model, filterOnly, "id", { count: model.countMode, head: true });
      const { count, error } = await withSignal(builder, signal);
      if (error) throw asError(error);
      const total = count ?? 0;
      return { count: total, estimated: model.countMode === "estimated" && total > MAX_ROWS };
    },
    placeholderData: keepPreviousData,
  });
}

/** Aborts a superseded request (typing in the search box). */
function withSignal<T>(builder: Result<T>, signal: AbortSignal): Result<T> {
  const abortable = builder as Result<T> & { abortSignal?: (signal: AbortSignal) => Result<T> };
  return abortable.abortSignal ? abortable.abortSignal(signal) : builder;
}

/** One record with the names its references point at (the config's detail select). */
export function useRecord(model: ObjectModel, id: string, select: string) {
  return useQuery({
    queryKey: queryKeys.records.detail(model.name, id),
    queryFn: async () => {
      const { data, error } = await from(model.table).select(select).eq("id", id).maybeSingle();
      if (error) throw asError(error);
      return data;
    },
  });
}

/** A related list: rows of `model` whose `column` is `id` (an account's deals), first `limit`. */
export function useRelatedRecords(model: ObjectModel, column: string, id: string, limit = 10) {
  return useQuery({
    queryKey: queryKeys.records.related(model.name, column, id),
    queryFn: async () => {
      const builder = applyOrder(from(model.listSource).select("*", { count: "exact" }).eq(column, id), model.defaultSort, model.columns);
      const { data, error, count } = await builder.limit(limit);
      if (error) throw asError(error);
      return { rows: data ?? [], count: count ?? 0 };
    },
  });
}

function useInvalidateRecords() {
  const queryClient = useQueryClient();
  // Names show up in other objects' lists and lookups too (an account's name on its deals).
  return () => queryClient.invalidateQueries({ queryKey: queryKeys.records.all });
}

/**
 * Row level security hides what it refuses to change: no row back means nothing was saved. The
 * database's own refusals (checks, unique keys, stage rules) come back as PostgREST errors.
 */
export class NotSavedError extends Error {
  constructor(message: string, readonly code = "not_saved") {
    super(message);
    this.name = "NotSavedError";
  }
}

/** Payload for insert/update: null in a NOT NULL-with-default column means "leave it". */
export function toPayload(model: Pick<ObjectModel, "omitWhenNull">, values: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(values).filter(([key, value]) => !(value === null && model.omitWhenNull.includes(key))));
}

/** Creates (no id) or updates a record; a deal update also checks the version it was read at. */
export function useSaveRecord(model: ObjectModel) {
  const invalidate = useInvalidateRecords();
  return useMutation({
    mutationFn: async ({ id, values, version }: { id?: string; values: Record<string, unknown>; version?: number }) => {
      const payload = toPayload(model, values);
      if (!id) {
        const { data, error } = await from(model.table).insert(payload).select("id");
        if (error) throw asError(error);
        const created = data?.[0];
        if (!created) throw new NotSavedError(`The ${model.singular} could not be created: your role may not create ${model.plural}.`);
        return created.id;
      }
      let update = from(model.table).update(payload).eq("id", id);
      if (version !== undefined) update = update.eq("version", version);
      const { data, error } = await update.select("id");
      if (error) throw asError(error);
      if (!data?.length) {
        if (version !== undefined) {
          const { data: current } = await from(model.table).select("version").eq("id", id).maybeSingle();
          if (current && current.version !== version) {
            throw new NotSavedError(`This ${model.singular} changed since you opened it. Close the form and open it again to see the changes.`, "stale_version");
          }
        }
        throw new NotSavedError(`The ${model.singular} could not be saved: you may read it but not change it.`);
      }
      return id;
    },
    onSuccess: invalidate,
  });
}

export function useDeleteRecord(model: ObjectModel) {
  const invalidate = useInvalidateRecords();
  return useMutation({
    mutationFn: async (id: string) => {
      const { data, error } = await from(model.table).delete().eq("id", id).select("id");
      if (error) throw asError(error);
      if (!data?.length) throw new NotSavedError(`The ${model.singular} could not be deleted: you may read it but not delete it.`);
    },
    onSuccess: invalidate,
  });
}

/** Where each kind of reference finds its records, their names, and a second line to tell them apart. */
export const REFERENCE_SOURCES: Record<
  ReferenceTarget,
  { relation: string; label: string; order: string; detail?: { select: string; path: string; searchable: boolean } }
> = {
  accounts: { relation: "accounts", label: "name", order: "name", detail: { select: "domain", path: "domain", searchable: true } },
  contacts: { relation: "contacts", label: "full_name", order: "full_name", detail: { select: "email", path: "email", searchable: true } },
  profiles: { relation: "profiles", label: "full_name", order: "full_name", detail: { select: "email", path: "email", searchable: true } },
  pipelines: { relation: "pipelines", label: "name", order: "name" },
  customers: { relation: "customer_list", label: "name", order: "name", detail: { select: "domain", path: "domain", searchable: true } },
  pipeline_stages: {
    relation: "pipeline_stages",
    label: "name",
    order: "position",
    detail: { select: "pipeline:pipelines(name)", path: "pipeline.name", searchable: false },
  },
};

export type ReferenceOption = { id: string; label: string; detail: string | null };

/** Up to 20 records to choose from, matching `search`, narrowed by `scope` (a stage's pipeline). */
export function useReferenceOptions(target: ReferenceTarget, search: string, scope: { column: string; value: string } | null, enabled = true) {
  const source = REFERENCE_SOURCES[target];
  const term = search.replace(/[%_*,()\\":]/g, " ").trim();
  return useQuery({
    queryKey: queryKeys.records.lookup(target, term, scope),
    enabled,
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }): Promise<ReferenceOption[]> => {
      const detail = source.detail;
      let builder = from(source.relation).select(["id", source.label, detail?.select].filter(Boolean).join(", "));
      if (scope) builder = builder.eq(scope.column, scope.value);
      if (target === "profiles") builder = builder.eq("active", true);
      if (term) {
        const columns = [source.label, ...(detail?.searchable ? [detail.path] : [])];
        builder = builder.or(columns.map((column) => `${column}.ilike.*${term}*`).join(","));
      }
      builder = builder.order(source.order, { ascending: true }).order("id", { ascending: true }).limit(20);
      const { data, error } = await withSignal(builder, signal);
      if (error) throw asError(error);
      return (data ?? []).map((row) => {
        const second = detail ? detail.path.split(".").reduce<unknown>((value, key) => (value as Record<string, unknown> | null)?.[key], row) : null;
        return { id: row.id, label: String(row[source.label] ?? ""), detail: typeof second === "string" ? second : null };
      });
    },
  });
}

/** The name of one referenced record (a filter's chosen owner or account). */
export function useReferenceLabel(target: ReferenceTarget, id: string | null | undefined) {
  const source = REFERENCE_SOURCES[target];
  return useQuery({
    queryKey: queryKeys.records.label(target, id ?? ""),
    enabled: !!id,
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const { data, error } = await from(source.relation).select(`id, ${source.label}`).eq("id", id!).maybeSingle();
      if (error) throw asError(error);
      return data ? String(data[source.label] ?? "") : null;
    },
  });
}
