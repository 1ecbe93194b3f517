import { breakdownRows, contributionTotal, factorLabel, formatContribution, formatPoints, rankSuggestions } from "@/domain/scoring/contributions";

test("points read with their sign and one decimal at most, and a rounding zero is plain 0", () => {
  expect(formatPoints(8)).toBe("+8");
  expect(formatPoints(2.46)).toBe("+2.5");
  expect(formatPoints(-3)).toBe("−3");
  expect(formatPoints(0)).toBe("0");
  expect(formatPoints(-0.04)).toBe("0");
  expect(formatPoints(Number.NaN)).toBe("—");
});

test("a contribution reads as points out of the factor's weight", () => {
  expect(formatContribution(8, 15)).toBe("8 of 15 points");
  expect(formatContribution(7.25, 10)).toBe("7.3 of 10 points");
});

test("factor labels come from the model, then the default model, then the key in words", () => {
  expect(factorLabel("discount", "Price discipline")).toBe("Price discipline");
  expect(factorLabel("discount")).toBe("Discount");
  expect(factorLabel("meddpicc", " ")).toBe("MEDDPICC");
  expect(factorLabel("renewal_risk")).toBe("Renewal risk");
});

test("the contributions add up to the score", () => {
  expect(contributionTotal([{ points: 12.5 }, { points: 20 }, { points: 0.1 }, { points: 0.2 }])).toBe(32.8);
});

test("breakdown rows put the heaviest factors first, and earned plus missed is the weight", () => {
  const rows = breakdownRows([
    { key: "term", label: "Contract term", weight: 10, points: 10 },
    { key: "discount", label: "Discount", weight: 20, points: 5, value: "30 %" },
    { key: "margin", label: "Margin", weight: 20, points: 25 },
    { key: "competition", label: "Competition", weight: 5, points: -2 },
  ]);
  expect(rows.map((row) => row.key)).toEqual(["discount", "margin", "term", "competition"]);
  expect(rows[0]).toEqual({ key: "discount", label: "Discount", points: 5, missed: 15, weight: 20, value: "30 %" });
  // Out-of-range points are clamped to the bar, never drawn past the weight or below zero.
  expect(rows[1]).toMatchObject({ points: 20, missed: 0 });
  expect(rows[3]).toMatchObject({ points: 0, missed: 5 });
});

test("suggestions are ranked by gain, drop nothing-to-gain entries and respect the limit", () => {
  const suggestions = [
    { key: "term", label: "Contract term", gain: 4, change: "Sign for 24 months" },
    { key: "discount", label: "Discount", gain: 8, change: "Lower the discount from 25 % to 15 %" },
    { key: "margin", label: "Margin", gain: 0, change: "Nothing" },
    { key: "meddpicc", label: "MEDDPICC completeness", gain: 4, change: "Name the economic buyer" },
    { key: "competition", label: "Competition", gain: 3, change: " " },
  ];
  expect(rankSuggestions(suggestions).map((s) => s.key)).toEqual(["discount", "term", "meddpicc"]);
  expect(rankSuggestions(suggestions, 2).map((s) => s.key)).toEqual(["discount", "term"]);
});
