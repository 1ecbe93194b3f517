-- Helpers the CRM tables share (PRODUCT.md CRM-1..CRM-8, docs/permissions.md). Every owner-scoped
-- table gets the same four policies from one generator instead of twenty near-copies, and the same
-- small triggers. The policies stay `to authenticated` and call the private helpers wrapped in
-- `(select ...)` so they run once per statement.

create extension if not exists pg_trgm with schema extensions;

-- The people whose records the caller may create, change and delete: themselves; a manager adds
-- the people of the teams they manage; an admin the whole organisation. Executives read everything
-- (visible_owner_ids) but change nothing; a deactivated user nobody.
create function private.editable_owner_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  with me as (
    select id, org_id, role from public.profiles where id = (select auth.uid()) and active
  )
  select p.id
  from public.profiles p
  join me on p.org_id = me.org_id
  where me.role <> 'executive'
    and (p.id = me.id or me.role = 'admin' or p.team_id in (select private.managed_team_ids()))
$$;

-- The teams the caller works in: their own and, for a manager, the ones they manage. Pipelines
-- limited to teams are offered to these.
create function private.current_team_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select team_id from public.profiles where id = (select auth.uid()) and active and team_id is not null
  union
  select private.managed_team_ids()
$$;

-- New money columns start in the organisation's currency.
create function private.current_org_currency() returns char(3)
language sql stable security definer
set search_path = ''
as $$
  select coalesce((select o.currency from public.organizations o where o.id = private.current_org_id()), 'USD')
$$;

revoke execute on function private.editable_owner_ids(), private.current_team_ids(), private.current_org_currency() from public;
grant execute on function private.editable_owner_ids(), private.current_team_ids(), private.current_org_currency()
  to authenticated, service_role;

-- Domains and emails are compared case-insensitively (de-duplication, "link the account found by
-- domain"), so they are stored trimmed and lowercased: `before insert or update of <column>`,
-- with the column name as the trigger's argument.
create function private.lowercase_column() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  return jsonb_populate_record(new, jsonb_build_object(tg_argv[0], nullif(lower(btrim(to_jsonb(new) ->> tg_argv[0])), '')));
end;
$$;
revoke execute on function private.lowercase_column() from public;

-- Whether the caller reads every owner's rows: executives and admins, and for customer-success
-- scope a lead CSM (private.visible_owner_ids returns the whole organisation for exactly these).
create function private.sees_all_owners(lead_csm_sees_all boolean default false) returns boolean
language sql stable security definer
set search_path = ''
as $$
  select coalesce((select p.role in ('executive', 'admin') or (lead_csm_sees_all and p.role = 'cs_manager' and p.is_lead_csm)
                   from public.profiles p where p.id = (select auth.uid()) and p.active), false)
$$;

-- Whether the caller changes every owner's rows: admins (private.editable_owner_ids).
create function private.edits_all_owners() returns boolean
language sql stable security definer
set search_path = ''
as $$
  select coalesce((select p.role = 'admin' from public.profiles p where p.id = (select auth.uid()) and p.active), false)
$$;

revoke execute on function private.sees_all_owners(boolean), private.edits_all_owners() from public;
grant execute on function private.sees_all_owners(boolean), private.edits_all_owners() to authenticated, service_role;

-- The policies of a table whose rows belong to an owner (owner_id) in an organisation (org_id):
--   select: the organisation's rows whose owner the caller may read, per `read_scope`:
--           'sales'            private.visible_owner_ids()
--           'customer_success' private.visible_owner_ids(lead_csm_sees_all => true)
--           'organisation'     every row of the organisation (a shared directory, like profiles)
--   insert, update, delete: rows whose owner is in private.editable_owner_ids(), before and after.
-- Each policy asks sees_all_owners() / edits_all_owners() first, once per statement, and consults
-- the owner array only when that is false; who may do what is the same (an executive's or admin's
-- owners are exactly the organisation's profiles, which every row's (org_id, owner_id) key points
-- into). Why (`npm run bench`, 1,000,000 deals, README "Benchmarks"): with `owner_id = any (array)`
-- alone an executive's ~300 owners were searched linearly for every row (the board's totals hit the
-- 8 s timeout), and the planner, guessing a few owners, estimated 700 of 42,000 deals in a stage and
-- chose a sort and a hash over the indexes: an executive's deals list took 2 s, now 40 ms. A rep or
-- manager keeps the indexed owner array, and the client still sends the owner filter
-- (docs/crm-api.md) so the planner knows how few rows that is.
-- Replaces the table's four policies if present. Used only by migrations; the resulting policies
-- are listed in docs/permissions.md.
create function private.create_owner_policies(target regclass, read_scope text) returns void
language plpgsql
set search_path = ''
as $$
declare
  in_org constant text := 'org_id = (select private.current_org_id())';
  editable constant text := in_org || ' and ((select private.edits_all_owners()) or owner_id = any (array(select private.editable_owner_ids())))';
  readable text := in_org || case read_scope
    when 'sales' then ' and ((select private.sees_all_owners()) or owner_id = any (array(select private.visible_owner_ids())))'
    when 'customer_success' then ' and ((select private.sees_all_owners(lead_csm_sees_all => true))'
                                 || ' or owner_id = any (array(select private.visible_owner_ids(lead_csm_sees_all => true))))'
    when 'organisation' then ''
  end;
begin
  if readable is null then
    raise exception 'unknown read scope %', read_scope;
  end if;
  execute format('drop policy if exists "members read per %s scope" on %s', read_scope, target);
  execute format('drop policy if exists "owners and their managers create" on %s', target);
  execute format('drop policy if exists "owners and their managers edit" on %s', target);
  execute format('drop policy if exists "owners and their managers delete" on %s', target);
  execute format('create policy "members read per %s scope" on %s for select to authenticated using (%s)', read_scope, target, readable);
  execute format('create policy "owners and their managers create" on %s for insert to authenticated with check (%s)', target, editable);
  execute format('create policy "owners and their managers edit" on %s for update to authenticated using (%s) with check (%s)', target, editable, editable);
  execute format('create policy "owners and their managers delete" on %s for delete to authenticated using (%s)', target, editable);
end;
$$;

-- The policies of configuration (pipelines, stages): members read (`read_using` may narrow it),
-- admins write.
create function private.create_config_policies(target regclass, read_using text default null) returns void
language plpgsql
set search_path = ''
as $$
declare
  in_org constant text := 'org_id = (select private.current_org_id())';
  admin constant text := in_org || ' and (select private.has_role(''admin''))';
begin
  execute format('create policy "members read" on %s for select to authenticated using (%s)', target, in_org || coalesce(' and (' || read_using || ')', ''));
  execute format('create policy "admins create" on %s for insert to authenticated with check (%s)', target, admin);
  execute format('create policy "admins edit" on %s for update to authenticated using (%s) with check (%s)', target, admin, admin);
  execute format('create policy "admins delete" on %s for delete to authenticated using (%s)', target, admin);
end;
$$;
revoke execute on function private.create_owner_policies(regclass, text), private.create_config_policies(regclass, text) from public;
