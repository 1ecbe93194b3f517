/**
 * The customer-success data seam (PRODUCT.md CS-5, CS-6, CS-8): the dashboard's summary and
 * at-risk panel, one customer's page in one call (public.customer_detail), the organisation's
 * health thresholds, and what a CSM does on a customer (log a support interaction, run a
 * playbook). Row level security decides the rows; nothing here filters for safety.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useUser } from "@/components/auth/useAuth";
import { DEFAULT_THRESHOLDS, type HealthStatus, type HealthThresholds } from "@/domain/customer-success/health";
import { toMilestoneInsert, type MilestoneForm } from "@/domain/customer-success/milestones";
import type { PlaybookActionKind, PlaybookTrigger } from "@/domain/customer-success/playbooks";
import type { RiskLevel, RenewalStatus } from "@/domain/customer-success/renewals";
import { toSupportInteractionInsert, type SupportInteractionForm, type SupportInteractionKind } from "@/domain/customer-success/support";
import { useOrganization } from "@/hooks/useOrganization";
import { useProfile } from "@/hooks/useProfile";
import { dbError } from "@/lib/dbError";
import { queryKeys } from "@/lib/queryKeys";
import { supabase } from "@/lib/supabase";
import type { Database } from "@/types/database";

export type CustomerListRow = Database["public"]["Views"]["customer_list"]["Row"];

type StatusCounts = Record<HealthStatus | "unscored", number>;
type SegmentRow = { customers: number; at_risk: number; average_score: number | null; arr: number | null };

/** public.customer_dashboard_summary(): counts and revenue over the active customers the caller reads. */
export type CustomerSummary = {
  customers: number;
  by_status: StatusCounts;
  mrr: number;
  arr: number;
  arr_by_status: Record<HealthStatus, number>;
  average_score: number | null;
  by_tier: (SegmentRow & { tier: number })[];
  by_industry: (SegmentRow & { industry: string })[];
  renewals: Record<"30" | "60" | "90" | "180", { count: number; value: number }> & { high_risk_90: number };
};

export function useCustomerSummary() {
  return useQuery({
    queryKey: queryKeys.customers.summary,
    queryFn: async () => {
      const { data, error } = await supabase.rpc("customer_dashboard_summary");
      if (error) throw dbError(error);
      return data as unknown as CustomerSummary;
    },
  });
}

export const AT_RISK_LIMIT = 8;

/** The at-risk panel: active customers at risk or critical, worst first, then the most revenue. */
export function useAtRiskCustomers(limit = AT_RISK_LIMIT) {
  return useQuery({
    queryKey: queryKeys.customers.atRisk({ limit }),
    queryFn: async () => {
      const { data, error } = await supabase
        .from("customer_list")
        .select("id, name, health_score, health_status, arr, currency, owner_name, top_churn_factor, next_renewal_date")
        .eq("is_active", true)
        .in("health_status", ["at_risk", "critical"])
        .order("health_score", { ascending: true })
        .order("arr", { ascending: false, nullsFirst: false })
        .order("id")
        .limit(limit);
      if (error) throw dbError(error);
      return data;
    },
  });
}

/** The organisation's status thresholds (the default until one is saved or when it cannot be read). */
export function useHealthThresholds(): HealthThresholds {
  const config = useQuery({
    queryKey: [...queryKeys.customerSuccess.healthConfig, "thresholds"],
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const { data, error } = await supabase.from("health_score_configs").select("healthy_min, at_risk_min").maybeSingle();
      if (error) throw dbError(error);
      return data;
    },
  });
  return config.data ? { healthyMin: config.data.healthy_min, atRiskMin: config.data.at_risk_min } : DEFAULT_THRESHOLDS;
}

type Factor = { factor: string; points: number; detail: string };

export type CustomerDetail = {
  customer: CustomerListRow & { churn_factors: Factor[]; expansion_factors: Factor[]; churn_reason: string | null };
  latest: {
    day: string;
    score: number;
    status: HealthStatus;
    breakdown: Record<string, { points: number; weight: number; value: number | null; detail: string }>;
    days_since_login: number | null;
    churn_risk: number | null;
    expansion_score: number | null;
    config_version: number;
  } | null;
  history: { day: string; score: number; status: HealthStatus; churn_risk: number | null; expansion_score: number | null }[];
  renewals: {
    id: string;
    renewal_date: string;
    current_value: number;
    proposed_value: number | null;
    currency: string;
    status: RenewalStatus;
    closed_on: string | null;
    risk_level: RiskLevel | null;
    risk_score: number | null;
    risk_factors: Factor[];
    renewal_deal_id: string | null;
    notes: string | null;
  }[];
  interventions: {
    id: string;
    source: "playbook" | "manual";
    playbook_id: string | null;
    playbook_name: string | null;
    trigger_key: string;
    trigger_day: string;
    reason: string;
    actions: unknown;
    outcome: string | null;
    created_by: string | null;
    created_at: string;
  }[];
  milestones: { id: string; kind: string; title: string; achieved_on: string; celebrated_at: string | null }[];
  support_interactions: {
    id: string;
    kind: SupportInteractionKind;
    occurred_at: string;
    summary: string;
    outcome: string | null;
    sentiment: "positive" | "neutral" | "negative" | null;
    owner_id: string;
    owner_name: string | null;
  }[];
  deals: {
    id: string;
    name: string;
    deal_type: string;
    status: string;
    stage_name: string | null;
    amount: number | null;
    currency: string;
    expected_close_date: string;
    owner_name: string | null;
  }[];
};

/** Everything the customer page shows, in one call; null when the caller cannot read the customer. */
export function useCustomerDetail(customerId: string) {
  return useQuery({
    queryKey: queryKeys.customers.detail(customerId),
    queryFn: async () => {
      const { data, error } = await supabase.rpc("customer_detail", { p_customer_id: customerId, p_history_days: 365 });
      if (error) {
        // P0002: no such customer, or one the caller may not read.
        if (error.code === "P0002") return null;
        throw dbError(error);
      }
      return data as unknown as CustomerDetail;
    },
  });
}

/** After anything that changes a customer: its page, the dashboard, the lists and the timeline. */
export function invalidateCustomers(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.customers.all }),
    queryClient.invalidateQueries({ queryKey: queryKeys.records.object("customers") }),
    queryClient.invalidateQueries({ queryKey: queryKeys.activities.all }),
  ]);
}

export function useAddSupportInteraction(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (values: SupportInteractionForm) => {
      const { data, error } = await supabase.from("support_interactions").insert(toSupportInteractionInsert(customerId, values)).select("id");
      if (error) throw dbError(error);
      if (!data.length) throw new Error("The interaction could not be saved: only the customer's CSM and lead CSMs may log one.");
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.customers.detail(customerId) }),
  });
}

/** Records a success milestone by hand; the same title twice is refused (success_milestones_once). */
export function useRecordMilestone(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (values: MilestoneForm) => {
      const { data, error } = await supabase.from("success_milestones").insert(toMilestoneInsert(customerId, values)).select("id");
      if (error) throw dbError(error);
      if (!data.length) throw new Error("The milestone could not be saved: only the customer's CSM and lead CSMs may record one.");
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.customers.detail(customerId) }),
  });
}

export type Playbook = {
  id: string;
  name: string;
  description: string | null;
  trigger: PlaybookTrigger;
  params: unknown;
  active: boolean;
  updated_at: string;
  actions: { id: string; kind: PlaybookActionKind; subject: string; body: string | null; due_in_days: number; position: number }[];
};

/** The organisation's playbooks with their actions in order. */
export function usePlaybooks(enabled = true) {
  return useQuery({
    queryKey: queryKeys.customerSuccess.playbooks,
    enabled,
    queryFn: async (): Promise<Playbook[]> => {
      const { data, error } = await supabase
        .from("playbooks")
        .select("id, name, description, trigger, params, active, updated_at, actions:playbook_actions(id, kind, subject, body, due_in_days, position)")
        .order("name")
        .order("position", { referencedTable: "playbook_actions" });
      if (error) throw dbError(error);
      return data;
    },
  });
}

/** Runs a playbook's actions for a customer now, recorded as a manual intervention (public.run_playbook). */
export function useRunPlaybook(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ playbookId, reason }: { playbookId: string; reason: string }) => {
      const { data, error } = await supabase.rpc("run_playbook", { p_customer_id: customerId, p_playbook_id: playbookId, p_reason: reason || undefined });
      if (error) throw dbError(error);
      return data;
    },
    onSuccess: () =>
      Promise.all([
        invalidateCustomers(queryClient),
        queryClient.invalidateQueries({ queryKey: queryKeys.notifications.all }),
        queryClient.invalidateQueries({ queryKey: ["customer-success", "outbox"] }),
      ]),
  });
}

/** The organisation's currency, for totals over customers (USD until it is known). */
export function useOrgCurrency(): string {
  const user = useUser();
  const orgId = useProfile(user.id).data?.org_id;
  return useOrganization(orgId).data?.currency ?? "USD";
}
