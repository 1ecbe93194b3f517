/**
 * CSV out and in. Export: the `export-csv` edge function streams every row of a list (its current
 * filters, search and order) as the signed-in user; the browser saves the file. Import: the
 * database says which keys exist and which account domains are known for the preview, then
 * public.import_records writes every valid row in one transaction (all or nothing).
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ImportTarget } from "@/domain/csvImport";
import type { ListQuery } from "@/domain/records/listState";
import type { ObjectName } from "@/domain/records/model";

/** What export-csv streams: a record list, or the customers' health report (CS-9). */
export type ExportObject = ObjectName | "health_report";
import { invokeFunction } from "@/lib/functions";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";

export type ExportRequest = {
  object: ExportObject;
  columns: { id: string; label: string }[];
  query: ListQuery;
  filename: string;
};

/** Saves a Blob as a file through a temporary link (every browser's download path). */
export function saveFile(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Asks export-csv for the whole list and saves the file it streams back. */
export function useExportCsv() {
  return useMutation({
    mutationFn: async (request: ExportRequest) => {
      // supabase-js sends the session's JWT; a text/csv answer comes back as text, a refusal as a FunctionError.
      const csv = await invokeFunction<string>("export-csv", request);
      if (typeof csv !== "string" || !csv) throw new Error("The export came back empty.");
      const blob = new Blob([csv], { type: "text/csv;charset=utf-8" });
      saveFile(blob, request.filename);
      return { bytes: blob.size };
    },
  });
}

const CHUNK = 5000;

/** Which of `keys` already exist in the organisation (emails or domains). */
export async function fetchExistingKeys(target: ImportTarget, keys: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const { data, error } = await supabase.rpc("import_duplicates", { record_type: target, keys: keys.slice(i, i + CHUNK) });
    if (error) throw error;
    for (const key of data ?? []) found.add(key);
  }
  return found;
}

/** Which account domains exist (accounts are the organisation's shared directory). */
export async function fetchKnownDomains(domains: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < domains.length; i += 200) {
    const { data, error } = await supabase.from("accounts").select("domain").in("domain", domains.slice(i, i + 200));
    if (error) throw error;
    for (const row of data) if (row.domain) found.add(row.domain);
  }
  return found;
}

export type ImportResult = { inserted: number; skipped: { line: number; key: string; reason: "exists" | "duplicate"; duplicate_of?: number }[] };

/** Writes the rows; the database inserts all of them or none. */
export function useImportRecords(target: ImportTarget) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (rows: Record<string, unknown>[]): Promise<ImportResult> => {
      const { data, error } = await supabase.rpc("import_records", { record_type: target, rows: rows as never });
      if (error) throw error;
      return data as unknown as ImportResult;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.records.all }),
  });
}
