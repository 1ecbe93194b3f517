import { useMemo, useState } from "react";
import { Pencil, Plus, Trash2 } from "lucide-react";
import { toast } from "sonner";
import { useUser } from "@/components/auth/useAuth";
import { PageHeader } from "@/components/layout/PageHeader";
import { EmptyState, ErrorState } from "@/components/layout/States";
import { PolicyDialog } from "@/components/settings/approvals/PolicyDialog";
import { ConfirmDialog } from "@/components/settings/ConfirmDialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { describeConditions, describeSteps } from "@/domain/approvals/policies";
import { useApprovalPolicies, useDeleteApprovalPolicy, useSetPolicyActive, type PolicyRow } from "@/hooks/useApprovals";
import { useProfile } from "@/hooks/useProfile";
import { useActiveClasses } from "@/hooks/useScoring";
import { useUsers } from "@/hooks/useUsers";

type Dialog = { kind: "edit"; policy?: PolicyRow } | { kind: "delete"; policy: PolicyRow };

/**
 * Settings → Approval policies (GOV-3), for admins: when a deal needs approval (discount, amount,
 * score, class, deal type) and who approves it, step by step.
 */
export default function ApprovalPoliciesPage() {
  const user = useUser();
  const profile = useProfile(user.id);
  const users = useUsers(profile.data?.org_id);
  const policies = useApprovalPolicies();
  const classes = useActiveClasses();
  const setActive = useSetPolicyActive();
  const remove = useDeleteApprovalPolicy();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const names = useMemo(() => new Map((users.data ?? []).map((person) => [person.id, person.full_name])), [users.data]);
  const people = (users.data ?? []).filter((person) => person.active);

  return (
    <div className="grid gap-6">
      <PageHeader
        title="Approval policies"
        description="When a deal needs approval before it may close won, and who approves it. A deal that crosses a policy gets a request automatically."
        actions={
          <Button onClick={() => setDialog({ kind: "edit" })}>
            <Plus aria-hidden /> New policy
          </Button>
        }
      />
      {policies.isPending ? (
        <div className="grid gap-3" aria-busy="true" aria-label="Loading the policies">
          <Skeleton className="h-28" />
          <Skeleton className="h-28" />
        </div>
      ) : policies.isError ? (
        <ErrorState title="Could not load the approval policies" error={policies.error} onRetry={() => void policies.refetch()} />
      ) : policies.data.length === 0 ? (
        <EmptyState title="No approval policies yet">
          <p>Without a policy no deal needs approval. Start with one for large discounts.</p>
          <Button size="sm" onClick={() => setDialog({ kind: "edit" })}>
            New policy
          </Button>
        </EmptyState>
      ) : (
        <ul className="grid gap-3" aria-label="Approval policies">
          {policies.data.map((policy) => (
            <li key={policy.id}>
              <Card className="gap-3 py-4">
                <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3 space-y-0 px-4 sm:px-6">
                  <div className="grid gap-1">
                    <CardTitle className="flex flex-wrap items-center gap-2 text-base">
                      <h2>{policy.name}</h2>
                      {policy.is_active ? <Badge>Active</Badge> : <Badge variant="outline">Inactive</Badge>}
                    </CardTitle>
                    {policy.description && <CardDescription>{policy.description}</CardDescription>}
                  </div>
                  <div className="flex flex-wrap gap-2">
                    <Button
                      size="sm"
                      variant="outline"
                      disabled={setActive.isPending}
                      onClick={() =>
                        setActive.mutate(
                          { id: policy.id, active: !policy.is_active },
                          {
                            onSuccess: () => toast.success(`${policy.name} is ${policy.is_active ? "inactive" : "active"}`),
                            onError: (error) => toast.error("Could not change the policy", { description: error.message }),
                          },
                        )
                      }
                    >
                      {policy.is_active ? "Deactivate" : "Activate"}
                    </Button>
                    <Button size="sm" variant="outline" onClick={() => setDialog({ kind: "edit", policy })} aria-label={`Edit ${policy.name}`}>
                      <Pencil aria-hidden /> Edit
                    </Button>
                    <Button size="sm" variant="outline" onClick={() => setDialog({ kind: "delete", policy })} aria-label={`Delete ${policy.name}`}>
                      <Trash2 aria-hidden />
                    </Button>
                  </div>
                </CardHeader>
                <CardContent className="grid gap-1 px-4 text-sm sm:px-6">
                  <p>
                    <span className="text-muted-foreground">When: </span>
                    {describeConditions(policy)}
                  </p>
                  <p>
                    <span className="text-muted-foreground">Approved by: </span>
                    {describeSteps(policy.steps, names)}
                  </p>
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}

      {dialog?.kind === "edit" && <PolicyDialog policy={dialog.policy} classes={classes ?? []} people={people} onClose={() => setDialog(null)} />}
      {dialog?.kind === "delete" && (
        <ConfirmDialog
          title={`Delete ${dialog.policy.name}?`}
          description="Only a policy that never raised a request can be deleted; otherwise deactivate it, so its requests keep their history."
          confirmLabel="Delete policy"
          destructive
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await remove.mutateAsync(dialog.policy.id);
            toast.success(`${dialog.policy.name} was deleted`);
          }}
        />
      )}
    </div>
  );
}
