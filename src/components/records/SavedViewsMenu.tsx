import { useState } from "react";
import { zodResolver } from "@hookform/resolvers/zod";
import { Bookmark, Check, ChevronDown, Pencil, Save, Share2, Trash2, Users } from "lucide-react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";
import { useUser } from "@/components/auth/useAuth";
import { ConfirmDialog } from "@/components/settings/ConfirmDialog";
import { FormServerError } from "@/components/settings/FormServerError";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Form, FormControl, FormField, FormItem, FormLabel } from "@/components/ui/form";
import { FormDialogFooter } from "@/components/ui/form-dialog-footer";
import { Input } from "@/components/ui/input";
import { LabelledFormField } from "@/components/ui/labelled-form-field";
import { fromSavedView, matchesSavedView, toSavedView, type ListState } from "@/domain/records/listState";
import type { ObjectModel } from "@/domain/records/model";
import { useDeleteView, useSavedViews, useSaveView, type SavedView } from "@/hooks/useSavedViews";

/** saved_views.name: char_length(btrim(name)) between 1 and 100. */
const viewSchema = z.object({
  name: z.string().trim().min(1, { error: "Name the view" }).max(100, { error: "Use at most 100 characters" }),
  shared: z.boolean(),
});
type ViewValues = z.infer<typeof viewSchema>;

type Props = {
  model: ObjectModel;
  state: ListState;
  /** Shows a view's list (or the plain list for null). */
  onApply: (state: ListState) => void;
};

/**
 * The list's saved views (PRODUCT.md CRM-8): pick one, save the current filters, sort and columns
 * as a new view or into the chosen one, rename, share with the organisation, delete (with a
 * confirmation). Views others shared can be used but not changed.
 */
export function SavedViewsMenu({ model, state, onApply }: Props) {
  const me = useUser();
  const views = useSavedViews(model.name);
  const save = useSaveView(model.name);
  const [dialog, setDialog] = useState<{ kind: "create" } | { kind: "rename"; view: SavedView } | { kind: "delete"; view: SavedView } | null>(null);
  const remove = useDeleteView(model.name);

  const current = views.data?.find((view) => view.id === state.view) ?? null;
  const mine = current?.owner_id === me.id;
  const changed = current ? !matchesSavedView(state, toSavedView(fromSavedView(current, model))) : false;
  const own = views.data?.filter((view) => view.owner_id === me.id) ?? [];
  const shared = views.data?.filter((view) => view.owner_id !== me.id) ?? [];

  async function saveChanges() {
    if (!current) return;
    try {
      await save.mutateAsync({ id: current.id, state: toSavedView(state) });
      toast.success(`View "${current.name}" was saved`);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "The view could not be saved.");
    }
  }

  async function toggleShared() {
    if (!current) return;
    try {
      await save.mutateAsync({ id: current.id, shared: !current.shared });
      toast.success(current.shared ? `"${current.name}" is private again` : `"${current.name}" is shared with your organisation`);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "The view could not be changed.");
    }
  }

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="outline" size="sm" className="h-9 max-w-64">
            <Bookmark aria-hidden />
            <span className="truncate">{current ? current.name : `All ${model.plural}`}</span>
            {changed && <span className="text-muted-foreground">(changed)</span>}
            <ChevronDown className="opacity-50" aria-hidden />
            <span className="sr-only">Saved views</span>
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="w-72">
          <DropdownMenuItem onSelect={() => onApply({ ...state, search: "", filters: {}, sort: [...model.defaultSort], columns: null, view: null, page: 1 })}>
            <Check className={current ? "opacity-0" : ""} aria-hidden />
            All {model.plural}
          </DropdownMenuItem>
          {views.isError && (
            <DropdownMenuLabel role="alert" className="font-normal text-destructive">
              Views could not be loaded: {views.error.message}
            </DropdownMenuLabel>
          )}
          {own.length > 0 && <DropdownMenuLabel>My views</DropdownMenuLabel>}
          {own.map((view) => (
            <ViewItem key={view.id} view={view} active={view.id === current?.id} onSelect={() => onApply(fromSavedView(view, model, state.pageSize))} />
          ))}
          {shared.length > 0 && <DropdownMenuLabel>Shared with me</DropdownMenuLabel>}
          {shared.map((view) => (
            <ViewItem key={view.id} view={view} by={view.owner?.full_name} active={view.id === current?.id} onSelect={() => onApply(fromSavedView(view, model, state.pageSize))} />
          ))}
          <DropdownMenuSeparator />
          {current && mine && changed && (
            <DropdownMenuItem onSelect={() => void saveChanges()}>
              <Save aria-hidden /> Save changes to “{current.name}”
            </DropdownMenuItem>
          )}
          <DropdownMenuItem onSelect={() => setDialog({ kind: "create" })}>
            <Bookmark aria-hidden /> Save as new view…
          </DropdownMenuItem>
          {current && mine && (
            <>
              <DropdownMenuItem onSelect={() => setDialog({ kind: "rename", view: current })}>
                <Pencil aria-hidden /> Rename “{current.name}”…
              </DropdownMenuItem>
              <DropdownMenuItem onSelect={() => void toggleShared()}>
                <Share2 aria-hidden /> {current.shared ? "Stop sharing" : "Share with my organisation"}
              </DropdownMenuItem>
              <DropdownMenuItem variant="destructive" onSelect={() => setDialog({ kind: "delete", view: current })}>
                <Trash2 aria-hidden /> Delete “{current.name}”…
              </DropdownMenuItem>
            </>
          )}
        </DropdownMenuContent>
      </DropdownMenu>

      {dialog?.kind === "create" && (
        <ViewNameDialog
          title="Save view"
          description={`Saves this list's search, filters, sort and columns as a view of ${model.plural}.`}
          initial={{ name: "", shared: false }}
          showShared
          onClose={() => setDialog(null)}
          onSubmit={async (values) => {
            const id = await save.mutateAsync({ name: values.name, shared: values.shared, state: toSavedView(state) });
            onApply({ ...state, view: id, page: 1 });
            toast.success(`View "${values.name}" was saved`);
          }}
        />
      )}
      {dialog?.kind === "rename" && (
        <ViewNameDialog
          title="Rename view"
          initial={{ name: dialog.view.name, shared: dialog.view.shared }}
          onClose={() => setDialog(null)}
          onSubmit={async (values) => {
            await save.mutateAsync({ id: dialog.view.id, name: values.name });
            toast.success(`View renamed to "${values.name}"`);
          }}
        />
      )}
      {dialog?.kind === "delete" && (
        <ConfirmDialog
          title={`Delete the view “${dialog.view.name}”?`}
          description={
            dialog.view.shared
              ? "It is shared: everyone in your organisation loses it too. The records stay as they are."
              : "Only the view goes; the records stay as they are."
          }
          confirmLabel="Delete view"
          destructive
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await remove.mutateAsync(dialog.view.id);
            onApply({ ...state, view: null, page: 1 });
            toast.success(`View "${dialog.view.name}" was deleted`);
          }}
        />
      )}
    </>
  );
}

function ViewItem({ view, active, by, onSelect }: { view: SavedView; active: boolean; by?: string; onSelect: () => void }) {
  return (
    <DropdownMenuItem onSelect={onSelect}>
      <Check className={active ? "" : "opacity-0"} aria-hidden />
      <span className="truncate">{view.name}</span>
      {by ? (
        <span className="ml-auto truncate text-xs text-muted-foreground">{by}</span>
      ) : (
        view.shared && <Users className="ml-auto opacity-60" aria-label="Shared" />
      )}
    </DropdownMenuItem>
  );
}

function ViewNameDialog({
  title,
  description,
  initial,
  showShared = false,
  onClose,
  onSubmit,
}: {
  title: string;
  description?: string;
  initial: ViewValues;
  showShared?: boolean;
  onClose: () => void;
  onSubmit: (values: ViewValues) => Promise<void>;
}) {
  const form = useForm<ViewValues>({ resolver: zodResolver(viewSchema), defaultValues: initial });
  async function submit(values: ViewValues) {
    try {
      await onSubmit(values);
      onClose();
    } catch (error) {
      const message = error instanceof Error ? error.message : "The view could not be saved.";
      if (/name/i.test(message)) form.setError("name", { message }, { shouldFocus: true });
      else form.setError("root.server", { message });
    }
  }
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description ?? "Views are listed under this name."}</DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form noValidate onSubmit={form.handleSubmit(submit)} className="grid gap-4">
            <FormServerError message={form.formState.errors.root?.server?.message} />
            <LabelledFormField control={form.control} name="name" label="View name">
              {(field) => <Input autoComplete="off" {...field} />}
            </LabelledFormField>
            {showShared && (
              <FormField
                control={form.control}
                name="shared"
                render={({ field }) => (
                  <FormItem className="flex items-center gap-2">
                    <FormControl>
                      <input type="checkbox" className="size-4 accent-primary" checked={field.value} onChange={(e) => field.onChange(e.target.checked)} />
                    </FormControl>
                    <FormLabel className="!mt-0 font-normal">Share with my organisation (everyone sees only the records they may see)</FormLabel>
                  </FormItem>
                )}
              />
            )}
            <FormDialogFooter onCancel={onClose} submitting={form.formState.isSubmitting} submitLabel="Save view" />
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
