import { House } from "lucide-react";
import {
  canVisit,
  findNavEntry,
  isActiveEntry,
  NAV_ENTRIES,
  navFor,
  navSectionsFor,
  ROLES,
  type NavEntry,
} from "@/domain/navigation";

const ids = (entries: readonly NavEntry[]) => entries.map((entry) => entry.id);

describe("navFor", () => {
  test("an admin sees every page but governance (for managers and executives), in list order", () => {
    expect(ids(navFor("admin"))).toEqual([
      "home", "pipeline", "deals", "leads", "accounts", "contacts", "activities", "approvals", "customers", "renewals", "outbox",
      "profile", "password", "users", "organization", "pipelines", "scoring", "approval-policies", "health-score", "playbooks",
    ]);
  });

  test("a rep sees the workspace, with the customers and renewals of their accounts, and their own settings only", () => {
    expect(ids(navFor("rep"))).toEqual(["home", "pipeline", "deals", "leads", "accounts", "contacts", "activities", "customers", "renewals", "profile", "password"]);
  });

  test("a CS manager also sees the email outbox", () => {
    expect(ids(navFor("cs_manager"))).toEqual(["home", "pipeline", "deals", "leads", "accounts", "contacts", "activities", "customers", "renewals", "outbox", "profile", "password"]);
  });

  test.each(["manager", "executive"] as const)("a %s also sees the approvals inbox and governance", (role) => {
    expect(ids(navFor(role))).toEqual([
      "home", "pipeline", "deals", "leads", "accounts", "contacts", "activities", "approvals", "governance", "customers", "renewals", "profile", "password",
    ]);
  });

  test("a user without a profile (no role) sees nothing", () => {
    expect(navFor(null)).toEqual([]);
    expect(navFor(undefined)).toEqual([]);
  });

  test("a later issue's entry shows for exactly its roles", () => {
    const forecast: NavEntry = { id: "forecast", path: "/forecast", label: "Forecast", section: "main", icon: House, roles: ["rep", "manager"] };
    const entries = [...NAV_ENTRIES, forecast];
    expect(ids(navFor("rep", entries))).toContain("forecast");
    expect(ids(navFor("executive", entries))).not.toContain("forecast");
  });
});

test("sections are grouped in order and empty ones are left out", () => {
  expect(navSectionsFor("rep").map((group) => [group.label, ids(group.entries)])).toEqual([
    ["Workspace", ["home", "pipeline", "deals", "leads", "accounts", "contacts", "activities", "customers", "renewals"]],
    ["Settings", ["profile", "password"]],
  ]);
  const settingsOnly = NAV_ENTRIES.filter((entry) => entry.section === "settings");
  expect(navSectionsFor("admin", settingsOnly).map((group) => group.section)).toEqual(["settings"]);
});

describe("findNavEntry", () => {
  test("owns a path and everything below it, choosing the longest match", () => {
    expect(findNavEntry("/settings/users")?.id).toBe("users");
    expect(findNavEntry("/settings/users/42")?.id).toBe("users");
    expect(findNavEntry("/settings/users/")?.id).toBe("users");
    expect(findNavEntry("/")?.id).toBe("home");
  });

  test("does not match a path that only shares a prefix", () => {
    expect(findNavEntry("/settings/usersettings")).toBeUndefined();
    expect(findNavEntry("/nowhere")).toBeUndefined();
  });
});

describe("canVisit", () => {
  test("a rep may not open the admin pages, an admin may", () => {
    expect(canVisit("rep", "/settings/users")).toBe(false);
    expect(canVisit("rep", "/settings/organization")).toBe(false);
    expect(canVisit("admin", "/settings/users")).toBe(true);
  });

  test("every role may open home and its own settings", () => {
    for (const role of ROLES) {
      expect(canVisit(role, "/")).toBe(true);
      expect(canVisit(role, "/settings/profile")).toBe(true);
      expect(canVisit(role, "/settings/password")).toBe(true);
    }
  });

  test("without a role only paths no entry owns are allowed (the router 404s unknown ones)", () => {
    expect(canVisit(null, "/settings/profile")).toBe(false);
    expect(canVisit(null, "/no-such-page")).toBe(true);
  });
});

test("home is active only on the home page, other entries on their subpages too", () => {
  expect(isActiveEntry({ path: "/" }, "/")).toBe(true);
  expect(isActiveEntry({ path: "/" }, "/settings/profile")).toBe(false);
  expect(isActiveEntry({ path: "/settings/users" }, "/settings/users/abc")).toBe(true);
});

test("every entry has a unique id and path, and at least one role", () => {
  expect(new Set(NAV_ENTRIES.map((entry) => entry.id)).size).toBe(NAV_ENTRIES.length);
  expect(new Set(NAV_ENTRIES.map((entry) => entry.path)).size).toBe(NAV_ENTRIES.length);
  for (const entry of NAV_ENTRIES) expect(entry.roles.length).toBeGreaterThan(0);
});
