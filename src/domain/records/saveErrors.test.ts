import { dealModel } from "@/domain/records/deals";
import { accountModel } from "@/domain/records/accounts";
import { constraintField, recordSaveError } from "@/domain/records/saveErrors";

describe("recordSaveError", () => {
  it("puts a check violation on its field, saying what the rule asks in plain words", () => {
    const refused = (constraint: string) =>
      recordSaveError({ code: "23514", message: `new row for relation "deals" violates check constraint "${constraint}"` }, "deals", dealModel.fields);
    expect(refused("deals_amount_not_negative")).toEqual({ fields: { amount: "Must be 0 or more" }, message: null });
    expect(refused("deals_expected_close_date_range")).toEqual({ fields: { expected_close_date: "Outside the allowed range" }, message: null });
    expect(refused("deals_name_length")).toEqual({ fields: { name: "Empty or too long" }, message: null });
    expect(refused("deals_currency_format")).toEqual({ fields: { currency: "Not in a valid format" }, message: null });
    expect(refused("deals_discount_pct_custom")).toEqual({
      fields: { discount_pct: 'new row for relation "deals" violates check constraint "deals_discount_pct_custom"' },
      message: null,
    });
  });

  it("says a referenced record is gone or not the reader's, on the field that names it", () => {
    const message = 'insert or update on table "deals" violates foreign key constraint "deals_org_id_account_id_fkey"';
    expect(recordSaveError({ code: "23503", message }, "deals", dealModel.fields)).toEqual({
      fields: { account_id: "That record no longer exists, or you may not use it" },
      message: null,
    });
  });

  it("explains a duplicate domain on the domain field", () => {
    const error = { code: "23505", message: 'duplicate key value violates unique constraint "accounts_domain_key"' };
    expect(recordSaveError(error, "accounts", accountModel.fields)).toEqual({
      fields: { domain: "Another account in your organisation already has this domain" },
      message: null,
    });
  });

  it("marks each field a stage requires, and keeps the database's sentence for the form", () => {
    const error = { code: "P0001", hint: "missing_fields", details: '["economic_buyer","identified_pain"]', message: "Missing required fields: Economic buyer, Identified pain" };
    expect(recordSaveError(error, "deals", dealModel.fields)).toEqual({
      fields: { economic_buyer: "Required before the deal leaves its current stage", identified_pain: "Required before the deal leaves its current stage" },
      message: "Missing required fields: Economic buyer, Identified pain",
    });
  });

  it("puts a refused stage move on the stage, and anything else at the top", () => {
    expect(recordSaveError({ code: "P0001", hint: "transition_not_allowed", message: 'A deal in "Lead" cannot move to "Closed Won"' }, "deals", dealModel.fields))
      .toEqual({ fields: { stage_id: 'A deal in "Lead" cannot move to "Closed Won"' }, message: null });
    expect(recordSaveError({ code: "42501", message: 'new row violates row-level security policy for table "deals"' }, "deals", dealModel.fields).message)
      .toMatch(/^You may not make this change/);
    expect(recordSaveError(new Error("offline"), "deals", dealModel.fields)).toEqual({ fields: {}, message: "offline" });
  });

  it("finds the field of a constraint name, preferring the longest key", () => {
    expect(constraintField("deals_org_id_primary_contact_id_fkey", "deals", dealModel.fields)).toBe("primary_contact_id");
    expect(constraintField("deals_expected_close_date_range", "deals", dealModel.fields)).toBe("expected_close_date");
    expect(constraintField("deals_closed_at_when_closed", "deals", dealModel.fields)).toBeNull();
  });
});
