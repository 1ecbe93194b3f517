import {
  activityRecord,
  defaultActivityValues,
  logActivitySchema,
  taskBucket,
  toActivityInsert,
  toLocalInputValue,
  type LogActivityInput,
} from "@/domain/activities";

const NOW = new Date(2025, 2, 14, 15, 30); // 14 Mar 2025, 15:30 local

const valid = (overrides: Partial<LogActivityInput> = {}): LogActivityInput => ({
  ...defaultActivityValues("call", NOW),
  subject: "Discovery call",
  ...overrides,
});

describe("logActivitySchema", () => {
  it("accepts a call and turns empty optional fields into nulls", () => {
    const values = logActivitySchema.parse(valid({ outcome: "  ", body: "Talked budget" }));
    expect(values).toMatchObject({ type: "call", subject: "Discovery call", body: "Talked budget", outcome: null, next_action: null });
  });

  it("needs a subject of at most 200 characters", () => {
    expect(logActivitySchema.safeParse(valid({ subject: "   " })).error?.issues[0]).toMatchObject({ path: ["subject"], message: "Enter a subject" });
    expect(logActivitySchema.safeParse(valid({ subject: "x".repeat(201) })).error?.issues[0]?.message).toBe("Use at most 200 characters");
  });

  it("mirrors the database's lengths for notes, outcome and next action", () => {
    const result = logActivitySchema.safeParse(valid({ body: "x".repeat(10_001), outcome: "x".repeat(201), next_action: "x".repeat(501) }));
    expect(result.error?.issues.map((issue) => [issue.path[0], issue.message])).toEqual([
      ["body", "Use at most 10,000 characters"],
      ["outcome", "Use at most 200 characters"],
      ["next_action", "Use at most 500 characters"],
    ]);
  });

  it("refuses a task without a due date, and dates past 2100", () => {
    expect(logActivitySchema.safeParse(valid({ type: "task", due_at: "" })).error?.issues[0]).toMatchObject({
      path: ["due_at"],
      message: "A task needs a due date",
    });
    expect(logActivitySchema.safeParse(valid({ due_at: "9999-01-01T10:00" })).error?.issues[0]?.message).toBe("Choose a date before 2100");
  });
});

describe("defaultActivityValues", () => {
  it("starts a call now and a task due tomorrow at 9:00", () => {
    expect(defaultActivityValues("call", NOW)).toMatchObject({ occurred_at: "2025-03-14T15:30", due_at: "" });
    expect(defaultActivityValues("task", NOW).due_at).toBe("2025-03-15T09:00");
  });
});

describe("toActivityInsert", () => {
  it("puts the activity on the subject's column; something that happened is done", () => {
    const row = toActivityInsert(logActivitySchema.parse(valid({ sentiment: "positive" })), { type: "account", id: "acc-1" });
    expect(row).toMatchObject({ type: "call", account_id: "acc-1", sentiment: "positive", due_at: null, done: true });
    expect(row).not.toHaveProperty("deal_id");
    expect(row.occurred_at).toBe(new Date(2025, 2, 14, 15, 30).toISOString());
  });

  it("keeps anything with a due date open, and 'none' sentiment as null", () => {
    const row = toActivityInsert(logActivitySchema.parse(valid({ type: "task", due_at: "2025-03-20T09:00" })), { type: "deal", id: "d-1" });
    expect(row).toMatchObject({ deal_id: "d-1", sentiment: null, done: false, due_at: new Date(2025, 2, 20, 9).toISOString() });
  });
});

describe("taskBucket", () => {
  it("splits on the local day", () => {
    expect(taskBucket(new Date(2025, 2, 13, 23, 59), NOW)).toBe("overdue");
    expect(taskBucket(new Date(2025, 2, 14, 0, 0), NOW)).toBe("today");
    expect(taskBucket(new Date(2025, 2, 14, 9, 0), NOW)).toBe("today"); // earlier today: due today, not overdue
    expect(taskBucket(new Date(2025, 2, 14, 23, 59), NOW)).toBe("today");
    expect(taskBucket(new Date(2025, 2, 15, 0, 0).toISOString(), NOW)).toBe("upcoming");
  });
});

describe("activityRecord", () => {
  const none = { deal_id: null, account_id: null, lead_id: null, contact_id: null };
  it("names and links the record an activity is about", () => {
    expect(activityRecord({ ...none, deal_id: "d1", deal: { name: "Big deal" } })).toEqual({
      type: "deal",
      id: "d1",
      name: "Big deal",
      href: "/deals/d1",
    });
    expect(activityRecord({ ...none, lead_id: "l1", lead: { company: "Initech", first_name: "Bill", last_name: "Lumbergh" } })?.name).toBe(
      "Bill Lumbergh, Initech",
    );
    expect(activityRecord({ ...none, contact_id: "c1", contact: { full_name: null, last_name: "Smith" } })?.href).toBe("/contacts/c1");
    expect(activityRecord(none)).toBeNull();
  });
});

test("toLocalInputValue pads every part", () => {
  expect(toLocalInputValue(new Date(2025, 0, 2, 3, 4))).toBe("2025-01-02T03:04");
});
