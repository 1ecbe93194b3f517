/** Every TanStack Query key in one place, so invalidation after a mutation can find them. */
export const queryKeys = {
  profile: (userId: string) => ["profile", userId] as const,
  users: {
    /** Every user list; invalidate this after any change to a user. */
    all: ["users"] as const,
    list: (orgId: string) => ["users", "list", orgId] as const,
  },
  teams: {
    all: ["teams"] as const,
    list: (orgId: string) => ["teams", "list", orgId] as const,
  },
  organization: (orgId: string) => ["organization", orgId] as const,
  activities: {
    /** Every timeline and task list; invalidate this after logging or changing an activity. */
    all: ["activities"] as const,
    timeline: (subjectType: string, subjectId: string) => ["activities", "timeline", subjectType, subjectId] as const,
    tasks: (userId: string) => ["activities", "tasks", userId] as const,
  },
  pipelines: {
    /** Pipelines, their stages and transitions (configuration). */
    all: ["pipelines"] as const,
    list: ["pipelines", "list"] as const,
    stages: (pipelineId: string) => ["pipelines", "stages", pipelineId] as const,
  },
  board: {
    /** Every board query (totals and cards); invalidate after a deal moves or changes. */
    all: ["board"] as const,
    pipeline: (pipelineId: string) => ["board", pipelineId] as const,
    stageDeals: (pipelineId: string, stageId: string) => ["board", pipelineId, "stage", stageId] as const,
  },
  dashboard: (userId: string) => ["dashboard", userId] as const,
  records: {
    /** Every list, detail, related list and lookup of leads, accounts, contacts and deals. */
    all: ["records"] as const,
    object: (object: string) => ["records", object] as const,
    list: (object: string, query: unknown) => ["records", object, "list", query] as const,
    count: (object: string, query: unknown) => ["records", object, "count", query] as const,
    detail: (object: string, id: string) => ["records", object, "detail", id] as const,
    related: (object: string, column: string, id: string) => ["records", object, "related", column, id] as const,
    lookup: (target: string, search: string, scope: unknown) => ["records", "lookup", target, search, scope] as const,
    label: (target: string, id: string) => ["records", "label", target, id] as const,
  },
  savedViews: {
    all: ["saved-views"] as const,
    list: (recordType: string) => ["saved-views", recordType] as const,
  },
  notifications: {
    /** The bell's count and list; invalidate after anything that notifies or marks read. */
    all: ["notifications"] as const,
    unread: (userId: string) => ["notifications", "unread", userId] as const,
    list: (userId: string) => ["notifications", "list", userId] as const,
  },
  scoring: {
    /** Deal scores, their history, the scoring models, previews and rescore runs. */
    all: ["scoring"] as const,
    deal: (dealId: string) => ["scoring", "deal", dealId] as const,
    history: (dealId: string) => ["scoring", "history", dealId] as const,
    models: ["scoring", "models"] as const,
    preview: (config: unknown) => ["scoring", "preview", config] as const,
    rescoreRun: (runId: string) => ["scoring", "rescore-run", runId] as const,
  },
  approvals: {
    /** Approval requests, steps, decisions, exceptions and policies; invalidate after a decision. */
    all: ["approvals"] as const,
    deal: (dealId: string) => ["approvals", "deal", dealId] as const,
    inbox: (userId: string) => ["approvals", "inbox", userId] as const,
    history: (userId: string) => ["approvals", "history", userId] as const,
    policies: ["approvals", "policies"] as const,
  },
  governance: {
    /** The governance metrics (GOV-5), one key per SQL function and its arguments. */
    all: ["governance"] as const,
    metric: (name: string, args: unknown) => ["governance", name, args] as const,
  },
  customers: {
    /** The customers dashboard (summary, at-risk panel) and every customer page; invalidate after a customer, renewal or intervention changes. */
    all: ["customers"] as const,
    summary: ["customers", "summary"] as const,
    atRisk: (filters: unknown) => ["customers", "at-risk", filters] as const,
    detail: (customerId: string) => ["customers", "detail", customerId] as const,
  },
  renewals: {
    /** The renewal timeline's buckets; the table is a record list (records.object("renewals")). */
    all: ["renewals"] as const,
    buckets: ["renewals", "buckets"] as const,
  },
  customerSuccess: {
    /** Health configuration, its preview and validation, job runs, playbooks and the outbox. */
    all: ["customer-success"] as const,
    healthConfig: ["customer-success", "health-config"] as const,
    healthPreview: (config: unknown) => ["customer-success", "health-preview", config] as const,
    validation: ["customer-success", "validation"] as const,
    jobRuns: ["customer-success", "job-runs"] as const,
    playbooks: ["customer-success", "playbooks"] as const,
    outbox: (query: unknown) => ["customer-success", "outbox", query] as const,
  },
};
