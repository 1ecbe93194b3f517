import { describe, expect, it } from "vitest";
import { HEALTH_REPORT_COLUMNS, healthReportFilename, healthReportQuery, reportOwners } from "@/domain/customer-success/report";

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
    expect(healthReportQuery({ filters: [{ column: "contract_start", op: "gte", value: "2026-01-01" }], search: null, order: [{ column: "contract_start", ascending: true }] })).toEqual({
      filters: [],
      search: null,
      order: [{ column: "health_score", ascending: true }],
    });
  });

  describe("whose customers it covers", () => {
    const list = {
      filters: [
        { column: "owner_id", op: "eq" as const, value: "casey" },
        { column: "health_status", op: "eq" as const, value: "critical" },
      ],
      search: null,
      order: [{ column: "health_score", ascending: true }],
    };

    it("keeps the list's CSM filter when no CSM is chosen", () => {
      expect(healthReportQuery(list).filters).toEqual(list.filters);
    });

    it("covers every CSM's customers, with the list's other filters", () => {
      expect(healthReportQuery(list, null).filters).toEqual([{ column: "health_status", op: "eq", value: "critical" }]);
    });

    it("covers one CSM's customers instead of the list's CSM", () => {
      expect(healthReportQuery(list, "morgan").filters).toEqual([
        { column: "owner_id", op: "eq", value: "morgan" },
        { column: "health_status", op: "eq", value: "critical" },
      ]);
      expect(healthReportQuery({ ...list, filters: [{ column: "owner_id", op: "in", value: ["a", "b"] }] }, "morgan").filters).toEqual([
        { column: "owner_id", op: "eq", value: "morgan" },
      ]);
    });
  });

  it("offers the active CS managers as the report's CSMs, by name", () => {
    const people = [
      { id: "1", role: "cs_manager", active: true, full_name: "Morgan Reyes" },
      { id: "2", role: "rep", active: true, full_name: "Alex Rep" },
      { id: "3", role: "cs_manager", active: false, full_name: "Gone Away" },
      { id: "4", role: "cs_manager", active: true, full_name: "Casey Success" },
    ];
    expect(reportOwners(people).map((p) => p.id)).toEqual(["4", "1"]);
  });

  it("names the file after the CSM it covers", () => {
    expect(healthReportFilename("2026-11-24")).toBe("customer-health-2026-11-24.csv");
    expect(healthReportFilename("2026-11-24", "Morgan Reyes")).toBe("customer-health-morgan-reyes-2026-11-24.csv");
    expect(healthReportFilename("2026-11-24", "  Zoë O'Brien ")).toBe("customer-health-zoe-o-brien-2026-11-24.csv");
    expect(healthReportFilename("2026-11-24", "")).toBe("customer-health-2026-11-24.csv");
  });

  it("reports every indicator's points", () => {
    const ids = HEALTH_REPORT_COLUMNS.map((c) => c.id);
    for (const indicator of ["login_recency", "feature_adoption", "user_activity", "onboarding", "journey", "support_tickets", "nps_csat", "payment_health", "seat_utilisation"]) {
      expect(ids).toContain(`${indicator}_points`);
    }
    expect(HEALTH_REPORT_COLUMNS[0]).toEqual({ id: "customer", label: "Customer" });
  });
});
