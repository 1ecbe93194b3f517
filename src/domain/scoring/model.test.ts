import {
  bandProblems,
  curveProblems,
  fromDefinition,
  modelErrorTarget,
  scoringModelFormSchema,
  toDefinition,
  weightSumProblem,
  weightTotal,
  type ModelDefinition,
  type ScoringModelForm,
} from "@/domain/scoring/model";

const definition: ModelDefinition = {
  name: "Default",
  description: "The starting model",
  classification_bands: [
    { label: "D", min_score: 0 },
    { label: "A", min_score: 75 },
    { label: "C", min_score: 45 },
    { label: "B", min_score: 60 },
  ],
  factors: {
    discount: { weight: 40, curve: { type: "curve", points: [{ x: 0, score: 100 }, { x: 10, score: 100 }, { x: 40, score: 0 }] } },
    term: { weight: 60, curve: { type: "bands", bands: [{ from: 0, score: 30 }, { from: 12, score: 70 }] } },
  },
};

const form = (): ScoringModelForm => fromDefinition(definition);
const messages = (values: ScoringModelForm) => {
  const result = scoringModelFormSchema.safeParse(values);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
};

test("a stored model becomes the form: every factor in order, missing ones at weight 0, bands best first", () => {
  const values = form();
  expect(values.factors.map((f) => f.factor)).toEqual(["discount", "margin", "deal_size", "term", "payment_terms", "meddpicc", "engagement", "days_in_stage", "competition"]);
  expect(values.factors[0]).toEqual({ factor: "discount", weight: "40", kind: "curve", points: [{ at: "0", score: "100" }, { at: "10", score: "100" }, { at: "40", score: "0" }] });
  expect(values.factors[1]).toMatchObject({ factor: "margin", weight: "0" });
  expect(values.classification_bands.map((band) => band.label)).toEqual(["A", "B", "C", "D"]);
  expect(messages(values)).toEqual([]);
});

test("the form goes back to the document the database takes", () => {
  const values = form();
  values.factors[0]!.weight = "39.5";
  values.factors[1]!.weight = " 0,5 ";
  const back = toDefinition(values);
  expect(back.factors.discount).toEqual({ weight: 39.5, curve: { type: "curve", points: [{ x: 0, score: 100 }, { x: 10, score: 100 }, { x: 40, score: 0 }] } });
  expect(back.factors.term).toEqual({ weight: 60, curve: { type: "bands", bands: [{ from: 0, score: 30 }, { from: 12, score: 70 }] } });
  expect(back.factors.margin?.weight).toBe(0.5);
  expect(back.classification_bands).toEqual([
    { label: "A", min_score: 75 },
    { label: "B", min_score: 60 },
    { label: "C", min_score: 45 },
    { label: "D", min_score: 0 },
  ]);
  expect(back.description).toBe("The starting model");
});

test("weights must add up to 100, said as the database says it", () => {
  expect(weightTotal([{ weight: "33.33" }, { weight: "33.33" }, { weight: "33.34" }])).toBe(100);
  expect(weightSumProblem([{ weight: "33.33" }, { weight: "33.33" }, { weight: "33.34" }])).toBeNull();
  expect(weightSumProblem([{ weight: "50" }, { weight: "45" }, { weight: "" }])).toBe("The weights must add up to 100; they add up to 95");
  const values = form();
  values.factors[0]!.weight = "30";
  expect(messages(values)).toEqual(["factors: The weights must add up to 100; they add up to 90"]);
});

test("a weight outside 0-100 or with more than two decimals is refused on its field", () => {
  const values = form();
  values.factors[0]!.weight = "-5";
  values.factors[3]!.weight = "105";
  expect(messages(values)).toContain("factors.0.weight: Discount: a weight is between 0 and 100 (got -5)");
  expect(curveProblems({ ...values.factors[0]!, weight: "10.125" }).map((issue) => issue.message)).toEqual(["Discount: use at most two decimals"]);
});

test("curve points and bands must be non-negative and increasing; bands start from 0; scores 0-100", () => {
  const curve = { factor: "discount" as const, weight: "20", kind: "curve" as const };
  expect(curveProblems({ ...curve, points: [{ at: "0", score: "100" }, { at: "10", score: "50" }] })).toEqual([]);
  expect(curveProblems({ ...curve, points: [{ at: "0", score: "100" }] })).toEqual([{ path: ["points"], message: "Discount: a curve needs 2 to 20 points" }]);
  expect(curveProblems({ ...curve, points: [{ at: "-1", score: "100" }, { at: "10", score: "101" }] })).toEqual([
    { path: ["points", 0, "at"], message: "x must be 0 or more (got -1)" },
    { path: ["points", 1, "score"], message: "Scores must be between 0 and 100 (got 101)" },
  ]);
  expect(curveProblems({ ...curve, points: [{ at: "10", score: "100" }, { at: "10", score: "0" }] })).toEqual([
    { path: ["points", 1, "at"], message: "x must increase from point to point (10 after 10)" },
  ]);
  const bands = { factor: "term" as const, weight: "20", kind: "bands" as const };
  expect(curveProblems({ ...bands, points: [{ at: "6", score: "30" }, { at: "3", score: "70" }] })).toEqual([
    { path: ["points", 0, "at"], message: "The first band must start from 0 (it starts from 6)" },
    { path: ["points", 1, "at"], message: "Band thresholds must increase from band to band (3 after 6)" },
  ]);
  expect(curveProblems({ ...bands, points: [{ at: "", score: "x" }] })).toEqual([
    { path: ["points", 0, "at"], message: "Enter a number" },
    { path: ["points", 0, "score"], message: "Enter a score" },
  ]);
});

test("classification bands go down to exactly 0 with unique labels of 1 to 30 characters", () => {
  expect(bandProblems([{ label: "A", min_score: "80" }, { label: "B", min_score: "0" }])).toEqual([]);
  expect(bandProblems([])).toEqual([{ path: [], message: "Give 1 to 10 classification bands" }]);
  expect(bandProblems([{ label: "A", min_score: "50" }, { label: "A", min_score: "60" }, { label: " ", min_score: "10.5" }]).map((issue) => issue.message)).toEqual([
    'Classification label "A" is used twice',
    "Classification bands go from the highest minimum score down (60 after 50)",
    "Classification labels have 1 to 30 characters",
    "Minimum scores are whole numbers from 0 to 100",
  ]);
  expect(bandProblems([{ label: "A", min_score: "80" }, { label: "B", min_score: "20" }])).toEqual([
    { path: [1, "min_score"], message: "The last classification band must start at 0 so that every score has a class (it starts at 20)" },
  ]);
  expect(bandProblems([{ label: "A", min_score: "-1" }])[0]?.message).toBe("Minimum scores are whole numbers from 0 to 100");
});

test("the database's refusals land on the part of the form they are about", () => {
  expect(modelErrorTarget({ code: "23514", hint: "weights_sum" })).toBe("factors");
  expect(modelErrorTarget({ code: "23514", hint: "invalid_curve" })).toBe("factors");
  expect(modelErrorTarget({ code: "23514", hint: "invalid_classification_bands" })).toBe("classification_bands");
  expect(modelErrorTarget(new Error("network"))).toBeNull();
});
