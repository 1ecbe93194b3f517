-- Row level security of customer rows that stays fast for a CSM with thousands of customers.
--
-- The policies compared customer_id with an array of the caller's customers,
-- `customer_id = any (array(select private.readable_customer_ids()))`: the array is built once,
-- but `= any` over an array computed at run time is a linear search for every row. A CSM with
-- 5,000 of 100,000 customers counting their renewals compared 100,000 rows × ~2,500 ids: 10 s on a
-- loaded machine. `customer_id in (select …)` builds a hash of the same ids once and probes it per
-- row: 0.1 s. Who may do what is unchanged (docs/permissions.md, cs-permissions.test.ts). The same
-- for a seller's accounts in the customers policy and a CSM's customers in the outbox policy.

create or replace function private.create_customer_policies(target regclass, writes text[] default '{}') returns void
language plpgsql
set search_path = ''
as $$
declare
  in_org constant text := 'org_id = (select private.current_org_id())';
  readable constant text := in_org || ' and ((select private.sees_all_customers()) or customer_id in (select private.readable_customer_ids()))';
  editable constant text := in_org || ' and ((select private.manages_all_customers()) or customer_id in (select private.editable_customer_ids()))';
begin
  execute format('drop policy if exists "readers of the customer read" on %s', target);
  execute format('drop policy if exists "the customer''s CSM and lead CSMs create" on %s', target);
  execute format('drop policy if exists "the customer''s CSM and lead CSMs edit" on %s', target);
  execute format('drop policy if exists "the customer''s CSM and lead CSMs delete" on %s', target);
  execute format('create policy "readers of the customer read" on %s for select to authenticated using (%s)', target, readable);
  if 'insert' = any (writes) then
    execute format('create policy "the customer''s CSM and lead CSMs create" on %s for insert to authenticated with check (%s)', target, editable);
  end if;
  if 'update' = any (writes) then
    execute format('create policy "the customer''s CSM and lead CSMs edit" on %s for update to authenticated using (%s) with check (%s)', target, editable, editable);
  end if;
  if 'delete' = any (writes) then
    execute format('create policy "the customer''s CSM and lead CSMs delete" on %s for delete to authenticated using (%s)', target, editable);
  end if;
end;
$$;

select private.create_customer_policies('public.customer_usage_daily');
select private.create_customer_policies('public.customer_health_scores');
select private.create_customer_policies('public.interventions', '{insert,update}');
select private.create_customer_policies('public.success_milestones', '{insert}');
select private.create_customer_policies('public.support_interactions', '{insert,update,delete}');
select private.create_customer_policies('public.renewals', '{insert,update,delete}');

drop policy "CSMs, their leads, executives, admins and the account's sellers read" on public.customers;
create policy "CSMs, their leads, executives, admins and the account's sellers read" on public.customers
  for select to authenticated
  using (org_id = (select private.current_org_id())
         and ((select private.sees_all_customers())
              or owner_id = any (array(select private.visible_owner_ids(lead_csm_sees_all => true)))
              or account_id in (select private.sales_account_ids())));

drop policy "admins and lead CSMs read the outbox, CSMs their customers' emails" on public.email_outbox;
create policy "admins and lead CSMs read the outbox, CSMs their customers' emails" on public.email_outbox
  for select to authenticated
  using (org_id = (select private.current_org_id())
         and ((select private.manages_all_customers()) or customer_id in (select private.editable_customer_ids())));
