import { useState } from "react";
import { ArrowLeft, LoaderCircle, Zap } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { describeAction, describeTrigger, readParams, type PlaybookActionKind, type PlaybookTrigger } from "@/domain/customer-success/playbooks";
import { cn } from "@/lib/utils";

export type RunnablePlaybook = {
  id: string;
  name: string;
  description: string | null;
  trigger: PlaybookTrigger;
  params: unknown;
  active: boolean;
  actions: { id: string; kind: PlaybookActionKind; subject: string; due_in_days: number; position: number }[];
};

/**
 * "Trigger intervention" (CS-4, CS-6): choose a playbook, see exactly what it will do (email the
 * customer into the outbox, a check-in call task for the CSM, an in-app message), add a reason,
 * then confirm. Recorded as a manual intervention naming the playbook.
 */
export function TriggerInterventionDialog({
  customerName,
  playbooks,
  loadError,
  onConfirm,
  onClose,
}: {
  customerName: string;
  playbooks: readonly RunnablePlaybook[] | undefined;
  loadError?: string | null;
  onConfirm: (playbook: RunnablePlaybook, reason: string) => Promise<void>;
  onClose: () => void;
}) {
  const [chosen, setChosen] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const playbook = playbooks?.find((p) => p.id === chosen) ?? null;
  const reasonTooLong = reason.trim().length > 500;

  async function confirm() {
    if (!playbook) return;
    setPending(true);
    setError(null);
    try {
      await onConfirm(playbook, reason.trim());
      onClose();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "The intervention could not be triggered.");
    } finally {
      setPending(false);
    }
  }

  const sorted = [...(playbooks ?? [])].sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));

  return (
    <Dialog open onOpenChange={(open) => !open && !pending && onClose()}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>{confirming && playbook ? `Trigger “${playbook.name}”?` : "Trigger intervention"}</DialogTitle>
          <DialogDescription>
            {confirming ? `For ${customerName}. This happens now and is recorded in the intervention history.` : `Run a playbook's actions for ${customerName} now.`}
          </DialogDescription>
        </DialogHeader>

        {error && (
          <p role="alert" className="text-sm text-destructive">
            {error}
          </p>
        )}

        {confirming && playbook ? (
          <div className="grid gap-3">
            <p className="text-sm font-medium">It will:</p>
            <ul className="grid list-disc gap-1 pl-5 text-sm">
              {playbook.actions.map((action) => (
                <li key={action.id}>{describeAction(action)}</li>
              ))}
            </ul>
            {reason.trim() && <p className="text-sm text-muted-foreground">Reason: {reason.trim()}</p>}
          </div>
        ) : loadError ? (
          <p role="alert" className="text-sm text-destructive">
            {loadError}
          </p>
        ) : !playbooks ? (
          <div className="grid gap-2" aria-busy="true" aria-label="Loading playbooks">
            <Skeleton className="h-16 w-full" />
            <Skeleton className="h-16 w-full" />
          </div>
        ) : sorted.length === 0 ? (
          <p className="text-sm text-muted-foreground">There are no playbooks yet. An admin adds them under Settings → Playbooks.</p>
        ) : (
          <div className="grid gap-4">
            <fieldset className="grid gap-2">
              <legend className="mb-1 text-sm font-medium">Playbook</legend>
              {sorted.map((option) => (
                <label
                  key={option.id}
                  className={cn(
                    "grid cursor-pointer gap-1 rounded-md border p-3 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring",
                    chosen === option.id && "border-primary bg-accent",
                  )}
                >
                  <span className="flex items-center gap-2 font-medium">
                    <input type="radio" name="playbook" value={option.id} checked={chosen === option.id} onChange={() => setChosen(option.id)} className="size-4 accent-primary" />
                    {option.name}
                    {!option.active && <span className="text-xs font-normal text-muted-foreground">(paused for the daily job)</span>}
                  </span>
                  <span className="text-xs text-muted-foreground">When run by the job: {describeTrigger(option.trigger, readParams(option.params))}</span>
                  <ul className="grid gap-0.5 text-xs">
                    {option.actions.map((action) => (
                      <li key={action.id}>· {describeAction(action)}</li>
                    ))}
                  </ul>
                </label>
              ))}
            </fieldset>
            <div className="grid gap-2">
              <Label htmlFor="intervention-reason">Reason (optional)</Label>
              <Textarea
                id="intervention-reason"
                rows={2}
                value={reason}
                onChange={(event) => setReason(event.target.value)}
                aria-invalid={reasonTooLong}
                aria-describedby={reasonTooLong ? "intervention-reason-error" : undefined}
              />
              {reasonTooLong && (
                <p id="intervention-reason-error" className="text-sm text-destructive">
                  Use at most 500 characters
                </p>
              )}
            </div>
          </div>
        )}

        <DialogFooter>
          {confirming ? (
            <>
              <Button type="button" variant="outline" disabled={pending} onClick={() => setConfirming(false)}>
                <ArrowLeft aria-hidden /> Back
              </Button>
              <Button type="button" disabled={pending} onClick={() => void confirm()}>
                {pending ? <LoaderCircle className="animate-spin" aria-hidden /> : <Zap aria-hidden />}
                Yes, trigger it
              </Button>
            </>
          ) : (
            <>
              <Button type="button" variant="outline" onClick={onClose}>
                Cancel
              </Button>
              <Button type="button" disabled={!playbook || reasonTooLong} onClick={() => setConfirming(true)}>
                Continue
              </Button>
            </>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
