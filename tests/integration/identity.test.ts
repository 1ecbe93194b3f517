/**
 * Organisations, teams and profiles as the settings pages use them through supabase-js: the
 * founder of a new organisation administers it, a rep placed there by the service role edits only
 * their own name. The full matrix is in supabase/tests/permissions.test.ts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { anonClient, serviceClient, signedInClient, uniqueEmail, type Client } from "../support/clients.ts";

let founder: Client;
let rep: Client;
let orgId: string;
let repId: string;

beforeAll(async () => {
  founder = anonClient();
  const signUp = await founder.auth.signUp({
    email: uniqueEmail("founder"),
    password: "founder-password",
    options: { data: { full_name: "Fay Founder", organization_name: "Integration Co" } },
  });
  if (signUp.error) throw signUp.error;
  const own = await founder.from("profiles").select("org_id, role").eq("id", signUp.data.user!.id).single();
  expect(own.data).toMatchObject({ role: "admin" });
  orgId = own.data!.org_id;

  const email = uniqueEmail("placed-rep");
  const created = await serviceClient().auth.admin.createUser({
    email,
    password: "placed-password",
    email_confirm: true,
    app_metadata: { org_id: orgId, role: "rep" },
    user_metadata: { full_name: "Pat Placed" },
  });
  if (created.error) throw created.error;
  repId = created.data.user.id;
  rep = await signedInClient(email, "placed-password");
});

describe("identity through the API", () => {
  it("a user Auth's admin API creates joins the organisation named in app_metadata", async () => {
    const { data } = await rep.from("profiles").select("org_id, role, full_name, must_change_password").eq("id", repId).single();
    expect(data).toEqual({ org_id: orgId, role: "rep", full_name: "Pat Placed", must_change_password: true });
  });

  it("the admin edits the organisation's settings; a rep's attempt changes nothing", async () => {
    const settings = { name: "Integration Company", currency: "EUR", fiscal_year_start_month: 4 };
    const byAdmin = await founder.from("organizations").update(settings).eq("id", orgId).select("name, currency, fiscal_year_start_month");
    expect(byAdmin).toMatchObject({ error: null, data: [settings] });
    const byRep = await rep.from("organizations").update({ name: "Mine now" }).eq("id", orgId).select("id");
    expect(byRep).toMatchObject({ error: null, data: [] });
  });

  it("the admin creates a team and puts the rep in it; the rep sees it", async () => {
    const team = await founder.from("teams").insert({ name: "Pioneers" }).select("id, org_id").single();
    expect(team.data?.org_id).toBe(orgId);
    const moved = await founder.from("profiles").update({ team_id: team.data!.id }).eq("id", repId).select("team_id").single();
    expect(moved.data).toEqual({ team_id: team.data!.id });
    const seen = await rep.from("teams").select("name");
    expect(seen.data).toEqual([{ name: "Pioneers" }]);
  });

  it("lists people with their team, and teams with their manager, one request each", async () => {
    const people = await founder
      .from("profiles")
      .select("full_name, role, active, team:teams!profiles_org_id_team_id_fkey(name)")
      .eq("org_id", orgId)
      .order("full_name");
    expect(people.data).toEqual([
      { full_name: "Fay Founder", role: "admin", active: true, team: null },
      { full_name: "Pat Placed", role: "rep", active: true, team: { name: "Pioneers" } },
    ]);
    await founder.from("teams").update({ manager_id: (await founder.auth.getUser()).data.user!.id }).eq("name", "Pioneers").eq("org_id", orgId);
    const teams = await founder.from("teams").select("name, manager:profiles!teams_org_id_manager_id_fkey(full_name)").eq("org_id", orgId);
    expect(teams.data).toEqual([{ name: "Pioneers", manager: { full_name: "Fay Founder" } }]);
  });

  it("a rep edits their own name and title, but is refused their role or team", async () => {
    const named = await rep.from("profiles").update({ full_name: "Pat P.", title: "AE" }).eq("id", repId).select("full_name, title").single();
    expect(named.data).toEqual({ full_name: "Pat P.", title: "AE" });
    const promoted = await rep.from("profiles").update({ role: "admin" }).eq("id", repId).select("role");
    expect(promoted.error).toMatchObject({ code: "42501", message: expect.stringMatching(/only an admin changes role/) });
    const moved = await rep.from("profiles").update({ team_id: null }).eq("id", repId).select("team_id");
    expect(moved.error?.code).toBe("42501");
  });
});
