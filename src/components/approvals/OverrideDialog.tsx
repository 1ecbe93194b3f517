import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { FormServerError } from "@/components/settings/FormServerError";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form } from "@/components/ui/form";
import { FormDialogFooter } from "@/components/ui/form-dialog-footer";
import { LabelledFormField } from "@/components/ui/labelled-form-field";
import { submitThenClose } from "@/components/ui/submit-then-close";
import { Textarea } from "@/components/ui/textarea";
import { overrideSchema, type OverrideValues } from "@/domain/approvals/approvals";

type Props = {
  dealName: string;
  onSubmit: (values: OverrideValues) => Promise<void>;
  onClose: () => void;
};

/** An executive or admin allows the deal against policy; the reason is kept as an exception (GOV-4). */
export function OverrideDialog({ dealName, onSubmit, onClose }: Props) {
  const form = useForm<OverrideValues>({ resolver: zodResolver(overrideSchema), defaultValues: { reason: "" } });

  const submit = submitThenClose(form, onSubmit, onClose, "The override could not be saved.");

  return (
    <Dialog open onOpenChange={(open) => !open && !form.formState.isSubmitting && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Override the approval of {dealName}</DialogTitle>
          <DialogDescription>
            The deal may close without the approvals its policy asks for. This is recorded as an exception with your name and
            reason, and counts in the governance exception rate.
          </DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form noValidate onSubmit={form.handleSubmit(submit)} className="grid gap-4">
            <FormServerError message={form.formState.errors.root?.server?.message} />
            <LabelledFormField
              control={form.control}
              name="reason"
              label="Reason"
              description="Why this deal should go ahead against policy."
            >
              {(field) => <Textarea rows={4} {...field} />}
            </LabelledFormField>
            <FormDialogFooter
              onCancel={onClose}
              submitting={form.formState.isSubmitting}
              submitLabel="Override and record exception"
              variant="destructive"
              disableCancelWhileSubmitting
            />
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
