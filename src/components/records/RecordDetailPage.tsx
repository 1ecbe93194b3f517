import { useState } from "react";
import { ArrowLeft, Pencil, Plus, Trash2 } from "lucide-react";
import { Link, useNavigate } from "react-router-dom";
import { toast } from "sonner";
import { useUser } from "@/components/auth/useAuth";
import { ActivityTimeline } from "@/components/activities/ActivityTimeline";
import { PageHeader } from "@/components/layout/PageHeader";
import { PageLoader } from "@/components/layout/PageLoader";
import { EmptyState, ErrorState } from "@/components/layout/States";
import { EMPTY, formatFieldValue, valueAt } from "@/components/records/format";
import { RecordFormDialog } from "@/components/records/RecordFormDialog";
import { RecordTable } from "@/components/records/RecordTable";
import { useCanEditOwner } from "@/components/records/useOwnerScope";
import { canWriteRecords, type RecordConfig, type RelatedSpec } from "@/components/records/types";
import { ConfirmDialog } from "@/components/settings/ConfirmDialog";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import type { Role } from "@/domain/navigation";
import type { FieldSpec } from "@/domain/records/model";
import { useProfile } from "@/hooks/useProfile";
import { useDeleteRecord, useRecord, useRelatedRecords, type RecordRow } from "@/hooks/useRecords";
import { formatNumber } from "@/lib/format";

const REFERENCE_PATHS: Partial<Record<string, string>> = { accounts: "/accounts", contacts: "/contacts", customers: "/customers" };

/**
 * Any object's record page: its fields in sections, records related to it, its activity timeline,
 * and Edit / Delete (the database decides whether the reader may; a refusal is shown).
 */
export function RecordDetailPage({ config, id }: { config: RecordConfig; id: string }) {
  const { model, detail } = config;
  const user = useUser();
  const role = useProfile(user.id).data?.role;
  const record = useRecord(model, id, detail.select);
  const remove = useDeleteRecord(model);
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  // Offered to the roles the config names, on records whose owner the reader may change (RLS decides).
  const canEditOwner = useCanEditOwner(record.data?.owner_id);
  const canWrite = canWriteRecords(config, role) && (record.data?.owner_id === undefined || canEditOwner);

  const back = (
    <Link to={config.path} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
      <ArrowLeft className="size-4" aria-hidden /> All {model.plural}
    </Link>
  );

  if (record.isPending) return <PageLoader />;
  if (record.isError) {
    return (
      <div className="grid gap-4">
        {back}
        <ErrorState title={`Could not load this ${model.singular}`} error={record.error} onRetry={() => void record.refetch()} />
      </div>
    );
  }
  const row = record.data;
  if (!row) {
    return (
      <div className="grid gap-4">
        {back}
        <EmptyState title={`This ${model.singular} does not exist`}>
          <p>It was deleted, or it belongs to someone whose records you may not see.</p>
        </EmptyState>
      </div>
    );
  }

  const title = String(valueAt(row, model.titleColumn) ?? model.singular);
  const Actions = detail.actions;
  const Panels = detail.panels;
  const fieldsByKey = new Map(model.fields.map((field) => [field.key, field]));

  return (
    <div className="grid gap-6">
      {back}
      <PageHeader
        title={title}
        description={detail.subtitle?.(row)}
        actions={
          <>
            {Actions && <Actions record={row} />}
            {canWrite && (
              <>
                <Button variant="outline" onClick={() => setEditing(true)}>
                  <Pencil aria-hidden /> Edit
                </Button>
                <Button variant="outline" onClick={() => setDeleting(true)}>
                  <Trash2 aria-hidden /> Delete
                </Button>
              </>
            )}
          </>
        }
      />

      <div className={detail.timeline ? "grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]" : "grid max-w-4xl gap-6"}>
        <div className="grid content-start gap-6">
          {detail.sections.map((section) => (
            <Card key={section.title}>
              <CardHeader>
                <CardTitle className="text-base">{section.title}</CardTitle>
              </CardHeader>
              <CardContent>
                <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2">
                  {section.fields.flatMap((key) => {
                    const field = fieldsByKey.get(key);
                    return field ? [<FieldValue key={key} field={field} row={row} />] : [];
                  })}
                </dl>
              </CardContent>
            </Card>
          ))}
          {Panels && <Panels record={row} />}
          {detail.related?.map((related) => (
            <RelatedList key={related.title} related={related} parent={row} role={role} />
          ))}
        </div>
        {detail.timeline && <ActivityTimeline subject={{ type: detail.timeline, id: row.id }} subjectName={title} className="content-start" />}
      </div>

      {editing && <RecordFormDialog config={config} record={row} onClose={() => setEditing(false)} />}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${title}?`}
          description={`The ${model.singular} and its activities are deleted for everyone. This cannot be undone.`}
          confirmLabel={`Delete ${model.singular}`}
          destructive
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await remove.mutateAsync(row.id).catch((error: { message?: string; code?: string }) => {
              throw new Error(
                error.code === "23503"
                  ? `Other records still refer to this ${model.singular} (${error.message}); remove them first.`
                  : (error.message ?? "It could not be deleted."),
              );
            });
            toast.success(`${title} was deleted`);
            navigate(config.path, { replace: true });
          }}
        />
      )}
    </div>
  );
}

function FieldValue({ field, row }: { field: FieldSpec; row: RecordRow }) {
  const text = formatFieldValue(field, row);
  const target = field.kind === "reference" ? field.reference?.target : undefined;
  const path = target ? REFERENCE_PATHS[target] : undefined;
  const id = row[field.key];
  return (
    <div className={field.wide || field.kind === "textarea" ? "grid gap-0.5 sm:col-span-2" : "grid gap-0.5"}>
      <dt className="text-xs font-medium text-muted-foreground">{field.label}</dt>
      <dd className="whitespace-pre-wrap break-words text-sm">
        {path && typeof id === "string" && text !== EMPTY ? (
          <Link to={`${path}/${id}`} className="font-medium underline-offset-4 hover:underline">
            {text}
          </Link>
        ) : (
          text
        )}
      </dd>
    </div>
  );
}

/** Up to 10 related records (an account's deals), with "View all" leading to the filtered list. */
function RelatedList({ related, parent, role }: { related: RelatedSpec; parent: RecordRow; role: Role | undefined }) {
  const config = related.config();
  // Anyone who may create such records may add one here (a contact at someone else's account).
  const canWrite = canWriteRecords(config, role);
  const rows = useRelatedRecords(config.model, related.column, parent.id);
  const [creating, setCreating] = useState(false);
  const columns = related.columns.flatMap((id) => config.model.columns.find((c) => c.id === id) ?? []);
  const headingId = `related-${config.model.name}-${related.column}`;
  const total = rows.data?.count ?? 0;

  return (
    <section aria-labelledby={headingId} className="grid gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold">
          {related.title}
          {rows.data && <span className="ml-2 text-sm font-normal text-muted-foreground">{formatNumber(total)}</span>}
        </h2>
        <div className="flex gap-2">
          {canWrite && related.prefill && (
            <Button size="sm" variant="outline" onClick={() => setCreating(true)}>
              <Plus aria-hidden /> New {config.model.singular}
            </Button>
          )}
          {total > (rows.data?.rows.length ?? 0) && (
            <Button size="sm" variant="ghost" asChild>
              <Link to={`${config.path}?f.${related.filterId}=${parent.id}`}>View all {formatNumber(total)}</Link>
            </Button>
          )}
        </div>
      </div>
      {rows.isPending ? (
        <Skeleton className="h-24 w-full" />
      ) : rows.isError ? (
        <ErrorState title={`Could not load the ${config.model.plural}`} error={rows.error} onRetry={() => void rows.refetch()} />
      ) : rows.data.rows.length === 0 ? (
        <p className="text-sm text-muted-foreground">No {config.model.plural} yet.</p>
      ) : (
        <RecordTable config={config} columns={columns} rows={rows.data.rows} sort={[]} caption={related.title} />
      )}
      {creating && related.prefill && (
        <RecordFormDialog config={config} prefill={related.prefill(parent)} onClose={() => setCreating(false)} />
      )}
    </section>
  );
}
