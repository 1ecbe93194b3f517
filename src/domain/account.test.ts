import { AuthApiError } from "@supabase/supabase-js";
import { changePasswordSchema, passwordErrorMessage, profileSchema, signInErrorMessage } from "@/domain/account";

const firstError = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((issue) => [issue.path.join("."), issue.message]);

describe("profileSchema", () => {
  test("trims the name and stores an empty title as null", () => {
    expect(profileSchema.parse({ full_name: "  Ada Lovelace ", title: "  " })).toEqual({ full_name: "Ada Lovelace", title: null });
  });

  test("refuses a blank name and anything over 200 characters, as the database does", () => {
    expect(firstError(profileSchema.safeParse({ full_name: "   ", title: "" }))).toEqual([["full_name", "Enter your name"]]);
    expect(firstError(profileSchema.safeParse({ full_name: "a".repeat(201), title: "b".repeat(201) }))).toEqual([
      ["full_name", "Use at most 200 characters"],
      ["title", "Use at most 200 characters"],
    ]);
    expect(profileSchema.safeParse({ full_name: "a".repeat(200), title: "b".repeat(200) }).success).toBe(true);
  });
});

describe("changePasswordSchema", () => {
  test("asks for 8 characters and a matching confirmation", () => {
    expect(firstError(changePasswordSchema.safeParse({ password: "short", confirm: "short" }))).toEqual([
      ["password", "Use at least 8 characters"],
    ]);
    expect(firstError(changePasswordSchema.safeParse({ password: "long enough", confirm: "long enougH" }))).toEqual([
      ["confirm", "The passwords do not match"],
    ]);
    expect(changePasswordSchema.safeParse({ password: "long enough", confirm: "long enough" }).success).toBe(true);
  });

  test("counts bytes, as bcrypt does, for the upper limit", () => {
    const tooLong = "é".repeat(37); // 74 bytes
    expect(firstError(changePasswordSchema.safeParse({ password: tooLong, confirm: tooLong }))).toEqual([
      ["password", "Too long: use at most 72 bytes (accented letters and symbols count 2 or more)"],
    ]);
  });
});

test("a same_password refusal is shown on the password field in plain words", () => {
  const error = new AuthApiError("New password should be different from the old password.", 422, "same_password");
  expect(passwordErrorMessage(error)).toEqual({ field: "password", message: "Choose a password different from your current one" });
  expect(passwordErrorMessage(new Error("network down"))).toEqual({ field: null, message: "network down" });
});

test("a deactivated (banned) user is told so at sign-in; other refusals keep Supabase's words", () => {
  expect(signInErrorMessage(new AuthApiError("User is banned", 400, "user_banned"))).toMatch(/This account has been deactivated/);
  expect(signInErrorMessage(new AuthApiError("Invalid login credentials", 400, "invalid_credentials"))).toBe(
    "Invalid login credentials",
  );
});
