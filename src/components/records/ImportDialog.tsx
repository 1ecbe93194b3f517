import { useId, useState } from "react";
import { FileUp, LoaderCircle } from "lucide-react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { parseCsv } from "@/domain/csv";
import {
  IMPORT_COLUMNS,
  IMPORT_KEY,
  IMPORT_MAX_BYTES,
  importKeys,
  importPayload,
  importTemplate,
  previewImport,
  referencedAccountDomains,
  summarise,
  type ImportPreview,
  type ImportRow,
  type ImportTarget,
} from "@/domain/csvImport";
import type { ObjectModel } from "@/domain/records/model";
import { fetchExistingKeys, fetchKnownDomains, saveFile, useImportRecords } from "@/hooks/useCsv";

const SHOWN_ROWS = 100;

type Step =
  | { kind: "choose"; error: string | null }
  | { kind: "checking"; fileName: string }
  | { kind: "preview"; fileName: string; preview: Extract<ImportPreview, { ok: true }> };

const STATUS: Record<ImportRow["status"], { label: string; variant: "secondary" | "destructive" | "outline" }> = {
  valid: { label: "Ready", variant: "secondary" },
  invalid: { label: "Error", variant: "destructive" },
  duplicate: { label: "Duplicate in file", variant: "outline" },
  exists: { label: "Already exists", variant: "outline" },
};

/**
 * CSV import (PRODUCT.md CRM-9): choose a file, see every row checked (the form's rules, duplicates
 * in the file and in the database), then import the rows that are ready in one transaction.
 */
export function ImportDialog({ model, onClose }: { model: ObjectModel & { name: ImportTarget }; onClose: () => void }) {
  const target = model.name;
  const [step, setStep] = useState<Step>({ kind: "choose", error: null });
  const [importError, setImportError] = useState<string | null>(null);
  const importRecords = useImportRecords(target);
  const inputId = useId();

  async function onFile(file: File | undefined) {
    if (!file) return;
    setImportError(null);
    if (file.size > IMPORT_MAX_BYTES) {
      setStep({ kind: "choose", error: `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; import files of at most 5 MB.` });
      return;
    }
    setStep({ kind: "checking", fileName: file.name });
    try {
      const parsed = parseCsv(await file.text());
      const first = previewImport(parsed, target);
      if (!first.ok) {
        setStep({ kind: "choose", error: `${file.name}: ${first.error}` });
        return;
      }
      const [existingKeys, knownAccountDomains] = await Promise.all([
        fetchExistingKeys(target, importKeys(first)),
        target === "contacts" ? fetchKnownDomains(referencedAccountDomains(first)) : Promise.resolve(undefined),
      ]);
      const checked = previewImport(parsed, target, { existingKeys, knownAccountDomains });
      if (!checked.ok) setStep({ kind: "choose", error: checked.error });
      else setStep({ kind: "preview", fileName: file.name, preview: checked });
    } catch (error) {
      setStep({ kind: "choose", error: error instanceof Error ? error.message : "The file could not be checked." });
    }
  }

  async function runImport(rows: readonly ImportRow[]) {
    setImportError(null);
    try {
      const result = await importRecords.mutateAsync(importPayload(rows));
      const skipped = result.skipped.length ? `; ${result.skipped.length} skipped as duplicates` : "";
      toast.success(`Imported ${result.inserted.toLocaleString("en-US")} ${model.plural}${skipped}`);
      onClose();
    } catch (error) {
      setImportError((error as { message?: string } | null)?.message ?? "The import failed; nothing was imported.");
    }
  }

  const summary = step.kind === "preview" ? summarise(step.preview.rows) : null;
  const key = IMPORT_KEY[target].label;

  return (
    <Dialog open onOpenChange={(open) => !open && !importRecords.isPending && onClose()}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-4xl">
        <DialogHeader>
          <DialogTitle>Import {model.plural} from CSV</DialogTitle>
          <DialogDescription>
            The first line names the columns ({IMPORT_COLUMNS[target].slice(0, 4).map((c) => c.label).join(", ")}, …). Rows with the same {key} as
            another row or an existing {model.singular} are skipped. The import is all or nothing.
          </DialogDescription>
        </DialogHeader>

        {step.kind !== "preview" && (
          <div className="grid gap-3">
            <label
              htmlFor={inputId}
              className="grid cursor-pointer justify-items-center gap-2 rounded-md border border-dashed p-8 text-center text-sm hover:bg-muted/50 focus-within:ring-2 focus-within:ring-ring"
            >
              {step.kind === "checking" ? (
                <>
                  <LoaderCircle className="size-6 animate-spin" aria-hidden />
                  <span role="status">Checking {step.fileName}…</span>
                </>
              ) : (
                <>
                  <FileUp className="size-6" aria-hidden />
                  <span className="font-medium">Choose a CSV file</span>
                  <span className="text-muted-foreground">Up to 10,000 rows and 5 MB, comma- or semicolon-separated</span>
                </>
              )}
              <input
                id={inputId}
                type="file"
                accept=".csv,text/csv"
                aria-label="CSV file"
                className="sr-only"
                disabled={step.kind === "checking"}
                onChange={(event) => {
                  void onFile(event.target.files?.[0]);
                  event.target.value = "";
                }}
              />
            </label>
            {step.kind === "choose" && step.error && (
              <p role="alert" className="rounded-md border border-destructive/50 bg-destructive/10 px-3 py-2 text-sm text-destructive">
                {step.error}
              </p>
            )}
            <Button
              type="button"
              variant="link"
              className="justify-self-start px-0"
              onClick={() => saveFile(new Blob([importTemplate(target)], { type: "text/csv" }), `${target}-template.csv`)}
            >
              Download a template
            </Button>
          </div>
        )}

        {step.kind === "preview" && summary && (
          <div className="grid gap-3">
            <p className="text-sm">
              <span className="font-medium">{step.fileName}</span>: {summary.total.toLocaleString("en-US")} rows.
            </p>
            <ul className="flex flex-wrap gap-2 text-sm" aria-label="Summary">
              <li><Badge variant="secondary">{summary.valid.toLocaleString("en-US")} ready to import</Badge></li>
              {summary.invalid > 0 && <li><Badge variant="destructive">{summary.invalid.toLocaleString("en-US")} with errors</Badge></li>}
              {summary.duplicate > 0 && <li><Badge variant="outline">{summary.duplicate.toLocaleString("en-US")} duplicates in the file</Badge></li>}
              {summary.exists > 0 && <li><Badge variant="outline">{summary.exists.toLocaleString("en-US")} already exist</Badge></li>}
            </ul>
            {step.preview.mapping.ignored.length > 0 && (
              <p className="text-sm text-muted-foreground">Ignored columns: {step.preview.mapping.ignored.join(", ")}.</p>
            )}
            <PreviewTable preview={step.preview} />
            {importError && (
              <p role="alert" className="rounded-md border border-destructive/50 bg-destructive/10 px-3 py-2 text-sm text-destructive">
                {importError}
              </p>
            )}
          </div>
        )}

        <DialogFooter>
          {step.kind === "preview" && (
            <Button type="button" variant="outline" disabled={importRecords.isPending} onClick={() => setStep({ kind: "choose", error: null })}>
              Choose another file
            </Button>
          )}
          <Button type="button" variant="outline" disabled={importRecords.isPending} onClick={onClose}>
            Cancel
          </Button>
          {step.kind === "preview" && summary && (
            <Button type="button" disabled={summary.valid === 0 || importRecords.isPending} onClick={() => void runImport(step.preview.rows)}>
              {importRecords.isPending && <LoaderCircle className="animate-spin" aria-hidden />}
              Import {summary.valid.toLocaleString("en-US")} {summary.valid === 1 ? model.singular : model.plural}
            </Button>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

/** Problem rows first, then ready ones, at most SHOWN_ROWS. */
function PreviewTable({ preview }: { preview: Extract<ImportPreview, { ok: true }> }) {
  const columns = IMPORT_COLUMNS[preview.target].filter((c) => preview.mapping.fields.includes(c.key)).slice(0, 3);
  const order: Record<ImportRow["status"], number> = { invalid: 0, duplicate: 1, exists: 2, valid: 3 };
  const rows = [...preview.rows].sort((a, b) => order[a.status] - order[b.status] || a.line - b.line);
  return (
    <div className="rounded-md border">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead className="w-16">Line</TableHead>
            <TableHead>Status</TableHead>
            {columns.map((c) => (
              <TableHead key={c.key}>{c.label}</TableHead>
            ))}
            <TableHead>Problems</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.slice(0, SHOWN_ROWS).map((row) => (
            <TableRow key={row.line}>
              <TableCell>{row.line}</TableCell>
              <TableCell>
                <Badge variant={STATUS[row.status].variant}>{STATUS[row.status].label}</Badge>
              </TableCell>
              {columns.map((c) => (
                <TableCell key={c.key} className="max-w-48 truncate">
                  {row.values[c.key]}
                </TableCell>
              ))}
              <TableCell className="whitespace-normal text-sm">
                {row.status === "invalid" && (
                  <ul className="grid gap-0.5 text-destructive">
                    {Object.entries(row.errors).map(([field, message]) => (
                      <li key={field}>
                        {field}: {message}
                      </li>
                    ))}
                  </ul>
                )}
                {row.status === "duplicate" && <span className="text-muted-foreground">Same as line {row.duplicateOf}; skipped</span>}
                {row.status === "exists" && <span className="text-muted-foreground">{row.key} is already in your organisation; skipped</span>}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {rows.length > SHOWN_ROWS && (
        <p className="border-t px-3 py-2 text-sm text-muted-foreground">…and {(rows.length - SHOWN_ROWS).toLocaleString("en-US")} more rows.</p>
      )}
    </div>
  );
}
