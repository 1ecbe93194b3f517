-- The permission model (PRODUCT.md ID-2, ID-4; docs/permissions.md is the matrix the tests check).
-- Every policy is `to authenticated` and asks security-definer helpers in `private`, wrapped in
-- `(select ...)` so Postgres evaluates them once per statement instead of once per row
-- (reference/supabase-platform.md). Later business tables reuse the same helpers:
--
--   owner-scoped rows (deals, leads, activities):
--     org_id = (select private.current_org_id())
--     and owner_id = any (array(select private.visible_owner_ids()))
--   customer-success rows (customers, renewals), where a lead CSM sees the whole organisation:
--     ... owner_id = any (array(select private.visible_owner_ids(lead_csm_sees_all => true)))
--   configuration (pipelines, scoring, settings):
--     org_id = (select private.current_org_id()) and (select private.has_role('admin'))
--
-- A deactivated user has no organisation and no role in these helpers, so every policy refuses them.

create function private.has_role(variadic roles public.app_role[]) returns boolean
language sql stable
set search_path = ''
as $$
  select coalesce(private.current_app_role() = any (roles), false)
$$;

-- The teams whose people a manager oversees. Only the manager role gains anything from it: a
-- demoted manager still named on a team sees no more than before.
create function private.managed_team_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select t.id
  from public.profiles me
  join public.teams t on t.org_id = me.org_id and t.manager_id = me.id
  where me.id = (select auth.uid()) and me.active and me.role = 'manager'
$$;

-- The people whose records the caller may read: themselves; a manager adds the members of the
-- teams they manage; executives and admins the whole organisation; a lead CSM the whole
-- organisation where the caller asks for customer-success scope. Policies compare an indexed
-- owner_id against this set computed once (`= any (array(select ...))`), which keeps a rep's
-- query on a million deals an index scan.
create function private.visible_owner_ids(lead_csm_sees_all boolean default false) returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  with me as (
    select id, org_id, role, is_lead_csm from public.profiles where id = (select auth.uid()) and active
  )
  select p.id
  from public.profiles p
  join me on p.org_id = me.org_id
  where p.id = me.id
     or me.role in ('executive', 'admin')
     or (lead_csm_sees_all and me.role = 'cs_manager' and me.is_lead_csm)
     or p.team_id in (select private.managed_team_ids())
$$;

revoke execute on function private.has_role(public.app_role[]), private.managed_team_ids(), private.visible_owner_ids(boolean) from public;
grant execute on function private.has_role(public.app_role[]), private.managed_team_ids(), private.visible_owner_ids(boolean)
  to authenticated, service_role;

-- No row ever moves to another organisation, whoever asks (the service role included). Later
-- tenant tables attach it with one line.
create function private.keep_org_id() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.org_id is distinct from old.org_id then
    raise exception 'permission denied: a % row never moves to another organisation', tg_table_name using errcode = '42501';
  end if;
  return new;
end;
$$;

-- organizations: members read their own; admins edit its settings.
grant update (name, currency, fiscal_year_start_month) on public.organizations to authenticated;

create policy "admins edit their organisation" on public.organizations
  for update to authenticated
  using (id = (select private.current_org_id()) and (select private.has_role('admin')))
  with check (id = (select private.current_org_id()));

-- profiles: the organisation's directory is readable by its members (policy in the first
-- migration). Everyone edits their own name and title; admins edit anyone's in their organisation,
-- including role, team and lead-CSM flag. Column grants cannot tell "own row" from "admin", so a
-- guard trigger refuses the admin-only columns to everyone else.
grant update (role, team_id, is_lead_csm, active) on public.profiles to authenticated;

drop policy "users edit their own profile" on public.profiles;
create policy "users edit their own profile, admins any in their organisation" on public.profiles
  for update to authenticated
  using (org_id = (select private.current_org_id()) and (id = (select auth.uid()) or (select private.has_role('admin'))))
  with check (org_id = (select private.current_org_id()));

-- Checks what API users (role `authenticated`) change; the service role, the auth service's
-- triggers and migrations are trusted. `active` must agree with the ban in auth, so that a
-- deactivated user can neither sign in nor refresh: only the admin-users function, which bans and
-- unbans, can flip it.
create function private.guard_profile_update() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if current_setting('role') <> 'authenticated' then
    return new;
  end if;
  if (new.role, new.team_id, new.is_lead_csm, new.active) is distinct from (old.role, old.team_id, old.is_lead_csm, old.active)
     and not private.has_role('admin') then
    raise exception 'permission denied: only an admin changes role, team, lead CSM or active' using errcode = '42501';
  end if;
  if new.id = (select auth.uid()) and (new.role, new.active) is distinct from (old.role, old.active) then
    raise exception 'permission denied: admins cannot change their own role or deactivate themselves' using errcode = '42501';
  end if;
  if new.active is distinct from old.active
     and new.active = exists (select from auth.users u where u.id = new.id and u.banned_until > now()) then
    raise exception 'permission denied: deactivate and reactivate users through the admin-users function' using errcode = '42501';
  end if;
  return new;
end;
$$;
revoke execute on function private.guard_profile_update(), private.keep_org_id() from public;

create trigger profiles_guard before update on public.profiles
  for each row execute function private.guard_profile_update();
create trigger profiles_keep_org_id before update of org_id on public.profiles
  for each row execute function private.keep_org_id();

-- teams: members read their organisation's teams; admins manage them.
create policy "members read their organisation's teams" on public.teams
  for select to authenticated
  using (org_id = (select private.current_org_id()));

create policy "admins create teams" on public.teams
  for insert to authenticated
  with check (org_id = (select private.current_org_id()) and (select private.has_role('admin')));

create policy "admins edit teams" on public.teams
  for update to authenticated
  using (org_id = (select private.current_org_id()) and (select private.has_role('admin')))
  with check (org_id = (select private.current_org_id()));

create policy "admins delete teams" on public.teams
  for delete to authenticated
  using (org_id = (select private.current_org_id()) and (select private.has_role('admin')));

create trigger teams_keep_org_id before update of org_id on public.teams
  for each row execute function private.keep_org_id();
