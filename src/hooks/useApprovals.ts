/**
 * Deal approvals (GOV-3, GOV-4; docs/governance-api.md): a deal's requests, steps, decisions and
 * exceptions, the caller's inbox and history, decide and override, and the admin's policies. The
 * database raises requests, checks who may decide and blocks closing; these hooks read and ask.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useUser } from "@/components/auth/useAuth";
import { approverLabel, type ApprovalRequestView, type Decision, type ExceptionView } from "@/domain/approvals/approvals";
import type { PolicyDefinition } from "@/domain/approvals/policies";
import { dbError } from "@/lib/dbError";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";
import type { Json } from "@/types/database";

const REQUEST_SELECT =
  "id, deal_id, status, reasons, deal_values, created_at, decided_at, current_step, " +
  "policy:approval_policies!approval_requests_org_id_policy_id_fkey(name), " +
  "steps:approval_steps!approval_steps_org_id_request_id_fkey(id, position, name, approver_role, approver_ids, status, opened_at, decided_at, comment, " +
  "decider:profiles!approval_steps_org_id_decided_by_fkey(full_name))";

type StepRow = {
  id: string;
  position: number;
  name: string | null;
  approver_role: string | null;
  approver_ids: string[];
  status: ApprovalRequestView["steps"][number]["status"];
  decided_at: string | null;
  comment: string | null;
  decider: { full_name: string } | null;
};

type RequestRow = {
  id: string;
  deal_id: string;
  status: ApprovalRequestView["status"];
  reasons: string[];
  deal_values: Json;
  created_at: string;
  decided_at: string | null;
  policy: { name: string } | null;
  steps: StepRow[];
};

/** Names of the people named on steps, from the organisation's directory (every member reads it). */
async function approverNames(rows: readonly RequestRow[]) {
  const ids = [...new Set(rows.flatMap((row) => row.steps.flatMap((step) => step.approver_ids)))];
  if (ids.length === 0) return new Map<string, string>();
  const { data, error } = await supabase.from("profiles").select("id, full_name").in("id", ids);
  if (error) throw dbError(error);
  return new Map(data.map((profile) => [profile.id, profile.full_name]));
}

export function toRequestView(row: RequestRow, names: ReadonlyMap<string, string>): ApprovalRequestView {
  return {
    id: row.id,
    status: row.status,
    policyName: row.policy?.name ?? null,
    reasons: row.reasons,
    requestedAt: row.created_at,
    decidedAt: row.decided_at,
    steps: [...row.steps]
      .sort((a, b) => a.position - b.position)
      .map((step) => ({
        id: step.id,
        position: step.position,
        name: step.name,
        approvers: approverLabel(step.approver_role, step.approver_ids.map((id) => names.get(id) ?? "someone no longer in the organisation")),
        status: step.status,
        decision:
          step.status === "approved" || step.status === "rejected"
            ? { decision: step.status === "approved" ? "approve" : "reject", comment: step.comment, decidedBy: step.decider?.full_name ?? null, decidedAt: step.decided_at ?? row.decided_at ?? row.created_at }
            : null,
      })),
  };
}

export type DealApprovals = { requests: ApprovalRequestView[]; exceptions: ExceptionView[] };

/** A deal's requests (newest first) and exceptions. */
export function useDealApprovals(dealId: string, version?: unknown) {
  return useQuery({
    // The deal's version: an edit that raises or withdraws a request bumps it.
    queryKey: [...queryKeys.approvals.deal(dealId), version ?? null],
    queryFn: async (): Promise<DealApprovals> => {
      const [requests, exceptions] = await Promise.all([
        supabase.from("approval_requests").select(REQUEST_SELECT).eq("deal_id", dealId).order("created_at", { ascending: false }).limit(50),
        supabase
          .from("approval_exceptions")
          .select(
            "id, request_id, reason, created_at, granter:profiles!approval_exceptions_org_id_granted_by_fkey(full_name), policy:approval_policies!approval_exceptions_org_id_policy_id_fkey(name)",
          )
          .eq("deal_id", dealId)
          .order("created_at", { ascending: false }),
      ]);
      if (requests.error) throw dbError(requests.error);
      if (exceptions.error) throw dbError(exceptions.error);
      const rows = requests.data as unknown as RequestRow[];
      const names = await approverNames(rows);
      return {
        requests: rows.map((row) => toRequestView(row, names)),
        exceptions: exceptions.data.map((row) => ({
          id: row.id,
          requestId: row.request_id,
          reason: row.reason,
          allowedBy: row.granter?.full_name ?? null,
          createdAt: row.created_at,
          policyName: row.policy?.name ?? null,
        })),
      };
    },
  });
}

/** What an approver saw when asked: approval_requests.deal_values. */
export type DealValues = {
  name?: string;
  owner_id?: string;
  owner_name?: string | null;
  amount?: number | null;
  currency?: string | null;
  list_price?: number | null;
  discount_pct?: number | null;
  score?: number | null;
  classification?: string | null;
  deal_type?: string | null;
  stage?: string | null;
};

export function dealValues(json: Json): DealValues {
  return json && typeof json === "object" && !Array.isArray(json) ? (json as DealValues) : {};
}

/** The open steps the caller may decide, oldest first (public.approval_inbox). */
export function useApprovalInbox() {
  const user = useUser();
  return useQuery({
    queryKey: queryKeys.approvals.inbox(user.id),
    queryFn: async () => {
      const { data, error } = await supabase.rpc("approval_inbox");
      if (error) throw dbError(error);
      return data.map((row) => ({ ...row, values: dealValues(row.deal_values) }));
    },
    refetchInterval: 60_000,
  });
}

export type InboxItem = NonNullable<ReturnType<typeof useApprovalInbox>["data"]>[number];

/** Steps the caller decided, newest first, with the request they belong to. */
export function useApprovalHistory(enabled = true) {
  const user = useUser();
  return useQuery({
    queryKey: queryKeys.approvals.history(user.id),
    enabled,
    queryFn: async () => {
      const { data, error } = await supabase
        .from("approval_steps")
        .select(
          "id, position, name, status, decided_at, comment, request:approval_requests!approval_steps_org_id_request_id_fkey(id, deal_id, status, reasons, deal_values, created_at, policy:approval_policies!approval_requests_org_id_policy_id_fkey(name))",
        )
        .eq("decided_by", user.id)
        .order("decided_at", { ascending: false })
        .limit(100);
      if (error) throw dbError(error);
      return data.flatMap((row) => (row.request ? [{ ...row, request: row.request, values: dealValues(row.request.deal_values) }] : []));
    },
  });
}

export type HistoryItem = NonNullable<ReturnType<typeof useApprovalHistory>["data"]>[number];

/** After a decision or an override: the deal page, the inbox, the history, scores, lists and the bell. */
function useInvalidateApprovals() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.approvals.all }),
      queryClient.invalidateQueries({ queryKey: queryKeys.notifications.all }),
      queryClient.invalidateQueries({ queryKey: queryKeys.governance.all }),
    ]);
}

export function useDecideApproval() {
  const invalidate = useInvalidateApprovals();
  return useMutation({
    mutationFn: async ({ requestId, decision, comment }: { requestId: string; decision: Decision; comment: string }) => {
      const { data, error } = await supabase.rpc("decide_approval", { request_id: requestId, decision, comment });
      if (error) throw dbError(error);
      return data;
    },
    onSettled: invalidate,
  });
}

export function useOverrideApproval() {
  const invalidate = useInvalidateApprovals();
  return useMutation({
    mutationFn: async ({ requestId, reason }: { requestId: string; reason: string }) => {
      const { data, error } = await supabase.rpc("override_approval", { request_id: requestId, reason });
      if (error) throw dbError(error);
      return data;
    },
    onSettled: invalidate,
  });
}

// ---------------------------------------------------------------------------------------------
// Policies (Settings → Approval policies, admins).

const POLICY_SELECT =
  "id, name, description, is_active, discount_above, amount_above, score_below, classification_in, deal_types, created_at, " +
  "steps:approval_policy_steps!approval_policy_steps_org_id_policy_id_fkey(id, position, name, approver_role, approver_ids)";

export type PolicyRow = {
  id: string;
  name: string;
  description: string | null;
  is_active: boolean;
  discount_above: number | null;
  amount_above: number | null;
  score_below: number | null;
  classification_in: string[] | null;
  deal_types: string[];
  created_at: string;
  steps: { id: string; position: number; name: string | null; approver_role: string | null; approver_ids: string[] }[];
};

export function useApprovalPolicies() {
  return useQuery({
    queryKey: queryKeys.approvals.policies,
    queryFn: async () => {
      const { data, error } = await supabase.from("approval_policies").select(POLICY_SELECT).order("name").order("id");
      if (error) throw dbError(error);
      return (data as unknown as PolicyRow[]).map((policy) => ({ ...policy, steps: [...policy.steps].sort((a, b) => a.position - b.position) }));
    },
  });
}

/** Creates a policy or, with an id, replaces it with its steps (public.save_approval_policy). */
export function useSaveApprovalPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (policy: PolicyDefinition) => {
      const { data, error } = await supabase.rpc("save_approval_policy", { policy: policy as unknown as Json });
      if (error) throw dbError(error);
      return data;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.approvals.policies }),
  });
}

/** Deletes a policy that never raised a request (otherwise the database asks to deactivate it). */
export function useDeleteApprovalPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      const { data, error } = await supabase.from("approval_policies").delete().eq("id", id).select("id");
      if (error) throw dbError(error);
      if (!data.length) throw new Error("The policy could not be deleted: only an admin may delete policies.");
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.approvals.policies }),
  });
}

/** Turns a policy on or off; an inactive policy raises no new requests. */
export function useSetPolicyActive() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, active }: { id: string; active: boolean }) => {
      const { data, error } = await supabase.from("approval_policies").update({ is_active: active }).eq("id", id).select("id");
      if (error) throw dbError(error);
      if (!data.length) throw new Error("The policy could not be changed: only an admin may change policies.");
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.approvals.policies }),
  });
}
