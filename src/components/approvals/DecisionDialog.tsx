import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { FormServerError } from "@/components/settings/FormServerError";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form } from "@/components/ui/form";
import { FormDialogFooter } from "@/components/ui/form-dialog-footer";
import { LabelledFormField } from "@/components/ui/labelled-form-field";
import { submitThenClose } from "@/components/ui/submit-then-close";
import { Textarea } from "@/components/ui/textarea";
import { decisionSchema, type Decision, type DecisionValues } from "@/domain/approvals/approvals";

type Props = {
  dealName: string;
  decision: Decision;
  /** What the request is about, shown under the title ("Discount 30 % is above 20 %"). */
  reason?: string | null;
  /** Sends the decision; a refusal (self-approval, another team, already decided) stays in the dialog. */
  onSubmit: (values: DecisionValues) => Promise<void>;
  onClose: () => void;
};

/** Approve or reject one approval step, with the comment the rep will read. */
export function DecisionDialog({ dealName, decision, reason, onSubmit, onClose }: Props) {
  const form = useForm<DecisionValues>({ resolver: zodResolver(decisionSchema), defaultValues: { decision, comment: "" } });
  const approve = decision === "approve";

  const submit = submitThenClose(form, onSubmit, onClose, "The decision could not be saved.");

  return (
    <Dialog open onOpenChange={(open) => !open && !form.formState.isSubmitting && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>
            {approve ? "Approve" : "Reject"} {dealName}
          </DialogTitle>
          <DialogDescription>
            {reason ? `${reason}. ` : ""}
            {approve ? "The deal moves to the next step, or may close once every step approved." : "The deal cannot be closed won until it changes and is approved."}
          </DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form noValidate onSubmit={form.handleSubmit(submit)} className="grid gap-4">
            <FormServerError message={form.formState.errors.root?.server?.message} />
            <LabelledFormField
              control={form.control}
              name="comment"
              label="Comment"
              description={approve ? "Say what you agreed to, or any condition." : "Say what would make it acceptable."}
            >
              {(field) => <Textarea rows={4} {...field} />}
            </LabelledFormField>
            <FormDialogFooter
              onCancel={onClose}
              submitting={form.formState.isSubmitting}
              submitLabel={approve ? "Approve" : "Reject"}
              variant={approve ? "default" : "destructive"}
              disableCancelWhileSubmitting
            />
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
