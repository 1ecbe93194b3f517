/**
 * Pipeline settings (PRODUCT.md CRM-6): the rules of the admin's forms, mirroring the checks of
 * public.pipelines and public.pipeline_stages, and the pure parts of editing a stage list.
 */
import { z } from "zod";
import { ROLES, type Role } from "@/domain/navigation";

export const TEMPLATES = [
  { value: "default", label: "Default", stages: "Lead 10 %, Qualified 25 %, Proposal 50 %, Negotiation 75 %, Closed Won, Closed Lost" },
  { value: "peak", label: "PEAK", stages: "Prospect, Engage, Acquire, Keep (won), Lost" },
] as const;

const name = z
  .string()
  .trim()
  .min(1, { error: "Enter a name" })
  .max(100, { error: "Use at most 100 characters" });

/** pipelines.name: 1-100 characters, unique in the organisation (the database says so on save). */
export const newPipelineSchema = z.object({
  name,
  template: z.enum(["default", "peak"]),
  is_default: z.boolean(),
});
export type NewPipelineValues = z.infer<typeof newPipelineSchema>;

export const pipelineSchema = z.object({
  name,
  is_default: z.boolean(),
  team_ids: z.array(z.string()).max(100, { error: "Choose at most 100 teams" }),
  roles: z.array(z.enum(ROLES)),
});
export type PipelineValues = z.infer<typeof pipelineSchema>;

export type StageKind = "open" | "won" | "lost";

const wholeNumber = (min: number, max: number, message: string) =>
  z
    .string()
    .trim()
    .refine((value) => /^\d+$/.test(value) && Number(value) >= min && Number(value) <= max, { error: message })
    .transform(Number);

/** pipeline_stages: name 1-100, probability 0-100 (won = 100, lost = 0), #rrggbb, rotting 1-3650 days or never. */
export const stageSchema = z
  .object({
    name,
    kind: z.enum(["open", "won", "lost"]),
    win_probability: wholeNumber(0, 100, "Enter a whole number from 0 to 100"),
    colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: "Use a colour like #64748b" }),
    rotting_days: z
      .string()
      .trim()
      .refine((value) => value === "" || (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 3650), {
        error: "Enter 1 to 3650 days, or leave it empty for never",
      })
      .transform((value) => (value === "" ? null : Number(value))),
    exit_criteria: z.array(z.string()),
    allowed_to: z.array(z.string()),
  })
  .refine((stage) => stage.kind !== "won" || stage.win_probability === 100, {
    path: ["win_probability"],
    error: "A won stage has a 100 % win probability",
  })
  .refine((stage) => stage.kind !== "lost" || stage.win_probability === 0, {
    path: ["win_probability"],
    error: "A lost stage has a 0 % win probability",
  });
export type StageInput = z.input<typeof stageSchema>;
export type StageFormValues = z.output<typeof stageSchema>;

export function stageKind(stage: { is_won: boolean; is_lost: boolean }): StageKind {
  return stage.is_won ? "won" : stage.is_lost ? "lost" : "open";
}

/** The columns to write for a stage, from the form's values. */
export function toStageRow(values: StageFormValues) {
  return {
    name: values.name,
    win_probability: values.win_probability,
    colour: values.colour.toLowerCase(),
    rotting_days: values.rotting_days,
    exit_criteria: values.exit_criteria,
    is_won: values.kind === "won",
    is_lost: values.kind === "lost",
  };
}

/** The list with the item at `from` moved to `to` (drag and drop, or the up and down buttons). */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= items.length || to >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}

/** Who may use a pipeline, in words: "Everyone", "Teams East, West · Sales reps". */
export function describeLimits(
  pipeline: { team_ids: readonly string[]; roles: readonly Role[] },
  teams: readonly { id: string; name: string }[],
  roleLabel: (role: Role) => string,
) {
  const parts: string[] = [];
  if (pipeline.team_ids.length) {
    const names = pipeline.team_ids.map((id) => teams.find((team) => team.id === id)?.name ?? "a removed team");
    parts.push(`${names.length === 1 ? "Team" : "Teams"} ${names.join(", ")}`);
  }
  if (pipeline.roles.length) parts.push(pipeline.roles.map(roleLabel).join(", "));
  return parts.length ? parts.join(" · ") : "Everyone";
}

/** The next free position after the last stage (positions are 0-100). */
export function nextPosition(stages: readonly { position: number }[]) {
  return Math.min(100, stages.reduce((last, stage) => Math.max(last, stage.position + 1), 0));
}

/**
 * Where the deals are that kept a stage or pipeline from being deleted (the database refuses with
 * hint "has_deals"): the deals list filtered to it. Null for any other refusal.
 */
export function heldDealsPath(error: unknown, holder: { stage: string } | { pipeline: string }): string | null {
  if ((error as { hint?: unknown } | null)?.hint !== "has_deals") return null;
  const [filter, id] = "stage" in holder ? ["stage", holder.stage] : ["pipeline", holder.pipeline];
  return `/deals?${new URLSearchParams({ [`f.${filter}`]: id }).toString()}`;
}
