/**
 * search_deal_list (supabase/migrations/*_crm_deal_search.sql): the deals list's search for readers
 * of the whole organisation. It applies the deals read policy itself, so it must answer exactly
 * what deal_list answers under row level security, for every role.
 */
import type pg from "pg";
import { describe, expect, it } from "vitest";
import { ORG, USER } from "../../tests/support/demo.ts";
import { asUser } from "../../tests/support/sql.ts";

const ids = async (c: pg.Client, sql: string, params: unknown[]) => (await c.query<{ id: string }>(sql, params)).rows.map((r) => r.id).sort();

/** Every word in the name, case-insensitively, the long way through the view. */
const throughView = (c: pg.Client, words: string[]) =>
  ids(c, `select id from public.deal_list where ${words.map((_, i) => `position(lower($${i + 1}) in lower(name)) > 0`).join(" and ")}`, words);

describe("search_deal_list", () => {
  it.each([
    ["an executive", USER.executive],
    ["an admin", USER.admin],
    ["a manager", USER.manager],
    ["a rep", USER.rep],
    ["another team's rep", USER.repWest],
    ["another organisation's rep", USER.globexRep],
  ])("answers %s exactly what deal_list shows them", async (_, user) => {
    await asUser(user, async (c) => {
      for (const words of [["platform"], ["a", "analytics"], ["PLAT", "form"]]) {
        const found = await ids(c, "select id from public.search_deal_list($1)", [words.join(" ")]);
        expect(found).toEqual(await throughView(c, words));
      }
    });
  });

  it("finds an executive every deal of the organisation that matches, a rep only theirs, and nobody another organisation's", async () => {
    const owners = (user: string) =>
      asUser(user, async (c) => (await c.query<{ org_id: string; owner_id: string }>("select distinct org_id, owner_id from public.search_deal_list('a')")).rows);
    const [executive, rep, globex] = await Promise.all([owners(USER.executive), owners(USER.rep), owners(USER.globexRep)]);
    expect(new Set(executive.map((r) => r.owner_id)).size).toBeGreaterThan(1);
    expect(executive.every((r) => r.org_id === ORG.acme)).toBe(true);
    expect(rep).toEqual([{ org_id: ORG.acme, owner_id: USER.rep }]);
    expect(globex.every((r) => r.org_id === ORG.globex)).toBe(true);
  });

  it("takes %, _ and \\ literally, and an empty search finds nothing", async () => {
    await asUser(USER.executive, async (c) => {
      expect((await c.query("select count(*) from public.search_deal_list('%')")).rows[0].count).toBe("0");
      expect((await c.query("select count(*) from public.search_deal_list('_')")).rows[0].count).toBe("0");
      expect((await c.query("select count(*) from public.search_deal_list('  ')")).rows[0].count).toBe("0");
    });
  });

  it("is not for anonymous callers", async () => {
    await expect(asUser(USER.rep, (c) => c.query("select public.search_deal_list('a')"), "anon")).rejects.toThrow(/permission denied/);
  });
});
