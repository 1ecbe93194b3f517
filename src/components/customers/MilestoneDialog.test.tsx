import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MilestoneDialog } from "@/components/customers/MilestoneDialog";
import { renderApp } from "@/test/render";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

test("records a milestone with its day, and says which field is wrong before sending anything", async () => {
  const onSubmit = vi.fn().mockResolvedValue(undefined);
  const onClose = vi.fn();
  renderApp(<MilestoneDialog customerName="Initech" onSubmit={onSubmit} onClose={onClose} />);
  const dialog = await screen.findByRole("dialog", { name: "Record milestone" });

  await userEvent.click(within(dialog).getByRole("button", { name: "Record milestone" }));
  expect(await within(dialog).findByText("Name the milestone")).toBeInTheDocument();
  expect(onSubmit).not.toHaveBeenCalled();

  await userEvent.type(within(dialog).getByLabelText("Milestone"), "Went live in EMEA");
  const day = within(dialog).getByLabelText("Reached on");
  await userEvent.clear(day);
  await userEvent.type(day, "2026-10-01");
  await userEvent.click(within(dialog).getByRole("button", { name: "Record milestone" }));
  await waitFor(() => expect(onClose).toHaveBeenCalled());
  expect(onSubmit).toHaveBeenCalledWith({ title: "Went live in EMEA", achieved_on: "2026-10-01" });
});

test("a milestone the customer already has is refused on its title, and the dialog stays open", async () => {
  const onSubmit = vi.fn().mockRejectedValue(new Error('duplicate key value violates unique constraint "success_milestones_once"'));
  const onClose = vi.fn();
  renderApp(<MilestoneDialog customerName="Initech" onSubmit={onSubmit} onClose={onClose} />);
  const dialog = await screen.findByRole("dialog", { name: "Record milestone" });
  await userEvent.type(within(dialog).getByLabelText("Milestone"), "Onboarding complete");
  await userEvent.click(within(dialog).getByRole("button", { name: "Record milestone" }));
  expect(await within(dialog).findByText("Initech already has this milestone")).toBeInTheDocument();
  expect(onClose).not.toHaveBeenCalled();
});
