/**
 * Settings → Approval policies (GOV-3): the admin's form, mirroring public.approval_policies, its
 * steps and save_approval_policy (a condition at least, 1 to 10 ordered steps, each with an approver
 * role or named people), and a policy's conditions in words.
 */
import { z } from "zod";
import { DEAL_TYPE_LABELS } from "@/domain/records/options";
import { formatRole } from "@/lib/format";

export const APPROVER_ROLES = ["manager", "executive", "admin"] as const;
export type ApproverRole = (typeof APPROVER_ROLES)[number];
export const DEAL_TYPES = ["new", "renewal", "expansion"] as const;

/** A Select cannot hold "": this stands for "no role, only the named people". */
export const NO_ROLE = "none";

/** The document save_approval_policy takes. */
export type PolicyDefinition = {
  id?: string;
  name: string;
  description: string | null;
  is_active: boolean;
  discount_above: number | null;
  amount_above: number | null;
  score_below: number | null;
  classification_in: string[] | null;
  deal_types: string[];
  steps: { name: string | null; approver_role: ApproverRole | null; approver_ids: string[] }[];
};

const optionalNumber = (check: (value: number) => boolean, message: string) =>
  z
    .string()
    .trim()
    .refine((value) => value === "" || (Number.isFinite(Number(value.replace(",", "."))) && check(Number(value.replace(",", ".")))), { error: message })
    .transform((value) => (value === "" ? null : Number(value.replace(",", "."))));

const twoDecimals = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;

export const policyStepSchema = z
  .object({
    name: z.string().trim().max(100, { error: "Use at most 100 characters" }),
    approver_role: z.enum([...APPROVER_ROLES, NO_ROLE]),
    approver_ids: z.array(z.string()).max(20, { error: "Name at most 20 people" }),
  })
  .refine((step) => step.approver_role !== NO_ROLE || step.approver_ids.length > 0, {
    error: "Choose who approves: a role, named people, or both",
    path: ["approver_role"],
  });

export const policySchema = z
  .object({
    name: z.string().trim().min(1, { error: "Name the policy" }).max(100, { error: "Use at most 100 characters" }),
    description: z.string().trim().max(2000, { error: "Use at most 2,000 characters" }),
    is_active: z.boolean(),
    discount_above: optionalNumber((value) => value >= 0 && value <= 100 && twoDecimals(value), "Enter a discount from 0 to 100 %"),
    amount_above: optionalNumber((value) => value >= 0 && value < 1e12 && twoDecimals(value), "Enter an amount of 0 or more"),
    score_below: optionalNumber((value) => Number.isInteger(value) && value >= 1 && value <= 100, "Enter a whole score from 1 to 100"),
    classification_in: z.array(z.string()).max(10, { error: "Choose at most 10 classes" }),
    deal_types: z.array(z.enum(DEAL_TYPES)),
    steps: z
      .array(policyStepSchema)
      .min(1, { error: "A policy needs at least one step: who approves?" })
      .max(10, { error: "A policy has at most 10 steps" }),
  })
  .superRefine((policy, context) => {
    if (policy.discount_above === null && policy.amount_above === null && policy.score_below === null && policy.classification_in.length === 0) {
      context.addIssue({ code: "custom", path: ["discount_above"], message: "Give a condition: a discount, an amount, a score or a classification" });
    }
  });

export type PolicyForm = z.input<typeof policySchema>;
export type PolicyValues = z.output<typeof policySchema>;

export const EMPTY_POLICY: PolicyForm = {
  name: "",
  description: "",
  is_active: true,
  discount_above: "",
  amount_above: "",
  score_below: "",
  classification_in: [],
  deal_types: [],
  steps: [{ name: "", approver_role: "manager", approver_ids: [] }],
};

type StoredPolicy = {
  id: string;
  name: string;
  description: string | null;
  is_active: boolean;
  discount_above: number | null;
  amount_above: number | null;
  score_below: number | null;
  classification_in: string[] | null;
  deal_types: string[];
  steps: { position: number; name: string | null; approver_role: string | null; approver_ids: string[] }[];
};

const text = (value: number | null) => (value === null || value === undefined ? "" : String(Number(value)));

/** A stored policy as the form's values. */
export function policyToForm(policy: StoredPolicy): PolicyForm {
  return {
    name: policy.name,
    description: policy.description ?? "",
    is_active: policy.is_active,
    discount_above: text(policy.discount_above),
    amount_above: text(policy.amount_above),
    score_below: text(policy.score_below),
    classification_in: policy.classification_in ?? [],
    deal_types: policy.deal_types.filter((type): type is (typeof DEAL_TYPES)[number] => (DEAL_TYPES as readonly string[]).includes(type)),
    steps: [...policy.steps]
      .sort((a, b) => a.position - b.position)
      .map((step) => ({
        name: step.name ?? "",
        approver_role: (APPROVER_ROLES as readonly string[]).includes(step.approver_role ?? "") ? (step.approver_role as ApproverRole) : NO_ROLE,
        approver_ids: step.approver_ids,
      })),
  };
}

/** The form's (validated) values as save_approval_policy's document; with `id` it replaces that policy. */
export function toPolicyDefinition(values: PolicyValues, id?: string): PolicyDefinition {
  return {
    ...(id ? { id } : {}),
    name: values.name,
    description: values.description || null,
    is_active: values.is_active,
    discount_above: values.discount_above,
    amount_above: values.amount_above,
    score_below: values.score_below,
    classification_in: values.classification_in.length ? values.classification_in : null,
    deal_types: values.deal_types,
    steps: values.steps.map((step) => ({
      name: step.name || null,
      approver_role: step.approver_role === NO_ROLE ? null : step.approver_role,
      approver_ids: step.approver_ids,
    })),
  };
}

const numberFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** "Discount above 20 % · Amount above 100,000 · Score below 50 · Class C or D · Renewal deals". */
export function describeConditions(policy: Pick<StoredPolicy, "discount_above" | "amount_above" | "score_below" | "classification_in" | "deal_types">) {
  const parts = [
    policy.discount_above !== null ? `Discount above ${numberFormat.format(Number(policy.discount_above))} %` : null,
    policy.amount_above !== null ? `Amount above ${numberFormat.format(Number(policy.amount_above))}` : null,
    policy.score_below !== null ? `Score below ${policy.score_below}` : null,
    policy.classification_in?.length ? `Class ${orList(policy.classification_in)}` : null,
    policy.deal_types.length ? `${orList(policy.deal_types.map((type) => DEAL_TYPE_LABELS[type as keyof typeof DEAL_TYPE_LABELS] ?? type))} deals` : null,
  ].filter((part): part is string => part !== null);
  return parts.join(" · ") || "No condition";
}

function orList(items: readonly string[]) {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

/** "Sales manager, then Executive or Grace Hopper". */
export function describeSteps(steps: readonly { approver_role: string | null; approver_ids: readonly string[] }[], names: ReadonlyMap<string, string>) {
  return steps
    .map((step) => {
      const people = step.approver_ids.map((id) => names.get(id) ?? "a former member");
      return orList([...(step.approver_role ? [formatRole(step.approver_role)] : []), ...people]);
    })
    .join(", then ");
}

/** Where a refusal of save_approval_policy belongs on the form. */
export function policyErrorField(error: unknown): "name" | "steps" | "discount_above" | null {
  const { hint, code } = (error ?? {}) as { hint?: unknown; code?: unknown };
  if (hint === "no_steps" || hint === "too_many_steps" || hint === "no_approver" || hint === "unknown_approver" || hint === "invalid_approver_role") return "steps";
  if (hint === "no_conditions") return "discount_above";
  if (code === "23505") return "name";
  return null;
}
