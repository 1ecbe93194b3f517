import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { ChevronLeft, ChevronRight, Columns3, Download, LoaderCircle, Plus, Search, Upload } from "lucide-react";
import { useNavigate } from "react-router-dom";
import { toast } from "sonner";
import { useUser } from "@/components/auth/useAuth";
import { PageHeader } from "@/components/layout/PageHeader";
import { EmptyState, ErrorState } from "@/components/layout/States";
import { FilterChips, FilterMenu } from "@/components/records/ListFilters";
import { RecordTable } from "@/components/records/RecordTable";
import { SavedViewsMenu } from "@/components/records/SavedViewsMenu";
import { canWriteRecords, type RecordConfig } from "@/components/records/types";
import { useListState } from "@/components/records/useListState";
import { useOwnerScope } from "@/components/records/useOwnerScope";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { ImportTarget } from "@/domain/csvImport";
import {
  activeFilterCount,
  canSortBy,
  effectiveOrder,
  isNarrowed,
  PAGE_SIZES,
  SEARCH_MAX,
  toListQuery,
  visibleColumns,
  withOwnerScope,
} from "@/domain/records/listState";
import { useExportCsv } from "@/hooks/useCsv";
import { useProfile } from "@/hooks/useProfile";
import { useRecordCount, useRecordList } from "@/hooks/useRecords";
import { formatNumber } from "@/lib/format";

// Dialogs load when first opened.
const ImportDialog = lazy(() => import("@/components/records/ImportDialog").then((m) => ({ default: m.ImportDialog })));
const RecordFormDialog = lazy(() => import("@/components/records/RecordFormDialog").then((m) => ({ default: m.RecordFormDialog })));

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Any object's list page (PRODUCT.md CRM-8): search, filters, sort, columns and saved views kept in
 * the URL; one page of rows from the database at a time with its count; CSV export of every row
 * the list stands for, import where the object has one, and "New".
 */
export function RecordListPage({ config, description }: { config: RecordConfig; description?: string }) {
  const { model } = config;
  const user = useUser();
  const role = useProfile(user.id).data?.role;
  const navigate = useNavigate();
  const { state, update, replaceState } = useListState(model);
  const scope = useOwnerScope(model);
  // What the reader sees; the owner scope only helps the database plan it.
  const query = useMemo(() => toListQuery(state, model, user.id), [state, model, user.id]);
  const scoped = useMemo(() => {
    const withScope = withOwnerScope(query, scope.owners);
    // Across a whole organisation only indexed orders are offered (ColumnSpec.sortable).
    return { ...withScope, order: effectiveOrder(withScope.order, model, isNarrowed(withScope)) };
  }, [query, scope.owners, model]);
  const narrowed = isNarrowed(scoped);
  const list = useRecordList(model, scoped, state.page, state.pageSize, scope.ready);
  // A page that is not full tells the total by itself; only a full one asks the database to count.
  const settled = !!list.data && !list.isPlaceholderData;
  const knownTotal = settled && !list.data.hasMore ? (state.page - 1) * state.pageSize + list.data.rows.length : null;
  const count = useRecordCount(model, scoped, scope.ready && settled && knownTotal === null);
  const columns = visibleColumns(state, model);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const exportCsv = useExportCsv();
  const canWrite = canWriteRecords(config, role);
  const filtered = activeFilterCount(state) > 0;
  const setFilter = useCallback((id: string, value: string | null) => update((s) => ({ filters: withFilter(s.filters, id, value) })), [update]);
  const Above = config.list?.above;
  const Toolbar = config.list?.toolbar;

  async function runExport() {
    try {
      const filename = `${model.plural}-${new Date().toISOString().slice(0, 10)}.csv`;
      await exportCsv.mutateAsync({ object: model.name, columns: columns.map((c) => ({ id: c.id, label: c.label })), query: scoped, filename });
      toast.success(`Exported ${filename}`);
    } catch (error) {
      toast.error(error instanceof Error ? `The export failed: ${error.message}` : "The export failed.");
    }
  }

  const rows = list.data?.rows ?? [];
  const from = (state.page - 1) * state.pageSize + 1;
  const to = from + rows.length - 1;
  const total = knownTotal !== null ? { count: knownTotal, estimated: false } : count.isPlaceholderData ? undefined : count.data;
  const lastPage = total && !total.estimated ? Math.max(1, Math.ceil(total.count / state.pageSize)) : null;

  return (
    // minmax(0, 1fr): a wide table scrolls in its own box instead of widening the page.
    <div className="grid grid-cols-[minmax(0,1fr)] gap-4">
      <PageHeader
        title={capitalise(model.plural)}
        description={description}
        actions={
          canWrite && (
            <>
              {config.importable && (
                <Button variant="outline" onClick={() => setImporting(true)}>
                  <Upload aria-hidden /> Import
                </Button>
              )}
              <Button onClick={() => setCreating(true)}>
                <Plus aria-hidden /> New {model.singular}
              </Button>
            </>
          )
        }
      />

      {Above && <Above filters={state.filters} setFilter={setFilter} query={scoped} />}

      <div className="flex flex-wrap items-center gap-2" role="toolbar" aria-label={`${capitalise(model.plural)} list`}>
        <SearchBox
          value={state.search}
          placeholder={model.searchPlaceholder}
          label={`Search ${model.plural}`}
          onChange={(search) => update({ search }, { replace: true })}
        />
        <FilterMenu filters={model.filters} values={state.filters} onChange={setFilter} />
        <SavedViewsMenu model={model} state={state} onApply={replaceState} />
        <ColumnsMenu config={config} chosen={columns.map((c) => c.id)} onChange={(ids) => update({ columns: ids, page: state.page })} />
        <Button variant="outline" size="sm" className="h-9" onClick={() => void runExport()} disabled={exportCsv.isPending}>
          {exportCsv.isPending ? <LoaderCircle className="animate-spin" aria-hidden /> : <Download aria-hidden />}
          Export CSV
        </Button>
        {Toolbar && <Toolbar filters={state.filters} setFilter={setFilter} query={scoped} />}
      </div>
      <FilterChips filters={model.filters} values={state.filters} onChange={setFilter} />

      {list.isError ? (
        <ErrorState title={`Could not load the ${model.plural}`} error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.isPending && rows.length === 0 ? (
        state.page > 1 ? (
          <EmptyState title="This page is empty">
            <Button variant="outline" onClick={() => update({ page: 1 })}>
              Go to the first page
            </Button>
          </EmptyState>
        ) : filtered ? (
          <EmptyState title={`No ${model.plural} match`}>
            <p>Nothing matches the search and filters.</p>
            <Button variant="outline" onClick={() => update({ search: "", filters: {} })}>
              Clear search and filters
            </Button>
          </EmptyState>
        ) : (
          <EmptyState title={`No ${model.plural} yet`}>
            <p>{canWrite ? `Create the first one${config.importable ? " or import a CSV file" : ""}.` : `Nobody has shared any ${model.plural} with you.`}</p>
            {canWrite && (
              <Button onClick={() => setCreating(true)}>
                <Plus aria-hidden /> New {model.singular}
              </Button>
            )}
          </EmptyState>
        )
      ) : (
        <>
          {list.isPending && (
            <p role="status" className="sr-only">
              Loading {model.plural}…
            </p>
          )}
          <RecordTable
            config={config}
            columns={columns.map((column) => ({ ...column, sortable: canSortBy(column, narrowed) }))}
            rows={rows}
            sort={scoped.order}
            onSort={(sort) => update({ sort })}
            loading={list.isPending}
            stale={list.isPlaceholderData}
            caption={`${capitalise(model.plural)}, page ${state.page}`}
          />
          <div className="flex flex-wrap items-center justify-between gap-3 text-sm">
            <p aria-live="polite" className="text-muted-foreground">
              {rows.length > 0 && (
                <>
                  {formatNumber(from)}–{formatNumber(to)} of{" "}
                  {total ? (total.estimated ? `≈ ${formatNumber(total.count, { compact: total.count >= 100_000 })}` : formatNumber(total.count)) : "…"}
                </>
              )}
            </p>
            <div className="flex items-center gap-2">
              <Select value={String(state.pageSize)} onValueChange={(size) => update({ pageSize: Number(size) })}>
                <SelectTrigger className="h-8 w-32" aria-label="Rows per page">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {PAGE_SIZES.map((size) => (
                    <SelectItem key={size} value={String(size)}>
                      {size} / page
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
              <Button variant="outline" size="sm" disabled={state.page <= 1} onClick={() => update({ page: state.page - 1 })}>
                <ChevronLeft aria-hidden /> Previous
              </Button>
              <span className="tabular-nums">
                Page {state.page}
                {lastPage ? ` of ${formatNumber(lastPage)}` : ""}
              </span>
              <Button variant="outline" size="sm" disabled={!list.data?.hasMore} onClick={() => update({ page: state.page + 1 })}>
                Next <ChevronRight aria-hidden />
              </Button>
            </div>
          </div>
        </>
      )}

      <Suspense fallback={null}>
        {creating && (
          <RecordFormDialog config={config} onClose={() => setCreating(false)} onSaved={(id) => navigate(`${config.path}/${id}`)} />
        )}
        {importing && config.importable && <ImportDialog model={model as typeof model & { name: ImportTarget }} onClose={() => setImporting(false)} />}
      </Suspense>
    </div>
  );
}

function withFilter(filters: Record<string, string>, id: string, value: string | null) {
  const next = { ...filters };
  if (value) next[id] = value;
  else delete next[id];
  return next;
}

/** The search box: typing updates the list after a short pause, and the URL with it. */
function SearchBox({ value, placeholder, label, onChange }: { value: string; placeholder: string; label: string; onChange: (value: string) => void }) {
  const [text, setText] = useState(value);
  // The URL's search as last seen, and the text last sent to it: a change of the URL that this box
  // did not send (clearing filters, picking a view, going back) replaces what is typed.
  const [seen, setSeen] = useState(value);
  const [sent, setSent] = useState(value);
  if (value !== seen) {
    setSeen(value);
    if (value !== sent) setText(value);
  }
  useEffect(() => {
    if (text === seen) return;
    const timer = setTimeout(() => {
      setSent(text);
      onChange(text);
    }, 300);
    return () => clearTimeout(timer);
  }, [text, seen, onChange]);
  return (
    <div className="relative w-full sm:w-72">
      <Search className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-muted-foreground" aria-hidden />
      <Input
        type="search"
        aria-label={label}
        placeholder={placeholder}
        className="pl-8"
        maxLength={SEARCH_MAX}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== "Enter") return;
          setSent(text);
          onChange(text);
        }}
      />
    </div>
  );
}

function ColumnsMenu({ config, chosen, onChange }: { config: RecordConfig; chosen: readonly string[]; onChange: (ids: string[] | null) => void }) {
  const all = config.model.columns;
  function toggle(id: string) {
    const set = new Set(chosen);
    if (set.has(id)) set.delete(id);
    else set.add(id);
    // Keep the model's order; the link column always stays.
    onChange(all.map((c) => c.id).filter((c) => set.has(c) || c === config.linkColumn));
  }
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="outline" size="sm" className="h-9">
          <Columns3 aria-hidden /> Columns
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="max-h-96 overflow-y-auto">
        <DropdownMenuLabel>Show columns</DropdownMenuLabel>
        {all.map((column) => (
          <DropdownMenuCheckboxItem
            key={column.id}
            checked={chosen.includes(column.id)}
            disabled={column.id === config.linkColumn}
            onCheckedChange={() => toggle(column.id)}
            onSelect={(event) => event.preventDefault()}
          >
            {column.label}
          </DropdownMenuCheckboxItem>
        ))}
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => onChange(null)}>Reset to default</DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
