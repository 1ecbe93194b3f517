import { describe, expect, it } from "vitest";
import { AuthError } from "./errors.ts";
import {
  checkMetadata,
  checkPasswordStorable,
  checkPasswordStrength,
  isUuid,
  MAX_METADATA_BYTES,
  mergeMetadata,
  parseBanDuration,
  parseBody,
  parsePagination,
  signupBody,
  validateEmail,
} from "./validation.ts";

function refusal(fn: () => unknown): AuthError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  throw new Error("expected an AuthError");
}

describe("parseBody", () => {
  it("accepts what supabase-js sends for sign-up, nulls included", () => {
    const body = parseBody(
      signupBody,
      JSON.stringify({ email: "a@b.co", password: "secret", data: { x: 1 }, gotrue_meta_security: {}, code_challenge: null, code_challenge_method: null }),
    );
    expect(body).toEqual({ email: "a@b.co", password: "secret", data: { x: 1 }, code_challenge: null, code_challenge_method: null });
  });

  it("treats missing fields as not given", () => {
    expect(parseBody(signupBody, "{}")).toEqual({});
  });

  it.each([
    ["{bad", /^Could not parse request body as JSON: /],
    ["[1,2]", /expected a JSON object, got an array/],
    ['"text"', /expected a JSON object, got string/],
    ["null", /expected a JSON object, got null/],
    ['{"email": 5}', /email: .*expected string/],
    ['{"data": "x"}', /data: .*expected record/],
    ["", /EOF/],
  ])("answers 400 bad_json for %j", (raw, message) => {
    const error = refusal(() => parseBody(signupBody, raw));
    expect(error.status).toBe(400);
    expect(error.code).toBe("bad_json");
    expect(error.message).toMatch(message);
  });

  it("lets an empty body through where the route allows it", () => {
    expect(parseBody(signupBody, "", { allowEmpty: true })).toEqual({});
  });

  it("survives absurdly deep nesting", () => {
    const deep = "[".repeat(200_000) + "]".repeat(200_000);
    expect(refusal(() => parseBody(signupBody, `{"data": ${deep}}`)).code).toBe("bad_json");
  });
});

describe("validateEmail", () => {
  it("lower-cases a valid address", () => {
    expect(validateEmail("Ada.Lovelace+x@Example.COM")).toBe("ada.lovelace+x@example.com");
  });

  it.each([
    ["", "An email address is required"],
    ["not-an-email", "Unable to validate email address: invalid format"],
    ["a@b@c.com", "Unable to validate email address: invalid format"],
    ["a b@c.com", "Unable to validate email address: invalid format"],
    [`${"a".repeat(250)}@b.com`, "An email address is too long"],
  ])("refuses %j", (email, message) => {
    const error = refusal(() => validateEmail(email));
    expect([error.status, error.code, error.message]).toEqual([400, "validation_failed", message]);
  });
});

describe("password rules", () => {
  it("accepts 6 to 72 bytes", () => {
    expect(() => checkPasswordStrength("secret")).not.toThrow();
    expect(() => checkPasswordStrength("x".repeat(72))).not.toThrow();
  });

  it("answers 422 weak_password with reasons below 6 characters", () => {
    const error = refusal(() => checkPasswordStrength("12345"));
    expect(error.status).toBe(422);
    expect(error.body()).toEqual({
      code: "weak_password",
      message: "Password should be at least 6 characters.",
      weak_password: { reasons: ["length"] },
    });
  });

  it("answers 400 validation_failed over 72 bytes, counted as bcrypt does", () => {
    for (const password of ["x".repeat(73), "é".repeat(37), "x".repeat(100_000)]) {
      const error = refusal(() => checkPasswordStrength(password));
      expect([error.status, error.code, error.message]).toEqual([400, "validation_failed", "Password cannot be longer than 72 characters"]);
    }
  });

  it("refuses NUL characters, which Postgres cannot hash", () => {
    expect(refusal(() => checkPasswordStrength("abc\u0000def")).code).toBe("validation_failed");
    expect(refusal(() => checkPasswordStorable("a\u0000")).code).toBe("validation_failed");
  });

  it("lets admins set short passwords but not overlong ones", () => {
    expect(() => checkPasswordStorable("1")).not.toThrow();
    expect(refusal(() => checkPasswordStorable("x".repeat(73))).code).toBe("validation_failed");
  });
});

describe("metadata", () => {
  it("merges like Supabase: null removes a key, other values replace", () => {
    expect(mergeMetadata({ a: 1, b: 2, c: { d: 1 } }, { b: null, c: { e: 2 }, f: "x" })).toEqual({ a: 1, c: { e: 2 }, f: "x" });
  });

  it("refuses metadata too large to travel inside an access token", () => {
    expect(() => checkMetadata({ name: "x".repeat(100) }, {})).not.toThrow();
    const error = refusal(() => checkMetadata({ name: "x".repeat(MAX_METADATA_BYTES) }, {}));
    expect([error.status, error.code]).toEqual([400, "validation_failed"]);
  });

  it("refuses NUL characters anywhere, which jsonb cannot store", () => {
    expect(refusal(() => checkMetadata({ nested: [{ ["k\u0000"]: 1 }] }, {})).code).toBe("validation_failed");
    expect(refusal(() => checkMetadata({}, { a: ["x\u0000"] })).code).toBe("validation_failed");
  });
});

describe("parseBanDuration", () => {
  it("reads none as unbanned and Go durations as seconds", () => {
    expect(parseBanDuration("none")).toBe(0);
    expect(parseBanDuration("876000h")).toBe(876_000 * 3600);
    expect(parseBanDuration("90m")).toBe(5400);
  });

  it("answers 400 validation_failed for anything else", () => {
    const error = refusal(() => parseBanDuration("forever"));
    expect([error.status, error.code, error.message]).toEqual([
      400,
      "validation_failed",
      'invalid format for ban duration: time: invalid duration "forever"',
    ]);
  });
});

describe("parsePagination", () => {
  const parse = (query: string) => parsePagination(new URLSearchParams(query));

  it("defaults empty values to page 1 of 50, as supabase-js sends them", () => {
    expect(parse("page=&per_page=")).toEqual({ page: 1, perPage: 50 });
    expect(parse("page=3&per_page=10")).toEqual({ page: 3, perPage: 10 });
    expect(parse("page=0")).toEqual({ page: 1, perPage: 50 });
  });

  it.each(["page=abc", "per_page=-1", "per_page=0", "page=99999999999999999999"])("refuses %s", (query) => {
    const error = refusal(() => parse(query));
    expect([error.status, error.code]).toEqual([400, "validation_failed"]);
    expect(error.message).toMatch(/^Bad Pagination Parameters: /);
  });
});

it("isUuid recognises UUIDs only", () => {
  expect(isUuid("7bd64eff-f2b1-4ae1-92b2-d8845c9e8fa9")).toBe(true);
  expect(isUuid("7BD64EFF-F2B1-4AE1-92B2-D8845C9E8FA9")).toBe(true);
  expect(isUuid("not-a-uuid")).toBe(false);
  expect(isUuid(42)).toBe(false);
});
