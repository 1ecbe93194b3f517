import { zodResolver } from "@hookform/resolvers/zod";
import { format } from "date-fns";
import { useForm } from "react-hook-form";
import { FormServerError } from "@/components/settings/FormServerError";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form } from "@/components/ui/form";
import { FormDialogFooter } from "@/components/ui/form-dialog-footer";
import { Input } from "@/components/ui/input";
import { LabelledFormField } from "@/components/ui/labelled-form-field";
import { SelectItem } from "@/components/ui/select";
import { SelectFormField } from "@/components/ui/select-form-field";
import { submitThenClose } from "@/components/ui/submit-then-close";
import { Textarea } from "@/components/ui/textarea";
import { SENTIMENT_LABELS, SENTIMENTS } from "@/domain/activities";
import { NO_SENTIMENT, SUPPORT_KIND_LABELS, SUPPORT_KINDS, supportInteractionSchema, type SupportInteractionForm } from "@/domain/customer-success/support";

/** Log an onboarding call, check-in, technical support or upgrade discussion (CS-4). */
export function SupportInteractionDialog({
  customerName,
  onSubmit,
  onClose,
}: {
  customerName: string;
  /** Saves it; a rejection's message is shown above the form. */
  onSubmit: (values: SupportInteractionForm) => Promise<void>;
  onClose: () => void;
}) {
  const form = useForm<SupportInteractionForm>({
    resolver: zodResolver(supportInteractionSchema),
    defaultValues: { kind: "check_in", occurred_at: format(new Date(), "yyyy-MM-dd'T'HH:mm"), summary: "", outcome: "", sentiment: NO_SENTIMENT },
  });

  const submit = submitThenClose(form, onSubmit, onClose, "The interaction could not be saved.");

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>Log support interaction</DialogTitle>
          <DialogDescription>With {customerName}.</DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form noValidate onSubmit={form.handleSubmit(submit)} className="grid gap-4">
            <FormServerError message={form.formState.errors.root?.server?.message} />
            <div className="grid gap-4 sm:grid-cols-2">
              <SelectFormField control={form.control} name="kind" label="Kind">
                {SUPPORT_KINDS.map((kind) => (
                  <SelectItem key={kind} value={kind}>
                    {SUPPORT_KIND_LABELS[kind]}
                  </SelectItem>
                ))}
              </SelectFormField>
              <LabelledFormField control={form.control} name="occurred_at" label="When">
                {(field) => <Input type="datetime-local" {...field} />}
              </LabelledFormField>
            </div>
            <LabelledFormField control={form.control} name="summary" label="Summary">
              {(field) => <Textarea rows={3} {...field} />}
            </LabelledFormField>
            <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_10rem]">
              <LabelledFormField control={form.control} name="outcome" label="Outcome">
                {(field) => <Input {...field} />}
              </LabelledFormField>
              <SelectFormField control={form.control} name="sentiment" label="Sentiment">
                <SelectItem value={NO_SENTIMENT}>—</SelectItem>
                {SENTIMENTS.map((value) => (
                  <SelectItem key={value} value={value}>
                    {SENTIMENT_LABELS[value]}
                  </SelectItem>
                ))}
              </SelectFormField>
            </div>
            <FormDialogFooter onCancel={onClose} submitting={form.formState.isSubmitting} submitLabel="Log interaction" />
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
