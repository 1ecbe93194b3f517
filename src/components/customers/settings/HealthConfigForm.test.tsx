import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { HealthConfigForm } from "@/components/customers/settings/HealthConfigForm";
import { DEFAULT_INDICATORS } from "@/domain/customer-success/healthConfig";
import { renderApp } from "@/test/render";
import { mockRpc, mockTables, queryLog, resetSupabaseMock } from "@/test/supabase";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

beforeEach(() => resetSupabaseMock());

const config = {
  id: "cfg-1",
  indicators: DEFAULT_INDICATORS,
  healthy_min: 70,
  at_risk_min: 40,
  window_days: 30,
  version: 3,
  updated_at: "2026-11-20T10:00:00Z",
};

const preview = {
  customers: 270,
  sampled: false,
  current: { healthy: 216, at_risk: 46, critical: 8, unscored: 0 },
  proposed: { healthy: 200, at_risk: 55, critical: 15 },
  changed_status: 23,
  average_current: 85,
  average_proposed: 81,
  biggest_moves: [
    { customer_id: "c1", name: "Globex", current_score: 60, proposed_score: 45, current_status: "at_risk", proposed_status: "at_risk" },
    { customer_id: "c2", name: "Initech", current_score: 90, proposed_score: 90, current_status: "healthy", proposed_status: "healthy" },
  ],
};

test("weights must add up to 100 before the preview runs or the form saves; the preview compares today's scoring with the last", async () => {
  mockRpc({ preview_health_config: { data: preview, error: null } });
  mockTables({ health_score_configs: { data: [{ id: "cfg-1" }], error: null } });
  renderApp(<HealthConfigForm config={config} readOnly={false} />);

  // The stored configuration previews at once.
  expect(await screen.findByText("Biggest moves")).toBeInTheDocument();
  const moves = screen.getByRole("list", { name: "Biggest moves" });
  expect(within(moves).getAllByRole("listitem")).toHaveLength(1);
  expect(moves).toHaveTextContent("Globex60 → 45");
  expect(screen.getByText(/of 270 customers/)).toHaveTextContent("23 of 270 customers change status; the average score goes from 85 to 81.");

  // 35 + 25 + 25 + 10 + 10 = 105: said at once, and nothing is sent.
  const weight = screen.getByLabelText("Login recency weight");
  await userEvent.clear(weight);
  await userEvent.type(weight, "35");
  expect(screen.getByRole("status")).toHaveTextContent("Total of enabled weights105 / 100");
  expect(await screen.findByText("Fix the configuration to see its preview.")).toBeInTheDocument();
  await userEvent.click(screen.getByRole("button", { name: "Save configuration" }));
  expect(queryLog.filter((call) => call.table === "health_score_configs")).toEqual([]);

  // Disabling journey (10) and raising adoption by 5 makes 100 again: the preview asks with the draft.
  await userEvent.click(screen.getByRole("checkbox", { name: "Journey performance" }));
  const adoption = screen.getByLabelText("Feature adoption weight");
  await userEvent.clear(adoption);
  await userEvent.type(adoption, "30");
  expect(screen.getByRole("status")).toHaveTextContent("100 / 100");
  await waitFor(() =>
    expect(queryLog).toContainEqual(
      expect.objectContaining({
        table: "rpc:preview_health_config",
        args: [expect.objectContaining({ p_indicators: expect.objectContaining({ journey: { enabled: false, weight: 10 }, login_recency: expect.objectContaining({ weight: 35 }) }) })],
      }),
    ),
  );

  await userEvent.click(screen.getByRole("button", { name: "Save configuration" }));
  await waitFor(() => expect(queryLog.some((call) => call.table === "health_score_configs" && call.method === "update")).toBe(true));
  const update = queryLog.find((call) => call.table === "health_score_configs" && call.method === "update");
  expect(update?.args[0]).toMatchObject({ healthy_min: 70, at_risk_min: 40, indicators: expect.objectContaining({ feature_adoption: { enabled: true, weight: 30, target: 0.5 } }) });
  // Saved only over the version it was loaded at.
  expect(queryLog).toContainEqual(expect.objectContaining({ table: "health_score_configs", method: "eq", args: ["version", 3] }));
});

test("thresholds out of order are refused on the field", async () => {
  mockRpc({ preview_health_config: { data: preview, error: null } });
  renderApp(<HealthConfigForm config={config} readOnly={false} />);
  const atRisk = await screen.findByLabelText("At risk from");
  await userEvent.clear(atRisk);
  await userEvent.type(atRisk, "75");
  await userEvent.click(screen.getByRole("button", { name: "Save configuration" }));
  expect(await screen.findByText("The at-risk threshold must be below the healthy threshold.")).toBeInTheDocument();
});
