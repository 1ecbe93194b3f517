import { describe, expect, it } from "vitest";
import { HEALTH_REPORT_COLUMNS, healthReportQuery } from "@/domain/customer-success/report";

describe("the health report's query (CS-9)", () => {
  it("keeps the list's filters, search and order, with the customer's name under the report's column", () => {
    expect(
      healthReportQuery({
        filters: [
          { column: "health_status", op: "eq", value: "critical" },
          { column: "contract_end", op: "lte", value: "2027-01-31" },
        ],
        search: { words: ["acme"], columns: ["name", "domain"] },
        order: [{ column: "name", ascending: true }],
      }),
    ).toEqual({
      filters: [
        { column: "health_status", op: "eq", value: "critical" },
        { column: "contract_end", op: "lte", value: "2027-01-31" },
      ],
      search: { words: ["acme"], columns: ["customer", "domain"] },
      order: [{ column: "customer", ascending: true }],
    });
  });

  it("leaves out what the report cannot filter on, and sorts worst health first by default", () => {
    expect(healthReportQuery({ filters: [{ column: "owner_id", op: "eq", value: "u1" }], search: null, order: [{ column: "contract_start", ascending: true }] })).toEqual({
      filters: [],
      search: null,
      order: [{ column: "health_score", ascending: true }],
    });
  });

  it("reports every indicator's points", () => {
    const ids = HEALTH_REPORT_COLUMNS.map((c) => c.id);
    for (const indicator of ["login_recency", "feature_adoption", "user_activity", "onboarding", "journey", "support_tickets", "nps_csat", "payment_health", "seat_utilisation"]) {
      expect(ids).toContain(`${indicator}_points`);
    }
    expect(HEALTH_REPORT_COLUMNS[0]).toEqual({ id: "customer", label: "Customer" });
  });
});
