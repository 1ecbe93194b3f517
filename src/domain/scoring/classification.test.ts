import { classificationTone, classify, sortBands } from "@/domain/scoring/classification";

const bands = [
  { label: "C", min_score: 35 },
  { label: "A", min_score: 75 },
  { label: "D", min_score: 0 },
  { label: "B", min_score: 55 },
];

test("a score falls in the best band whose minimum it reaches", () => {
  expect(sortBands(bands).map((band) => band.label)).toEqual(["A", "B", "C", "D"]);
  expect(classify(75, bands)).toBe("A");
  expect(classify(74.9, bands)).toBe("B");
  expect(classify(0, bands)).toBe("D");
  expect(classify(20, [{ label: "Good", min_score: 50 }])).toBeNull();
});

test("the colour follows the class's rank among the model's bands", () => {
  expect(["A", "B", "C", "D"].map((label) => classificationTone(label))).toEqual(["best", "good", "fair", "poor"]);
  expect(classificationTone("Hot", ["Hot", "Warm", "Cold"])).toBe("best");
  expect(classificationTone("Warm", ["Hot", "Warm", "Cold"])).toBe("fair");
  expect(classificationTone("Cold", ["Hot", "Warm", "Cold"])).toBe("poor");
  expect(classificationTone(null)).toBe("poor");
});
