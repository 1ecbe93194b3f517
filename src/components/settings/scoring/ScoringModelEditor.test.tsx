import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ScoringModelEditor } from "@/components/settings/scoring/ScoringModelEditor";
import { fromDefinition, type ModelDefinition } from "@/domain/scoring/model";

const definition: ModelDefinition = {
  name: "Default",
  description: null,
  classification_bands: [
    { label: "A", min_score: 75 },
    { label: "B", min_score: 0 },
  ],
  factors: {
    discount: { weight: 60, curve: { type: "curve", points: [{ x: 0, score: 100 }, { x: 40, score: 0 }] } },
    term: { weight: 40, curve: { type: "bands", bands: [{ from: 0, score: 30 }, { from: 12, score: 100 }] } },
  },
};

function renderEditor(onSave = vi.fn(async () => {})) {
  const previews: (ModelDefinition | null)[] = [];
  render(
    <ScoringModelEditor
      initial={fromDefinition(definition)}
      renderPreview={(value) => {
        previews.push(value);
        return <p data-testid="preview">{value ? `valid: ${value.factors.discount?.weight}` : "invalid"}</p>;
      }}
      onSave={onSave}
    />,
  );
  return { previews, onSave };
}

test("weights that do not add up to 100 are named at once, the preview pauses, and the save is refused", async () => {
  const user = userEvent.setup();
  const { onSave } = renderEditor();
  expect(screen.getByTestId("weight-total")).toHaveTextContent("Total weight: 100 of 100");
  expect(screen.getByTestId("preview")).toHaveTextContent("valid: 60");

  const discount = screen.getByLabelText("Discount weight");
  await user.clear(discount);
  await user.type(discount, "50");
  expect(screen.getByTestId("preview")).toHaveTextContent("invalid");
  expect(screen.getByTestId("weight-total")).toHaveTextContent("Total weight: 90 of 100 — The weights must add up to 100; they add up to 90");
  await user.click(screen.getByRole("button", { name: "Save as new version and rescore" }));
  expect(onSave).not.toHaveBeenCalled();

  await user.clear(discount);
  await user.type(discount, "60");
  await waitFor(() => expect(screen.getByTestId("preview")).toHaveTextContent("valid: 60"));
});

test("a curve's points must increase, said on the point; a valid model saves as the database's document", async () => {
  const user = userEvent.setup();
  const { onSave } = renderEditor();
  await user.click(screen.getByRole("button", { name: "Edit the curve of Discount" }));
  const second = screen.getByLabelText("Discount point 2 at");
  await user.clear(second);
  await user.type(second, "0");
  await user.click(screen.getByRole("button", { name: "Save as new version and rescore" }));
  expect(await screen.findByText("x must increase from point to point (0 after 0)")).toBeInTheDocument();
  expect(second).toHaveAttribute("aria-invalid", "true");

  await user.clear(second);
  await user.type(second, "30");
  const bands = screen.getByRole("table", { name: "Classification bands" });
  await user.clear(within(bands).getByLabelText("Class 1 from score"));
  await user.type(within(bands).getByLabelText("Class 1 from score"), "80");
  await user.click(screen.getByRole("button", { name: "Save as new version and rescore" }));
  await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
  expect(onSave).toHaveBeenCalledWith({
    name: "Default",
    description: null,
    classification_bands: [
      { label: "A", min_score: 80 },
      { label: "B", min_score: 0 },
    ],
    factors: expect.objectContaining({
      discount: { weight: 60, curve: { type: "curve", points: [{ x: 0, score: 100 }, { x: 30, score: 0 }] } },
      term: { weight: 40, curve: { type: "bands", bands: [{ from: 0, score: 30 }, { from: 12, score: 100 }] } },
      margin: { weight: 0, curve: { type: "bands", bands: [{ from: 0, score: 0 }] } },
    }),
  });
});

test("classification bands that do not go down to 0 are refused on the band", async () => {
  const user = userEvent.setup();
  renderEditor();
  const last = screen.getByLabelText("Class 2 from score");
  await user.clear(last);
  await user.type(last, "10");
  await user.click(screen.getByRole("button", { name: "Save as new version and rescore" }));
  expect(await screen.findByText("The last classification band must start at 0 so that every score has a class (it starts at 10)")).toBeInTheDocument();
});

test("a negative band threshold is refused on the band, and the preview waits for a valid model", async () => {
  const user = userEvent.setup();
  const { onSave } = renderEditor();
  await user.click(screen.getByRole("button", { name: "Edit the bands of Term" }));
  const second = screen.getByLabelText("Term band 2 from");
  await user.clear(second);
  await user.type(second, "-5");
  expect(screen.getByTestId("preview")).toHaveTextContent("invalid");
  await user.click(screen.getByRole("button", { name: "Save as new version and rescore" }));
  expect(await screen.findByText("Band thresholds must be 0 or more (got -5)")).toBeInTheDocument();
  expect(second).toHaveAttribute("aria-invalid", "true");
  expect(onSave).not.toHaveBeenCalled();
});
