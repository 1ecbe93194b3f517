import { useMemo } from "react";
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { Link } from "react-router-dom";
import { FormServerError } from "@/components/settings/FormServerError";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { FormDialogFooter } from "@/components/ui/form-dialog-footer";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { BoardDeal } from "@/domain/board";
import { dealFieldKind, labelFields, missingFieldsSchema } from "@/domain/dealFields";
import { useAccountContacts, useDealFieldLabels, type DealFieldValues } from "@/hooks/useBoard";

type Props = {
  deal: BoardDeal;
  stageName: string;
  /** Keys of public.deal_fields() the database named as missing. */
  fields: readonly string[];
  /** Saves the values (with the deal's version check) and moves the deal again. */
  onSubmit: (values: DealFieldValues) => Promise<void>;
  onClose: () => void;
};

/**
 * The stage the deal is leaving (or the lost stage it is entering) needs fields the deal does not
 * have: ask for exactly those, save them, and try the move again.
 */
export function MissingFieldsDialog({ deal, stageName, fields, onSubmit, onClose }: Props) {
  const labels = useDealFieldLabels();
  const labelled = useMemo(() => labelFields(fields, labels.data), [fields, labels.data]);
  const schema = useMemo(() => missingFieldsSchema(labelled), [labelled]);
  const form = useForm<Record<string, string>, unknown, Record<string, unknown>>({
    resolver: zodResolver(schema),
    defaultValues: Object.fromEntries(fields.map((key) => [key, ""])),
  });
  const contacts = useAccountContacts(fields.includes("primary_contact_id") ? deal.account_id : undefined);

  async function submit(values: Record<string, unknown>) {
    try {
      await onSubmit(values as DealFieldValues);
    } catch (error) {
      form.setError("root.server", { message: error instanceof Error ? error.message : "The deal could not be saved." });
    }
  }

  return (
    <Dialog open onOpenChange={(open) => !open && !form.formState.isSubmitting && onClose()}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto">
        <DialogHeader>
          <DialogTitle>Fill in to move {deal.name}</DialogTitle>
          <DialogDescription>
            To move to {stageName}, this deal needs: {labelled.map((field) => field.label).join(", ")}.
          </DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form noValidate onSubmit={form.handleSubmit(submit)} className="grid gap-4">
            <FormServerError message={form.formState.errors.root?.server?.message} />
            {labelled.map(({ key, label }, index) => {
              const spec = dealFieldKind(key);
              return (
                <FormField
                  key={key}
                  control={form.control}
                  name={key}
                  render={({ field }) => (
                    <FormItem>
                      <FormLabel>{label}</FormLabel>
                      {spec.kind === "select" || spec.kind === "contact" ? (
                        <Select value={field.value} onValueChange={field.onChange}>
                          <FormControl>
                            <SelectTrigger className="w-full">
                              <SelectValue placeholder={`Choose ${label.toLowerCase()}`} />
                            </SelectTrigger>
                          </FormControl>
                          <SelectContent>
                            {(spec.kind === "select"
                              ? spec.options
                              : (contacts.data ?? []).map((contact) => ({
                                  value: contact.id,
                                  label: [contact.full_name || contact.last_name, contact.title].filter(Boolean).join(", "),
                                }))
                            ).map((option) => (
                              <SelectItem key={option.value} value={option.value}>
                                {option.label}
                              </SelectItem>
                            ))}
                          </SelectContent>
                        </Select>
                      ) : (
                        <FormControl>
                          {spec.kind === "longText" ? (
                            <Textarea rows={3} autoFocus={index === 0} {...field} />
                          ) : (
                            <Input
                              autoFocus={index === 0}
                              autoComplete="off"
                              type={spec.kind === "number" ? "number" : spec.kind === "date" ? "date" : "text"}
                              inputMode={spec.kind === "number" ? "decimal" : undefined}
                              step={spec.kind === "number" ? (spec.step ?? "1") : undefined}
                              {...field}
                            />
                          )}
                        </FormControl>
                      )}
                      {spec.kind === "list" && <FormDescription>Separate names with commas.</FormDescription>}
                      {spec.kind === "number" && spec.unit && <FormDescription>In {spec.unit}.</FormDescription>}
                      {spec.kind === "contact" && contacts.isSuccess && contacts.data.length === 0 && (
                        <FormDescription>
                          {deal.account_name ?? "This account"} has no contacts yet.{" "}
                          <Link className="underline" to={`/accounts/${deal.account_id}`}>
                            Add one on the account
                          </Link>
                          .
                        </FormDescription>
                      )}
                      <FormMessage />
                    </FormItem>
                  )}
                />
              );
            })}
            <FormDialogFooter
              onCancel={onClose}
              submitting={form.formState.isSubmitting}
              submitLabel="Save and move"
              disableCancelWhileSubmitting
            />
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
