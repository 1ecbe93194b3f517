import { approvalSummary, approverLabel, currentRequests, decisionSchema, overrideSchema, type ApprovalRequestView } from "@/domain/approvals/approvals";

const step = (position: number, status: ApprovalRequestView["steps"][number]["status"], approvers = "Sales manager") => ({
  id: `s${position}`,
  position,
  name: null,
  approvers,
  status,
  decision: null,
});

const request = (id: string, status: ApprovalRequestView["status"], requestedAt: string, steps = [step(1, "approved")]): ApprovalRequestView => ({
  id,
  status,
  policyName: "Discounts above 20 %",
  reasons: ["Discount 30 % is above 20 %"],
  requestedAt,
  decidedAt: null,
  steps,
});

test("a pending request names the open step and blocks closing", () => {
  const pending = request("r1", "pending", "2025-01-02", [step(2, "waiting", "Executive"), step(1, "pending")]);
  expect(approvalSummary([pending])).toEqual({ state: "pending", text: "Waiting for step 1 of 2: Sales manager", blocksClosing: true });
  const second = request("r1", "pending", "2025-01-02", [step(1, "approved"), step(2, "pending", "Executive")]);
  expect(approvalSummary([second]).text).toBe("Waiting for step 2 of 2: Executive");
});

test("pending wins over rejected, rejected over overridden and approved; withdrawn and superseded requests do not count", () => {
  const approved = request("a", "approved", "2025-01-01");
  const rejected = request("b", "rejected", "2025-01-02");
  const overridden = request("c", "overridden", "2025-01-03");
  const withdrawn = request("d", "withdrawn", "2025-01-04");
  const superseded = request("e", "superseded", "2025-01-05");
  expect(approvalSummary([approved, rejected]).state).toBe("rejected");
  expect(approvalSummary([approved, rejected]).blocksClosing).toBe(true);
  expect(approvalSummary([approved, overridden])).toEqual({ state: "overridden", text: "Allowed by an exception", blocksClosing: false });
  expect(approvalSummary([approved, withdrawn, superseded])).toEqual({ state: "approved", text: "Approved", blocksClosing: false });
  expect(approvalSummary([withdrawn])).toEqual({ state: "none", text: "No approval needed", blocksClosing: false });
  expect(currentRequests([approved, withdrawn, superseded]).map((r) => r.id)).toEqual(["a"]);
});

test("approvers read as a role or as the people named", () => {
  expect(approverLabel("manager")).toBe("Sales manager");
  expect(approverLabel("executive", ["Eve Exec", "Ada Admin"])).toBe("Eve Exec, Ada Admin");
  expect(approverLabel(null)).toBe("Anyone allowed to approve");
});

test("a decision needs a comment and an override a reason of 10 characters", () => {
  expect(decisionSchema.safeParse({ decision: "approve", comment: "  " }).error?.issues[0]?.message).toBe("Write a comment: the rep sees it with your decision");
  expect(decisionSchema.parse({ decision: "reject", comment: " Too deep a discount " })).toEqual({ decision: "reject", comment: "Too deep a discount" });
  expect(overrideSchema.safeParse({ reason: "Strategic" }).success).toBe(false);
  expect(overrideSchema.parse({ reason: "Strategic logo for the region" }).reason).toBe("Strategic logo for the region");
});
