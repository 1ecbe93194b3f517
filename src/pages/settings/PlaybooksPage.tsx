import { lazy, Suspense, useState } from "react";
import { Pencil, Plus, Trash2 } from "lucide-react";
import { toast } from "sonner";
import { useUser } from "@/components/auth/useAuth";
import { PageHeader } from "@/components/layout/PageHeader";
import { EmptyState, ErrorState } from "@/components/layout/States";
import { ConfirmDialog } from "@/components/settings/ConfirmDialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { describeAction, describeTrigger, readParams } from "@/domain/customer-success/playbooks";
import { usePlaybooks, type Playbook } from "@/hooks/useCustomers";
import { useDeletePlaybook, useSetPlaybookActive } from "@/hooks/usePlaybooks";
import { useProfile } from "@/hooks/useProfile";

const PlaybookDialog = lazy(() => import("@/components/customers/settings/PlaybookDialog").then((m) => ({ default: m.PlaybookDialog })));

type Dialog = { kind: "edit"; playbook?: Playbook } | { kind: "delete"; playbook: Playbook };

/** Settings → Playbooks (PRODUCT.md CS-4): rules that act on health, their conditions and actions. */
export default function PlaybooksPage() {
  const user = useUser();
  const isAdmin = useProfile(user.id).data?.role === "admin";
  const playbooks = usePlaybooks();
  const setActive = useSetPlaybookActive();
  const remove = useDeletePlaybook();
  const [dialog, setDialog] = useState<Dialog | null>(null);

  return (
    <div className="grid gap-6">
      <PageHeader
        title="Playbooks"
        description="What happens when a customer's health calls for it: the daily job fires each active playbook once per episode of its condition."
        actions={
          isAdmin && (
            <Button onClick={() => setDialog({ kind: "edit" })}>
              <Plus aria-hidden /> New playbook
            </Button>
          )
        }
      />
      {playbooks.isPending ? (
        <div className="grid gap-4">
          <Skeleton className="h-32 w-full" />
          <Skeleton className="h-32 w-full" />
        </div>
      ) : playbooks.isError ? (
        <ErrorState title="Could not load the playbooks" error={playbooks.error} onRetry={() => void playbooks.refetch()} />
      ) : playbooks.data.length === 0 ? (
        <EmptyState title="No playbooks yet">
          <p>Add one to email customers who went quiet, book a call when health drops, or alert the CSM.</p>
        </EmptyState>
      ) : (
        <ul className="grid gap-4" aria-label="Playbooks">
          {playbooks.data.map((playbook) => (
            <li key={playbook.id}>
              <Card className="gap-4">
                <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
                  <div className="grid gap-1.5">
                    <CardTitle className="flex items-center gap-2 text-base">
                      {playbook.name}
                      <Badge variant={playbook.active ? "default" : "secondary"}>{playbook.active ? "Active" : "Paused"}</Badge>
                    </CardTitle>
                    <CardDescription>When: {describeTrigger(playbook.trigger, readParams(playbook.params))}</CardDescription>
                  </div>
                  {isAdmin && (
                    <div className="flex flex-wrap items-center gap-2">
                      <label className="flex items-center gap-2 text-sm">
                        <input
                          type="checkbox"
                          className="size-4 accent-primary"
                          checked={playbook.active}
                          disabled={setActive.isPending}
                          onChange={(event) =>
                            setActive.mutate(
                              { id: playbook.id, active: event.target.checked },
                              {
                                onSuccess: () => toast.success(`${playbook.name} is ${event.target.checked ? "active" : "paused"}`),
                                onError: (error) => toast.error(error.message),
                              },
                            )
                          }
                        />
                        Active
                      </label>
                      <Button variant="outline" size="sm" onClick={() => setDialog({ kind: "edit", playbook })}>
                        <Pencil aria-hidden /> Edit
                      </Button>
                      <Button variant="outline" size="sm" onClick={() => setDialog({ kind: "delete", playbook })}>
                        <Trash2 aria-hidden /> Delete
                      </Button>
                    </div>
                  )}
                </CardHeader>
                <CardContent className="grid gap-2 text-sm">
                  {playbook.description && <p className="text-muted-foreground">{playbook.description}</p>}
                  <ol className="grid list-decimal gap-1 pl-5" aria-label={`Actions of ${playbook.name}`}>
                    {playbook.actions.map((action) => (
                      <li key={action.id}>{describeAction(action)}</li>
                    ))}
                  </ol>
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}
      {dialog?.kind === "edit" && (
        <Suspense fallback={null}>
          <PlaybookDialog playbook={dialog.playbook} onClose={() => setDialog(null)} />
        </Suspense>
      )}
      {dialog?.kind === "delete" && (
        <ConfirmDialog
          title={`Delete ${dialog.playbook.name}?`}
          description="It stops firing; interventions it already made stay in each customer's history."
          confirmLabel="Delete playbook"
          destructive
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await remove.mutateAsync(dialog.playbook.id);
            toast.success(`${dialog.playbook.name} was deleted`);
          }}
        />
      )}
    </div>
  );
}
