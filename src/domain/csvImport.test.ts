import { parseCsv } from "@/domain/csv";
import { importKeys, importPayload, importTemplate, mapHeader, previewImport, referencedAccountDomains, summarise } from "@/domain/csvImport";

function preview(text: string, target: "leads" | "accounts" | "contacts", options?: Parameters<typeof previewImport>[2]) {
  const result = previewImport(parseCsv(text), target, options);
  if (!result.ok) throw new Error(result.error);
  return result;
}

describe("mapHeader", () => {
  it("matches headers by name or common alias, ignoring case and punctuation", () => {
    expect(mapHeader(["Company Name", "E-mail", "First Name", "Website", "Notes"], "leads")).toEqual({
      fields: ["company", "email", "first_name", "domain", null],
      ignored: ["Notes"],
      missing: [],
    });
    expect(mapHeader(["Name", "Domain"], "contacts").fields).toEqual(["last_name", "account_domain"]);
  });

  it("names a missing required column, and uses a field once", () => {
    expect(mapHeader(["email", "Email"], "leads")).toMatchObject({ fields: ["email", null], missing: ["Company"] });
  });
});

describe("previewImport", () => {
  it("passes on a parse error naming the line", () => {
    expect(previewImport(parseCsv('company,email\n"Acme,a@a.com\n'), "leads")).toEqual({
      ok: false,
      error: expect.stringMatching(/^Line 2: a quoted field starts here and is never closed/),
    });
  });

  it("refuses a file without the required column or without rows", () => {
    expect(previewImport(parseCsv("email\na@a.com\n"), "leads")).toMatchObject({ ok: false, error: expect.stringMatching(/no Company column/) });
    expect(previewImport(parseCsv("company\n"), "leads")).toMatchObject({ ok: false, error: expect.stringMatching(/no rows/) });
  });

  it("validates each row with the form's rules and reports errors per field with the file's line", () => {
    const result = preview(
      'Company,Email,Value,Notes\nAcme,ADA@acme.com,"1,500",x\n,bad-email,-3,\n"Multi\nline Inc",b@b.com,10,\n',
      "leads",
    );
    expect(result.rows.map((r) => [r.line, r.status])).toEqual([
      [2, "valid"],
      [3, "invalid"],
      [4, "valid"],
    ]);
    expect(result.rows[0]?.data).toMatchObject({ company: "Acme", email: "ada@acme.com", value: 1500, source: "other", status: "new" });
    expect(result.rows[1]?.errors).toEqual({
      Company: "Enter the company's name",
      Email: "Enter an email address like name@example.com",
      Value: "Must be 0 or more",
    });
    expect(result.mapping.ignored).toEqual(["Notes"]);
  });

  it("refuses a lead that claims to be converted already", () => {
    const result = preview("company,status\nAcme,Converted\n", "leads");
    expect(result.rows[0]?.errors).toEqual({ Status: "Choose one of: New, Contacted, Qualified, Unqualified" });
  });

  it("flags rows with more cells than the header", () => {
    const result = preview("name,domain\nAcme, Inc,acme.com\n", "accounts");
    expect(result.rows[0]).toMatchObject({ status: "invalid", errors: { Row: expect.stringMatching(/3 cells but the header names 2/) } });
  });

  it("de-duplicates within the file and against the database by email or domain, case-insensitively", () => {
    const result = preview(
      "name,domain\nAcme,acme.com\nAcme again,https://www.ACME.com\nGlobex,globex.com\nNo domain,\nNo domain,\n",
      "accounts",
      { existingKeys: new Set(["globex.com"]) },
    );
    expect(result.rows.map((r) => [r.line, r.status, r.duplicateOf])).toEqual([
      [2, "valid", undefined],
      [3, "duplicate", 2],
      [4, "exists", undefined],
      [5, "valid", undefined],
      [6, "valid", undefined],
    ]);
    expect(summarise(result.rows)).toEqual({ total: 5, valid: 3, invalid: 0, duplicate: 1, exists: 1 });
    expect(importKeys(result)).toEqual(["acme.com", "globex.com"]);
    expect(importPayload(result.rows)).toEqual([
      { line: 2, name: "Acme", domain: "acme.com" },
      { line: 5, name: "No domain" },
      { line: 6, name: "No domain" },
    ]);
  });

  it("an invalid row does not claim its key, so a later valid row with it is imported", () => {
    const result = preview("company,email,value\nA,a@a.com,-1\nB,a@a.com,1\n", "leads");
    expect(result.rows.map((r) => r.status)).toEqual(["invalid", "valid"]);
  });

  it("checks that a contact's account domain exists when the database says which do", () => {
    const text = "first name,last name,email,account domain\nAda,Lovelace,ada@acme.com,acme.com\nBob,Smith,bob@x.com,unknown.com\n";
    const fileOnly = preview(text, "contacts");
    expect(referencedAccountDomains(fileOnly)).toEqual(["acme.com", "unknown.com"]);
    const checked = preview(text, "contacts", { knownAccountDomains: new Set(["acme.com"]) });
    expect(checked.rows.map((r) => r.status)).toEqual(["valid", "invalid"]);
    expect(checked.rows[1]?.errors).toEqual({ "Account domain": "No account has the domain unknown.com: import the account first" });
  });

  it("refuses more than 10,000 rows", () => {
    const text = `company\n${"A\n".repeat(10_001)}`;
    expect(previewImport(parseCsv(text), "leads")).toMatchObject({ ok: false, error: expect.stringMatching(/at most 10,000/) });
  });

  it("offers a template with the target's columns", () => {
    expect(importTemplate("accounts")).toBe("Name,Domain,Industry,Employees,Segment,Tier\r\n");
  });
});
