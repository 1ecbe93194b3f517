import type { ComponentProps } from "react";
import { LoaderCircle } from "lucide-react";
import { Button } from "@/components/ui/button";
import { DialogFooter } from "@/components/ui/dialog";

/** A form dialog's Cancel and submit buttons; the submit button spins and is disabled while the form submits. */
function FormDialogFooter({
  onCancel,
  submitting,
  submitLabel,
  variant,
  disableCancelWhileSubmitting = false,
}: {
  onCancel: () => void;
  submitting: boolean;
  submitLabel: string;
  variant?: ComponentProps<typeof Button>["variant"];
  disableCancelWhileSubmitting?: boolean;
}) {
  return (
    <DialogFooter>
      <Button type="button" variant="outline" onClick={onCancel} disabled={disableCancelWhileSubmitting && submitting}>
        Cancel
      </Button>
      <Button type="submit" variant={variant} disabled={submitting}>
        {submitting && <LoaderCircle className="animate-spin" aria-hidden />}
        {submitLabel}
      </Button>
    </DialogFooter>
  );
}

export { FormDialogFooter };
