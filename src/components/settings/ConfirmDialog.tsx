import { useState, type ReactNode } from "react";
import { LoaderCircle } from "lucide-react";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";

type Props = {
  title: string;
  description: ReactNode;
  confirmLabel: string;
  destructive?: boolean;
  /** Runs on confirm; the dialog stays open (and shows the error) until it resolves. */
  onConfirm: () => Promise<void>;
  onClose: () => void;
  /** Something to offer beside the error of a failed confirm (a link to what blocked it). */
  errorAction?: (error: unknown) => ReactNode;
};

/** Asks before a consequential action, waits for it, and shows why it failed if it did. */
export function ConfirmDialog({ title, description, confirmLabel, destructive = false, onConfirm, onClose, errorAction }: Props) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ message: string; cause: unknown } | null>(null);

  async function confirm() {
    setPending(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (failure) {
      setError({ message: failure instanceof Error ? failure.message : "That did not work. Try again.", cause: failure });
    } finally {
      setPending(false);
    }
  }

  return (
    <AlertDialog open onOpenChange={(open) => !open && !pending && onClose()}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription>{description}</AlertDialogDescription>
        </AlertDialogHeader>
        {error && (
          <p role="alert" className="text-sm text-destructive">
            {error.message} {errorAction?.(error.cause)}
          </p>
        )}
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
          <Button variant={destructive ? "destructive" : "default"} disabled={pending} onClick={confirm}>
            {pending && <LoaderCircle className="animate-spin" aria-hidden />}
            {confirmLabel}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
