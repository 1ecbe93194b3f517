import {
  countMembers,
  createUserSchema,
  generateTemporaryPassword,
  matchesUserSearch,
  NONE,
  teamSaveError,
  teamSchema,
  userFormErrors,
} from "@/domain/users";
import { FunctionError } from "@/lib/functions";

vi.mock("@/lib/supabase", () => import("@/test/supabase"));

describe("createUserSchema", () => {
  const valid = { email: " New.Person@Acme.test ", full_name: " New Person ", role: "rep", team_id: NONE, password: "temporary-1" };

  test("normalises the email and name, and reads 'none' as no team", () => {
    expect(createUserSchema.parse(valid)).toEqual({
      email: "new.person@acme.test",
      full_name: "New Person",
      role: "rep",
      team_id: null,
      password: "temporary-1",
    });
  });

  test("shows a field error for each missing piece", () => {
    const result = createUserSchema.safeParse({ email: "nope", full_name: " ", role: "", team_id: "", password: "short" });
    expect(result.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["email", "Enter a valid email address"],
      ["full_name", "Enter the person's name"],
      ["role", "Choose a role"],
      ["password", "Use at least 8 characters"],
    ]);
  });
});

test("team names follow the database's 1–100 character rule", () => {
  expect(teamSchema.parse({ name: "  East ", manager_id: "m-1" })).toEqual({ name: "East", manager_id: "m-1" });
  expect(teamSchema.safeParse({ name: "  ", manager_id: NONE }).error?.issues[0]?.message).toBe("Enter the team's name");
  expect(teamSchema.safeParse({ name: "x".repeat(101), manager_id: NONE }).success).toBe(false);
});

test("temporary passwords are long, readable and pass the password rules", () => {
  const password = generateTemporaryPassword();
  expect(password).toMatch(/^[A-HJ-NP-Za-km-z2-9]{14}$/);
  expect(createUserSchema.shape.password.safeParse(password).success).toBe(true);
  expect(generateTemporaryPassword(4, (values) => values.fill(0))).toBe("AAAA");
});

test("members are counted per team, deactivated people and people without a team left out", () => {
  const counts = countMembers([
    { team_id: "east", active: true },
    { team_id: "east", active: true },
    { team_id: "east", active: false },
    { team_id: "west", active: true },
    { team_id: null, active: true },
  ]);
  expect(Object.fromEntries(counts)).toEqual({ east: 2, west: 1 });
});

test("user search matches every word across name, email and title, ignoring case and accents", () => {
  const user = { full_name: "Zoë Müller", email: "zoe@acme.test", title: "Account Executive" };
  expect(matchesUserSearch(user, "zoe")).toBe(true);
  expect(matchesUserSearch(user, "MULLER exec")).toBe(true);
  expect(matchesUserSearch(user, "zoe manager")).toBe(false);
  expect(matchesUserSearch(user, "  ")).toBe(true);
});

test("a duplicate team name is reported on the name field", () => {
  const duplicate = Object.assign(new Error('duplicate key value violates unique constraint "teams_org_id_name_key"'), { code: "23505" });
  expect(teamSaveError(duplicate)).toEqual({ field: "name", message: "A team with this name already exists" });
  expect(teamSaveError(new Error("permission denied"))).toEqual({ field: null, message: "permission denied" });
});

describe("userFormErrors", () => {
  test("puts the function's field messages on the form's fields", () => {
    const error = new FunctionError("A user with this email already exists", 409, { email: "Already registered" });
    expect(userFormErrors(error, ["email", "password"])).toEqual({ fields: { email: "Already registered" }, message: null });
  });

  test("keeps messages for fields the form lacks, and plain errors, for the whole form", () => {
    const error = new FunctionError("Invalid input", 400, { user_id: "You cannot deactivate or reactivate yourself" });
    expect(userFormErrors(error, ["role"])).toEqual({ fields: {}, message: "You cannot deactivate or reactivate yourself" });
    expect(userFormErrors(new FunctionError("Only an admin of the organisation can manage its users", 403), ["role"])).toEqual({
      fields: {},
      message: "Only an admin of the organisation can manage its users",
    });
  });
});
