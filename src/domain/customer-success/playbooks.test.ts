import { describe, expect, it } from "vitest";
import { readFactors, scoreBand } from "@/domain/customer-success/factors";
import { describeAction, describeTrigger, paramsOf, playbookArgs, playbookSchema, readInterventionActions, type PlaybookForm } from "@/domain/customer-success/playbooks";

const form = (overrides: Partial<PlaybookForm> = {}): PlaybookForm => ({
  name: "Score drop",
  description: "",
  trigger: "score_drop",
  days: 7,
  points: 15,
  active: true,
  actions: [{ kind: "task", subject: "Call {{customer}}", body: "", due_in_days: 1 }],
  ...overrides,
});

describe("playbooks (CS-4)", () => {
  it("says what triggers a playbook and what it does", () => {
    expect(describeTrigger("no_login_after_onboarding", { days: 7 })).toBe("No login for 7 days after onboarding");
    expect(describeTrigger("score_drop", { points: 15, days: 7 })).toBe("Health falls 15 points or more within 7 days");
    expect(describeAction({ kind: "task", subject: "Call them", due_in_days: 2 })).toBe("Task for the CSM, due in 2 days: “Call them”");
    expect(describeAction({ kind: "email", subject: "We miss you" })).toBe("Email the customer: “We miss you”");
  });

  it("asks for the parameters the trigger needs, within the database's ranges", () => {
    expect(playbookSchema.safeParse(form()).success).toBe(true);
    const bad = playbookSchema.safeParse(form({ points: 0, days: 91 }));
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["points", "days"]);
    expect(playbookSchema.safeParse(form({ trigger: "critical_status", days: null, points: null })).success).toBe(true);
    expect(playbookSchema.safeParse(form({ actions: [] })).error?.issues[0]?.message).toBe("Add at least one action");
  });

  it("stores only the trigger's parameters", () => {
    expect(paramsOf(form())).toEqual({ points: 15, days: 7 });
    expect(paramsOf(form({ trigger: "no_login_after_onboarding", days: 10 }))).toEqual({ days: 10 });
    expect(paramsOf(form({ trigger: "critical_status" }))).toEqual({});
  });

  it("reads what an intervention did and the factors behind a score, skipping junk", () => {
    expect(readInterventionActions([{ kind: "email", id: "e1" }, { kind: "task", skipped: "no owner" }, 3])).toEqual([
      { kind: "email", id: "e1", skipped: undefined },
      { kind: "task", id: undefined, skipped: "no owner" },
    ]);
    expect(readFactors([{ factor: "no_login", points: 15, detail: "No login for 21 days" }, { factor: "health", points: 25, detail: "Health is critical (31)" }, { points: 3 }])).toEqual([
      { factor: "health", points: 25, detail: "Health is critical (31)" },
      { factor: "no_login", points: 15, detail: "No login for 21 days" },
    ]);
    expect(scoreBand(65)).toBe("high");
    expect(scoreBand(30)).toBe("medium");
    expect(scoreBand(null)).toBeNull();
  });
});

describe("save_playbook's arguments", () => {
  it("trims the text, leaves blank text out and sends the trigger's params and the actions in order", () => {
    expect(
      playbookArgs(
        {
          name: "  Quiet ",
          description: "  ",
          trigger: "no_login_after_onboarding",
          days: 10,
          points: 15,
          active: false,
          actions: [
            { id: "a2", kind: "email", subject: " Hello ", body: " ", due_in_days: 0 },
            { kind: "task", subject: "Call", body: "Ask why", due_in_days: 2 },
          ],
        },
        "p1",
      ),
    ).toEqual({
      p_id: "p1",
      p_name: "Quiet",
      p_description: undefined,
      p_trigger: "no_login_after_onboarding",
      p_params: { days: 10 },
      p_active: false,
      p_actions: [
        { id: "a2", kind: "email", subject: "Hello", body: null, due_in_days: 0 },
        { id: undefined, kind: "task", subject: "Call", body: "Ask why", due_in_days: 2 },
      ],
    });
  });
});
