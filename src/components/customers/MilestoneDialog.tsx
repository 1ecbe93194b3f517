import { zodResolver } from "@hookform/resolvers/zod";
import { format } from "date-fns";
import { useForm } from "react-hook-form";
import { FormServerError } from "@/components/settings/FormServerError";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form } from "@/components/ui/form";
import { FormDialogFooter } from "@/components/ui/form-dialog-footer";
import { Input } from "@/components/ui/input";
import { LabelledFormField } from "@/components/ui/labelled-form-field";
import { milestoneSchema, type MilestoneForm } from "@/domain/customer-success/milestones";

/** Record a success milestone the daily job cannot see (a go-live, a first business review) (CS-4). */
export function MilestoneDialog({
  customerName,
  onSubmit,
  onClose,
}: {
  customerName: string;
  /** Saves it; a rejection's message is shown above the form (or on the title when it exists already). */
  onSubmit: (values: MilestoneForm) => Promise<void>;
  onClose: () => void;
}) {
  const form = useForm<MilestoneForm>({
    resolver: zodResolver(milestoneSchema),
    defaultValues: { title: "", achieved_on: format(new Date(), "yyyy-MM-dd") },
  });

  async function submit(values: MilestoneForm) {
    try {
      await onSubmit(values);
      onClose();
    } catch (error) {
      const message = error instanceof Error ? error.message : "The milestone could not be saved.";
      if (/success_milestones_once/.test(message)) form.setError("title", { message: `${customerName} already has this milestone` }, { shouldFocus: true });
      else form.setError("root.server", { message });
    }
  }

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="sm:max-w-md">
        <DialogHeader>
          <DialogTitle>Record milestone</DialogTitle>
          <DialogDescription>A success of {customerName}'s, kept once on the customer's page.</DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form noValidate onSubmit={form.handleSubmit(submit)} className="grid gap-4">
            <FormServerError message={form.formState.errors.root?.server?.message} />
            <LabelledFormField control={form.control} name="title" label="Milestone">
              {(field) => <Input placeholder="e.g. Went live in EMEA" {...field} />}
            </LabelledFormField>
            <LabelledFormField control={form.control} name="achieved_on" label="Reached on">
              {(field) => <Input type="date" className="w-44" {...field} />}
            </LabelledFormField>
            <FormDialogFooter onCancel={onClose} submitting={form.formState.isSubmitting} submitLabel="Record milestone" />
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
