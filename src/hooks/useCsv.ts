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
import { env } from "@/lib/env";
import { FunctionError } from "@/lib/functions";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";

export type ExportRequest = {
  object: ObjectName;
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

/** Asks export-csv for the whole list; resolves with the number of rows once the file is saved. */
export function useExportCsv() {
  return useMutation({
    mutationFn: async (request: ExportRequest) => {
      const { data } = await supabase.auth.getSession();
      const token = data.session?.access_token;
      if (!token) throw new Error("Sign in again to export.");
      const response = await fetch(`${env.VITE_SUPABASE_URL}/functions/v1/export-csv`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, apikey: env.VITE_SUPABASE_ANON_KEY, "Content-Type": "application/json" },
        body: JSON.stringify(request),
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: string; message?: string } | null;
        throw new FunctionError(body?.error ?? body?.message ?? `The export failed (${response.status})`, response.status);
      }
      const blob = await response.blob();
      const text = await blob.slice(0, Math.min(blob.size, 64)).text();
      if (!text) throw new Error("The export came back empty.");
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
