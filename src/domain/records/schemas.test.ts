import { accountSchema } from "@/domain/records/accounts";
import { contactSchema } from "@/domain/records/contacts";
import { dealSchema } from "@/domain/records/deals";
import { normaliseDomain, toInputValue } from "@/domain/records/fields";
import { leadSchema } from "@/domain/records/leads";

const ID = "11111111-1111-4111-8111-111111111111";

function errors(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]));
}

describe("the lead form's rules mirror public.leads", () => {
  it("reads form strings into the insert: trims, lowercases, empties to null, numbers and defaults", () => {
    const lead = leadSchema.parse({
      company: "  Acme  ",
      email: " Ada@Example.COM ",
      domain: "https://www.Acme.com/about",
      value: "1,234.567",
      company_size: "250",
      source: "Website",
      status: "",
      first_name: "",
      currency: "eur",
      probability: "",
      last_contacted_at: "",
      owner_id: "none",
    });
    expect(lead).toMatchObject({
      company: "Acme",
      email: "ada@example.com",
      domain: "acme.com",
      value: 1234.567,
      company_size: 250,
      source: "website",
      status: "new",
      first_name: null,
      currency: "EUR",
      probability: null,
      last_contacted_at: null,
      owner_id: null,
    });
  });

  it("refuses what the database refuses, with a message per field", () => {
    const result = leadSchema.safeParse({
      company: "x".repeat(10_000),
      value: "-5",
      email: "not-an-email",
      domain: "no spaces.com",
      probability: "150",
      company_size: "12.5",
      status: "lost",
      currency: "EURO",
    });
    expect(errors(result)).toEqual({
      company: "Use at most 200 characters",
      value: "Must be 0 or more",
      email: "Enter an email address like name@example.com",
      domain: "Enter a domain like example.com",
      probability: "Must be 0 % to 100 %",
      company_size: "Enter a whole number",
      status: "Choose one of: New, Contacted, Qualified, Unqualified, Converted",
      currency: "Use a 3-letter currency code like USD",
    });
    expect(errors(leadSchema.safeParse({ company: "   " }))).toEqual({ company: "Enter the company's name" });
    expect(errors(leadSchema.safeParse({ company: "A", value: "lots" }))).toEqual({ value: "Enter a number" });
  });
});

describe("accounts, contacts and deals", () => {
  it("account tiers and segments read labels or values", () => {
    expect(accountSchema.parse({ name: "Acme", tier: "Tier 2", segment: "mid-market" })).toMatchObject({ tier: 2, segment: "mid_market" });
    expect(accountSchema.parse({ name: "Acme", tier: "3", segment: "ENTERPRISE" })).toMatchObject({ tier: 3, segment: "enterprise" });
  });

  it("reports an unknown segment instead of guessing", () => {
    expect(errors(accountSchema.safeParse({ name: "Acme", segment: "huge" }))).toEqual({
      segment: "Choose one of: SMB, Mid-market, Enterprise",
    });
    expect(accountSchema.parse({ name: "Acme", segment: "Mid-market" })).toMatchObject({ segment: "mid_market" });
  });

  it("a contact needs a last name; its account is an id or nothing", () => {
    expect(errors(contactSchema.safeParse({ last_name: "", account_id: "acme" }))).toEqual({
      last_name: "Enter the last name",
      account_id: "Choose a record from the list",
    });
    expect(contactSchema.parse({ last_name: "Doe", deal_role: "economic buyer", account_id: ID })).toMatchObject({
      deal_role: "economic_buyer",
      account_id: ID,
    });
  });

  it("a deal needs an account, pipeline, stage and a close date between 2000 and 2100", () => {
    expect(errors(dealSchema.safeParse({ name: "Big", expected_close_date: "9999-01-01", amount: "-1", discount_pct: "101" }))).toEqual({
      account_id: "Choose the account",
      pipeline_id: "Choose a pipeline",
      stage_id: "Choose a stage",
      expected_close_date: "Choose a date from 2000 to 2100",
      amount: "Must be 0 or more",
      discount_pct: "Must be 0 % to 100 %",
    });
    expect(errors(dealSchema.safeParse({ expected_close_date: "2026-02-30" }))).toMatchObject({ expected_close_date: "Enter a real date" });
    const deal = dealSchema.parse({
      name: "Big",
      account_id: ID,
      pipeline_id: ID,
      stage_id: ID,
      expected_close_date: "2026-06-30",
      competitors: "Globex, Initech,, ",
      margin_pct: "-20.5",
    });
    expect(deal).toMatchObject({ competitors: ["Globex", "Initech"], margin_pct: -20.5, deal_type: "new", forecast_category: "pipeline" });
    expect(errors(dealSchema.safeParse({ competitors: Array.from({ length: 21 }, (_, i) => `c${i}`) }))).toMatchObject({
      competitors: "List at most 20",
    });
  });
});

describe("field helpers", () => {
  it("normalises domains as people paste them", () => {
    expect(normaliseDomain("HTTPS://www.Example.co.uk:8080/path?q=1")).toBe("example.co.uk");
    expect(normaliseDomain("example.com.")).toBe("example.com");
  });

  it("turns database values into input values", () => {
    expect(toInputValue(null)).toBe("");
    expect(toInputValue(12.5)).toBe("12.5");
    expect(toInputValue(["a", "b"])).toBe("a, b");
    expect(toInputValue("2026-03-04T09:30:00+00:00", "datetime")).toMatch(/^2026-03-0\dT\d\d:30$/);
  });
});
