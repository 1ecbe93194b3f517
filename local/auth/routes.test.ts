import { describe, expect, it } from "vitest";
import { paginationHeaders } from "./admin.ts";
import { AuthError, fromPostgresError } from "./errors.ts";
import { matchRoute } from "./routes.ts";

describe("matchRoute", () => {
  it("finds the routes supabase-js calls", () => {
    for (const [method, path] of [
      ["POST", "/signup"],
      ["POST", "/token"],
      ["GET", "/user"],
      ["PUT", "/user"],
      ["POST", "/logout"],
      ["GET", "/admin/users"],
      ["POST", "/admin/users"],
      ["GET", "/admin/users/abc"],
      ["PUT", "/admin/users/abc"],
      ["DELETE", "/admin/users/abc"],
      ["GET", "/health"],
    ] as const) {
      expect(matchRoute(method, path).kind, `${method} ${path}`).toBe("found");
    }
  });

  it("passes the user id of /admin/users/:id", () => {
    const match = matchRoute("GET", "/admin/users/7bd64eff-f2b1-4ae1-92b2-d8845c9e8fa9");
    expect(match.kind === "found" && match.params).toEqual({ id: "7bd64eff-f2b1-4ae1-92b2-d8845c9e8fa9" });
  });

  it("tells unknown paths from wrong methods", () => {
    expect(matchRoute("GET", "/nope")).toEqual({ kind: "not_found" });
    expect(matchRoute("GET", "/admin/users/a/b")).toEqual({ kind: "not_found" });
    expect(matchRoute("DELETE", "/user")).toEqual({ kind: "method_not_allowed", allow: ["GET", "PUT"] });
  });
});

/** What auth-js's listUsers does with the Link header (GoTrueAdminApi.listUsers). */
function parseLikeAuthJs(link: string) {
  const pagination: Record<string, number> = {};
  for (const part of link.split(",")) {
    const page = parseInt(part.split(";")[0]!.split("=")[1]!.substring(0, 1));
    const rel = JSON.parse(part.split(";")[1]!.split("=")[1]!) as string;
    pagination[`${rel}Page`] = page;
  }
  return pagination;
}

describe("paginationHeaders", () => {
  const url = new URL("http://auth/admin/users?page=1&per_page=2");

  it("writes next and last links as Supabase Auth does", () => {
    const headers = paginationHeaders(url, 1, 2, 5);
    expect(headers).toEqual({
      Link: '</admin/users?page=2&per_page=2>; rel="next", </admin/users?page=3&per_page=2>; rel="last"',
      "X-Total-Count": "5",
    });
    expect(parseLikeAuthJs(headers.Link!)).toEqual({ nextPage: 2, lastPage: 3 });
  });

  it("has no next link on the last page", () => {
    const headers = paginationHeaders(url, 3, 2, 5);
    expect(headers.Link).toBe('</admin/users?page=3&per_page=2>; rel="last"');
    expect(parseLikeAuthJs(headers.Link!)).toEqual({ lastPage: 3 });
  });

  it("keeps other query parameters, sorted", () => {
    const headers = paginationHeaders(new URL("http://auth/admin/users?per_page=1&filter=ada&page=1"), 1, 1, 2);
    expect(headers.Link).toContain("</admin/users?filter=ada&page=2&per_page=1>");
  });
});

describe("errors", () => {
  it("render as {code, message} with extra fields", () => {
    expect(new AuthError(422, "weak_password", "m", { weak_password: { reasons: ["length"] } }).body()).toEqual({
      code: "weak_password",
      message: "m",
      weak_password: { reasons: ["length"] },
    });
  });

  it("turn Postgres data exceptions into 400 and leave the rest alone", () => {
    expect(fromPostgresError(Object.assign(new Error("invalid byte sequence"), { code: "22021" }))?.status).toBe(400);
    expect(fromPostgresError(Object.assign(new Error("deadlock"), { code: "40P01" }))).toBeUndefined();
    expect(fromPostgresError(new Error("plain"))).toBeUndefined();
  });
});
