import { formatInput, parseScoreExplanation, suggestionChange } from "@/domain/scoring/explanation";

const factor = (factor: string, weight: number, contribution: number | string, extra: Record<string, unknown> = {}) => ({
  factor,
  label: null,
  measures: "",
  unit: "%",
  weight,
  input: 10,
  points: 50,
  contribution,
  max_contribution: weight,
  suggestion: null,
  ...extra,
});

test("reads score_deal's document into contributions and suggestions", () => {
  const explanation = parseScoreExplanation({
    deal_id: "d1",
    status: "open",
    model_id: "m1",
    model_version: 3,
    model_name: "Default",
    score: 52,
    classification: "C",
    factors: [
      factor("discount", 20, 2, {
        label: "Discount",
        input: 30,
        suggestion: { factor: "discount", field: "discount_pct", action: "lower", from: 30, to: 10, gain: 18, text: "Lower the discount from 30 % to 10 %: +18" },
      }),
      factor("term", 10, 7, { unit: "months", input: 12, suggestion: null }),
      factor("meddpicc", 15, "43", { unit: "fields", input: "3", suggestion: { factor: "meddpicc", gain: "9", text: "Fill in 5 more MEDDPICC fields: Metrics, Champion: +9" } }),
    ],
    best_suggestion: null,
    inputs: {},
    computed_at: "2025-01-01T00:00:00Z",
  });
  expect(explanation).toMatchObject({ score: 52, classification: "C", modelName: "Default", modelVersion: 3, status: "open" });
  expect(explanation.factors).toEqual([
    { key: "discount", label: "Discount", weight: 20, points: 2, value: "30 %" },
    { key: "term", label: "Term", weight: 10, points: 7, value: "12 months" },
    { key: "meddpicc", label: "MEDDPICC", weight: 15, points: 43, value: "3 of 8 fields" },
  ]);
  expect(explanation.suggestions).toEqual([
    { key: "discount", label: "Discount", gain: 18, change: "Lower the discount from 30 % to 10 %" },
    { key: "meddpicc", label: "MEDDPICC", gain: 9, change: "Fill in 5 more MEDDPICC fields: Metrics, Champion" },
  ]);
});

test("a document without a score is refused rather than drawn", () => {
  expect(() => parseScoreExplanation({ deal_id: "d1", status: "open", factors: [] })).toThrow();
});

test("inputs read with their unit, singular where it is one", () => {
  expect(formatInput(25, "%")).toBe("25 %");
  expect(formatInput(80.456, "% of median")).toBe("80.46 % of median");
  expect(formatInput(1, "months")).toBe("1 month");
  expect(formatInput(2, "competitors")).toBe("2 competitors");
  expect(formatInput(45, "days")).toBe("45 days");
  expect(formatInput(null, "%")).toBe("Not set");
});

test("the gain is taken off the suggestion's words", () => {
  expect(suggestionChange("Lower the discount from 25 % to 15 %: +8")).toBe("Lower the discount from 25 % to 15 %");
  expect(suggestionChange("Log an activity: the last one was 40 days ago: +3")).toBe("Log an activity: the last one was 40 days ago");
});
