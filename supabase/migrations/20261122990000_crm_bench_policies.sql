-- Owner-scoped policies that stay fast for people who see the whole organisation (found by
-- `npm run bench` on 1,000,000 deals, README "Benchmarks").
--
-- The policies of *_crm_policy_helpers.sql read
--   org_id = (select private.current_org_id()) and owner_id = any (array(select private.visible_owner_ids()))
-- For an executive or admin the array holds every one of the organisation's ~300 people, and it
-- cost them twice:
--   - `= any` over an array computed at run time is a linear search for every row: the board's
--     totals compared ~1,000,000 deals × ~150 owners and ran into the 8 s statement timeout;
--   - the planner cannot see how many owners the array holds and guesses a few, so it estimated
--     700 of 42,000 deals in a stage, sorted all of them instead of walking the close-date index,
--     and hashed every open activity of the organisation to answer is_stale for 51 rows: the
--     executive's deals list took 2 s.
-- Now a security-definer helper says first, once per statement, whether the caller sees (or, for
-- writes, changes) every owner's rows; the owner array is only consulted when not. Who may do what
-- is unchanged (docs/permissions.md, supabase/tests/permissions.test.ts): an executive or admin's
-- visible owners are exactly the organisation's profiles, which every row's (org_id, owner_id)
-- foreign key points into. A rep or manager keeps the indexed `owner_id = any (array(...))`, and the
-- client still sends the owner filter (docs/crm-api.md) so the planner knows how few rows that is.

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

-- The same four policies as before, with the short cut in front; replaces existing ones, so a table
-- made by an earlier migration gets them by calling it again.
create or replace function private.create_owner_policies(target regclass, read_scope text) returns void
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
revoke execute on function private.create_owner_policies(regclass, text) from public;

select private.create_owner_policies('public.accounts', 'organisation');
select private.create_owner_policies('public.contacts', 'customer_success');
select private.create_owner_policies('public.deals', 'sales');
select private.create_owner_policies('public.leads', 'sales');
select private.create_owner_policies('public.activities', 'sales');
