import {
  describeConditions,
  describeSteps,
  EMPTY_POLICY,
  NO_ROLE,
  policyErrorField,
  policySchema,
  policyToForm,
  toPolicyDefinition,
  type PolicyForm,
} from "@/domain/approvals/policies";

const messages = (form: PolicyForm) => {
  const result = policySchema.safeParse(form);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
};

test("a policy needs a name, a condition and at least one step with an approver", () => {
  expect(messages(EMPTY_POLICY)).toEqual(["name: Name the policy", "discount_above: Give a condition: a discount, an amount, a score or a classification"]);
  expect(messages({ ...EMPTY_POLICY, name: "Deep discounts", discount_above: "20", steps: [] })).toEqual(["steps: A policy needs at least one step: who approves?"]);
  expect(messages({ ...EMPTY_POLICY, name: "Deep discounts", discount_above: "20", steps: [{ name: "", approver_role: NO_ROLE, approver_ids: [] }] })).toEqual([
    "steps.0.approver_role: Choose who approves: a role, named people, or both",
  ]);
});

test("conditions are checked like the database's columns", () => {
  const base = { ...EMPTY_POLICY, name: "P" };
  expect(messages({ ...base, discount_above: "120" })).toEqual(["discount_above: Enter a discount from 0 to 100 %"]);
  expect(messages({ ...base, amount_above: "-1" })).toEqual(["amount_above: Enter an amount of 0 or more"]);
  expect(messages({ ...base, score_below: "0" })).toEqual(["score_below: Enter a whole score from 1 to 100"]);
  expect(messages({ ...base, score_below: "50.5" })).toEqual(["score_below: Enter a whole score from 1 to 100"]);
  expect(messages({ ...base, classification_in: ["D"] })).toEqual([]);
});

test("the form becomes save_approval_policy's document, empty conditions as null, steps in order", () => {
  const values = policySchema.parse({
    ...EMPTY_POLICY,
    name: " Large deals ",
    amount_above: "200000",
    classification_in: [],
    steps: [
      { name: "Sales manager", approver_role: "manager", approver_ids: [] },
      { name: "", approver_role: NO_ROLE, approver_ids: ["u1"] },
    ],
  });
  expect(toPolicyDefinition(values, "p1")).toEqual({
    id: "p1",
    name: "Large deals",
    description: null,
    is_active: true,
    discount_above: null,
    amount_above: 200000,
    score_below: null,
    classification_in: null,
    deal_types: [],
    steps: [
      { name: "Sales manager", approver_role: "manager", approver_ids: [] },
      { name: null, approver_role: null, approver_ids: ["u1"] },
    ],
  });
  expect(toPolicyDefinition(values)).not.toHaveProperty("id");
});

test("a stored policy fills the form, and reads in words", () => {
  const stored = {
    id: "p1",
    name: "D-class deals",
    description: null,
    is_active: false,
    discount_above: 20,
    amount_above: 50000,
    score_below: null,
    classification_in: ["C", "D"],
    deal_types: ["renewal"],
    steps: [
      { position: 2, name: "CRO", approver_role: "executive", approver_ids: ["u2"] },
      { position: 1, name: null, approver_role: "manager", approver_ids: [] },
    ],
  };
  const form = policyToForm(stored);
  expect(form).toMatchObject({ discount_above: "20", amount_above: "50000", score_below: "", classification_in: ["C", "D"], deal_types: ["renewal"], is_active: false });
  expect(form.steps.map((step) => step.approver_role)).toEqual(["manager", "executive"]);
  expect(describeConditions(stored)).toBe("Discount above 20 % · Amount above 50,000 · Class C or D · Renewal deals");
  expect(describeSteps(stored.steps.slice().reverse(), new Map([["u2", "Eve Exec"]]))).toBe("Sales manager, then Executive or Eve Exec");
});

test("the database's refusals land on the part of the form they are about", () => {
  expect(policyErrorField({ code: "23514", hint: "no_steps" })).toBe("steps");
  expect(policyErrorField({ code: "23514", hint: "no_conditions" })).toBe("discount_above");
  expect(policyErrorField({ code: "23505" })).toBe("name");
  expect(policyErrorField(new Error("offline"))).toBeNull();
});
