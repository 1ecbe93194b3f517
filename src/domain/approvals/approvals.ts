/**
 * Deal approvals (PRODUCT.md GOV-3, GOV-4): the shapes the deal page and the inbox draw, what a
 * deal's approval state says in words, and the rules of the decision and override forms. The
 * database raises requests, orders steps, refuses self-approval and cross-team decisions, and
 * blocks closing; this module only words and validates.
 */
import { z } from "zod";
import { formatRole } from "@/lib/format";
import type { Database } from "@/types/database";

export type RequestStatus = Database["public"]["Enums"]["approval_status"];
export type StepStatus = Database["public"]["Enums"]["approval_step_status"];
export type Decision = "approve" | "reject";

export type ApprovalDecisionView = {
  decision: Decision;
  comment: string | null;
  decidedBy: string | null;
  decidedAt: string;
};

export type ApprovalStepView = {
  id: string;
  position: number;
  /** The step's own name, when the policy gave it one ("Finance"). */
  name: string | null;
  /** Who may decide: "Sales manager", or "Ada Lovelace, Grace Hopper". */
  approvers: string;
  status: StepStatus;
  decision: ApprovalDecisionView | null;
};

export type ApprovalRequestView = {
  id: string;
  status: RequestStatus;
  policyName: string | null;
  /** Why it was raised: "Discount 30 % is above 20 %". */
  reasons: string[];
  requestedAt: string;
  decidedAt: string | null;
  steps: ApprovalStepView[];
};

export type ExceptionView = {
  id: string;
  requestId: string;
  reason: string;
  allowedBy: string | null;
  createdAt: string;
  /** The policy it was allowed against. */
  policyName: string | null;
};

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  pending: "Pending approval",
  approved: "Approved",
  rejected: "Rejected",
  overridden: "Overridden (exception)",
  withdrawn: "Withdrawn: no longer needed",
  superseded: "Replaced by a newer request",
};

export const STEP_STATUS_LABELS: Record<StepStatus, string> = {
  waiting: "Waiting for the previous step",
  pending: "Waiting for a decision",
  approved: "Approved",
  rejected: "Rejected",
  skipped: "Skipped",
};

/** "Sales manager" for a role, or the named approvers. */
export function approverLabel(role: string | null | undefined, names: readonly string[] = []) {
  if (names.length) return names.join(", ");
  return role ? formatRole(role) : "Anyone allowed to approve";
}

export type ApprovalSummary = {
  state: "none" | RequestStatus;
  /** One line for the deal page: "Waiting for step 1 of 2: Sales manager". */
  text: string;
  /** Whether closing the deal as won is blocked (a request is pending or was rejected). */
  blocksClosing: boolean;
};

/** Requests that still speak for the deal (one per policy): not withdrawn or superseded. */
export function currentRequests<Request extends Pick<ApprovalRequestView, "status">>(requests: readonly Request[]) {
  return requests.filter((request) => request.status !== "withdrawn" && request.status !== "superseded");
}

/** The deal's approval state from its requests (any order), as the database decides closing. */
export function approvalSummary(requests: readonly ApprovalRequestView[]): ApprovalSummary {
  const current = currentRequests(requests).sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
  const pending = current.find((request) => request.status === "pending");
  if (pending) {
    const steps = [...pending.steps].sort((a, b) => a.position - b.position);
    const index = steps.findIndex((step) => step.status === "pending");
    const step = steps[index];
    return {
      state: "pending",
      text: step ? `Waiting for step ${index + 1} of ${steps.length}: ${step.approvers}` : "Waiting for approval",
      blocksClosing: true,
    };
  }
  const rejected = current.find((request) => request.status === "rejected");
  if (rejected) {
    return { state: "rejected", text: "Rejected: change the deal or ask an executive to override before closing it won", blocksClosing: true };
  }
  if (current.some((request) => request.status === "overridden")) return { state: "overridden", text: "Allowed by an exception", blocksClosing: false };
  if (current.some((request) => request.status === "approved")) return { state: "approved", text: "Approved", blocksClosing: false };
  return { state: "none", text: "No approval needed", blocksClosing: false };
}

const comment = (required: string) =>
  z.string().trim().min(1, { error: required }).max(2000, { error: "Use at most 2,000 characters" });

/** An approver's decision: approve or reject, always with a comment the rep will read. */
export const decisionSchema = z.object({
  decision: z.enum(["approve", "reject"]),
  comment: comment("Write a comment: the rep sees it with your decision"),
});
export type DecisionValues = z.infer<typeof decisionSchema>;

/** An executive's or admin's override, recorded as an exception: the reason is required. */
export const overrideSchema = z.object({
  reason: z
    .string()
    .trim()
    .min(10, { error: "Give the reason for the exception (at least 10 characters): it is recorded with it" })
    .max(2000, { error: "Use at most 2,000 characters" }),
});
export type OverrideValues = z.infer<typeof overrideSchema>;
