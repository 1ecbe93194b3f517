import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { AtRiskPanel } from "@/components/customers/AtRiskPanel";
import { HealthBadge } from "@/components/customers/HealthBadge";
import { HealthHistoryChart } from "@/components/customers/HealthHistoryChart";
import { IndicatorBreakdown } from "@/components/customers/IndicatorBreakdown";
import { QuickFilters } from "@/components/customers/QuickFilters";
import { ScoreFactors } from "@/components/customers/ScoreFactors";
import { SupportInteractionDialog } from "@/components/customers/SupportInteractionDialog";
import { TriggerInterventionDialog, type RunnablePlaybook } from "@/components/customers/TriggerInterventionDialog";
import type { SupportInteractionForm } from "@/domain/customer-success/support";

describe("health in colour and words (CS-5)", () => {
  it("names the status next to its colour, and says when a customer is not scored", () => {
    const { rerender } = render(<HealthBadge status="critical" score={31} />);
    expect(screen.getByText("Critical")).toBeInTheDocument();
    expect(screen.getByText("· 31")).toBeInTheDocument();
    rerender(<HealthBadge status={null} />);
    expect(screen.getByText("Not scored")).toBeInTheDocument();
  });

  it("describes the history chart in words for screen readers", () => {
    render(
      <HealthHistoryChart
        history={[
          { day: "2026-10-01", score: 82 },
          { day: "2026-10-15", score: 35 },
          { day: "2026-11-01", score: 55 },
        ]}
      />,
    );
    expect(screen.getByRole("img")).toHaveAccessibleName(
      "Health score from 1 Oct 2026 (82) to 1 Nov 2026 (55, at risk); lowest 35 on 15 Oct 2026, highest 82 on 1 Oct 2026.",
    );
  });

  it("shows each indicator's points out of its weight with the database's sentence", () => {
    render(<IndicatorBreakdown entries={[{ key: "login_recency", label: "Login recency", points: 10, weight: 30, value: 9, detail: "Last login 9 days ago" }]} />);
    const item = within(screen.getByRole("list", { name: "Indicator breakdown" })).getByRole("listitem");
    expect(item).toHaveTextContent("Login recency");
    expect(item).toHaveTextContent("10 of 30 points");
    expect(item).toHaveTextContent("Last login 9 days ago");
  });

  it("lists churn factors biggest first with what each adds", () => {
    render(
      <ScoreFactors
        title="Churn risk"
        kind="risk"
        score={40}
        factors={[
          { factor: "no_login", points: 15, detail: "No login for 21 days" },
          { factor: "health", points: 25, detail: "Health is critical (31)" },
        ]}
        empty="None"
      />,
    );
    expect(screen.getByText("Medium · 40 of 100")).toBeInTheDocument();
    const items = screen.getAllByRole("listitem");
    expect(items[0]).toHaveTextContent("Health is critical (31)+25");
    expect(items[1]).toHaveTextContent("No login for 21 days+15");
  });
});

describe("customers dashboard panels", () => {
  it("quick filters are toggles: pressing the active status clears it", async () => {
    const onStatus = vi.fn();
    const onContractEnd = vi.fn();
    render(<QuickFilters status="critical" counts={{ healthy: 150, at_risk: 60, critical: 12 }} onStatus={onStatus} contractEnd={null} onContractEnd={onContractEnd} />);
    const health = screen.getByRole("group", { name: "Health status" });
    expect(within(health).getByRole("button", { name: /Critical/ })).toHaveAttribute("aria-pressed", "true");
    expect(within(health).getByRole("button", { name: /Healthy/ })).toHaveTextContent("150");
    await userEvent.click(within(health).getByRole("button", { name: /Critical/ }));
    expect(onStatus).toHaveBeenLastCalledWith(null);
    await userEvent.click(within(health).getByRole("button", { name: /At risk/ }));
    expect(onStatus).toHaveBeenLastCalledWith("at_risk");
    await userEvent.click(screen.getByRole("button", { name: "Contract ends within 90 days" }));
    expect(onContractEnd).toHaveBeenLastCalledWith(90);
  });

  it("the at-risk panel links each customer with its biggest churn reason", () => {
    render(
      <MemoryRouter>
        <AtRiskPanel
          customers={[
            { id: "c1", name: "Globex", health_score: 22, health_status: "critical", arr: 120000, currency: "USD", owner_name: "Casey", top_churn_factor: "No login for 30 days", next_renewal_date: null },
          ]}
          total={14}
          isPending={false}
          error={null}
          onRetry={() => {}}
        />
      </MemoryRouter>,
    );
    const region = screen.getByRole("region", { name: /At-risk customers/ });
    expect(within(region).getByRole("link", { name: "Globex" })).toHaveAttribute("href", "/customers/c1");
    expect(region).toHaveTextContent("No login for 30 days");
    expect(region).toHaveTextContent("Critical");
    expect(region).toHaveTextContent("$120.0K");
  });
});

const playbooks: RunnablePlaybook[] = [
  {
    id: "p1",
    name: "Re-engage after silence",
    description: null,
    trigger: "no_login_after_onboarding",
    params: { days: 7 },
    active: true,
    actions: [
      { id: "a1", kind: "email", subject: "We miss you at {{customer}}", due_in_days: 0, position: 0 },
      { id: "a2", kind: "task", subject: "Check-in call", due_in_days: 2, position: 1 },
    ],
  },
];

describe("trigger intervention (CS-4)", () => {
  it("shows what the playbook will do and asks for confirmation before running it", async () => {
    const onConfirm = vi.fn(async () => {});
    const onClose = vi.fn();
    render(<TriggerInterventionDialog customerName="Globex" playbooks={playbooks} onConfirm={onConfirm} onClose={onClose} />);
    const dialog = screen.getByRole("dialog", { name: "Trigger intervention" });
    expect(within(dialog).getByRole("button", { name: "Continue" })).toBeDisabled();
    await userEvent.click(within(dialog).getByRole("radio", { name: /Re-engage after silence/ }));
    await userEvent.type(within(dialog).getByLabelText("Reason (optional)"), "Quiet since the reorg");
    await userEvent.click(within(dialog).getByRole("button", { name: "Continue" }));

    const confirm = screen.getByRole("dialog", { name: "Trigger “Re-engage after silence”?" });
    expect(confirm).toHaveTextContent("Email the customer: “We miss you at {{customer}}”");
    expect(confirm).toHaveTextContent("Task for the CSM, due in 2 days: “Check-in call”");
    expect(onConfirm).not.toHaveBeenCalled();
    await userEvent.click(within(confirm).getByRole("button", { name: "Yes, trigger it" }));
    expect(onConfirm).toHaveBeenCalledWith(playbooks[0], "Quiet since the reorg");
    expect(onClose).toHaveBeenCalled();
  });

  it("keeps the dialog open with the database's refusal", async () => {
    const onConfirm = vi.fn(async () => {
      throw new Error("permission denied: you cannot act on customer c1");
    });
    const onClose = vi.fn();
    render(<TriggerInterventionDialog customerName="Globex" playbooks={playbooks} onConfirm={onConfirm} onClose={onClose} />);
    await userEvent.click(screen.getByRole("radio", { name: /Re-engage/ }));
    await userEvent.click(screen.getByRole("button", { name: "Continue" }));
    await userEvent.click(screen.getByRole("button", { name: "Yes, trigger it" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("permission denied: you cannot act on customer c1");
    expect(onClose).not.toHaveBeenCalled();
  });
});

describe("support interactions log", () => {
  it("asks for a summary, then sends what was typed", async () => {
    const onSubmit = vi.fn(async (_values: SupportInteractionForm) => {});
    render(<SupportInteractionDialog customerName="Globex" onSubmit={onSubmit} onClose={() => {}} />);
    await userEvent.click(screen.getByRole("button", { name: "Log interaction" }));
    expect(await screen.findByText("Say what it was about")).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
    await userEvent.type(screen.getByLabelText("Summary"), "Walked through the new reports");
    await userEvent.click(screen.getByRole("button", { name: "Log interaction" }));
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({ kind: "check_in", summary: "Walked through the new reports", sentiment: "none" });
  });
});
