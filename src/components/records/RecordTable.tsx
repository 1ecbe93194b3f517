import { useMemo } from "react";
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type SortingState } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { Link } from "react-router-dom";
import { defaultCell } from "@/components/records/format";
import type { RecordConfig } from "@/components/records/types";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { SortKey } from "@/domain/records/model";
import type { ColumnSpec } from "@/domain/records/model";
import type { RecordRow } from "@/hooks/useRecords";
import { cn } from "@/lib/utils";

type Props = {
  config: RecordConfig;
  columns: readonly ColumnSpec[];
  rows: readonly RecordRow[];
  sort: readonly SortKey[];
  onSort?: (sort: SortKey[]) => void;
  /** Shows skeleton rows instead of data. */
  loading?: boolean;
  skeletonRows?: number;
  /** Dims the rows while the next page loads. */
  stale?: boolean;
  caption: string;
};

/**
 * A page of records as a table (TanStack Table, with paging and sorting done by the database): the
 * link column opens the record; sortable headers are buttons that sort by that column (a second
 * click reverses).
 */
export function RecordTable({ config, columns, rows, sort, onSort, loading = false, skeletonRows = 8, stale = false, caption }: Props) {
  const sorting: SortingState = sort.map((key) => ({ id: key.column, desc: !key.ascending }));
  const definitions = useMemo<ColumnDef<RecordRow>[]>(
    () =>
      columns.map((column) => ({
        id: column.id,
        // An accessor makes the column sortable in TanStack's eyes; the database does the sorting.
        accessorFn: (row) => row[column.id],
        header: column.label,
        enableSorting: !!column.sortable && !!onSort,
        cell: ({ row }) => {
          const custom = config.cells?.[column.id];
          const content = custom ? custom(row.original) : defaultCell(config.model, column.id, row.original);
          if (column.id !== config.linkColumn) return content;
          return (
            <Link to={`${config.path}/${row.original.id}`} className="font-medium text-foreground underline-offset-4 hover:underline">
              {content}
            </Link>
          );
        },
      })),
    [columns, config, onSort],
  );
  // TanStack Table hands back functions the React Compiler cannot memoise; this table is rebuilt
  // from its props on every render and nothing downstream memoises them, so that is fine here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows as RecordRow[],
    columns: definitions,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.id,
    manualSorting: true,
    manualPagination: true,
    state: { sorting },
  });

  function toggle(column: string) {
    if (!onSort) return;
    const current = sort[0]?.column === column ? sort[0] : null;
    onSort([{ column, ascending: current ? !current.ascending : true }]);
  }

  return (
    <div className="rounded-md border">
      <Table aria-busy={loading || stale} className={cn(stale && "opacity-60 transition-opacity")}>
        <caption className="sr-only">{caption}</caption>
        <TableHeader>
          {table.getHeaderGroups().map((group) => (
            <TableRow key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <TableHead key={header.id} aria-sort={sorted ? (sorted === "desc" ? "descending" : "ascending") : undefined}>
                    {header.column.getCanSort() ? (
                      <button
                        type="button"
                        className="-ml-2 inline-flex items-center gap-1 rounded-md px-2 py-1 hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                        onClick={() => toggle(header.column.id)}
                      >
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        {sorted === "asc" ? (
                          <ArrowUp className="size-3.5" aria-hidden />
                        ) : sorted === "desc" ? (
                          <ArrowDown className="size-3.5" aria-hidden />
                        ) : (
                          <ArrowUpDown className="size-3.5 opacity-40" aria-hidden />
                        )}
                      </button>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </TableHead>
                );
              })}
            </TableRow>
          ))}
        </TableHeader>
        <TableBody>
          {loading
            ? Array.from({ length: skeletonRows }, (_, i) => (
                <TableRow key={i}>
                  {columns.map((column) => (
                    <TableCell key={column.id}>
                      <Skeleton className="h-4 w-24" />
                    </TableCell>
                  ))}
                </TableRow>
              ))
            : table.getRowModel().rows.map((row) => (
                <TableRow key={row.id}>
                  {row.getVisibleCells().map((cell) => (
                    <TableCell key={cell.id} className="max-w-72 truncate">
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
        </TableBody>
      </Table>
    </div>
  );
}
