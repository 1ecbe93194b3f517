-- Customers (PRODUCT.md CS-1) and who may see and change customer-success records.
--
-- A customer is an account that pays: one per account, owned by a CSM (owner_id), with its
-- contract, recurring revenue and the health the daily job keeps (health_* columns, churn risk,
-- expansion score: written by the job, never through the API). Every later customer-success table
-- (usage, health history, interventions, milestones, support interactions, renewals) hangs off a
-- customer and asks the same three questions through the helpers below, evaluated once per
-- statement:
--   read   executives, admins and lead CSMs: the whole organisation (sees_all_customers);
--          otherwise customers owned by someone in visible_owner_ids(lead_csm_sees_all => true)
--          (the CSM themselves, a manager's team) or on an account the caller's sales scope owns
--          (a rep reads the customers of the accounts they own).
--   change admins and lead CSMs: the whole organisation (manages_all_customers); a CSM: the
--          customers they own. Executives read everything and change nothing; reps read only.
-- Child tables compare an indexed customer_id with the caller's customer ids (computed once) and
-- never join back to themselves.

create type public.health_status as enum ('healthy', 'at_risk', 'critical');

create table public.customers (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null default private.current_org_id() references public.organizations (id) on delete cascade,
  account_id uuid not null,
  owner_id uuid not null default auth.uid(),
  primary_contact_id uuid,
  tier smallint not null default 2 constraint customers_tier_range check (tier between 1 and 3),
  industry text constraint customers_industry_length check (char_length(industry) <= 100),
  contract_start date not null default current_date
    constraint customers_contract_start_range check (contract_start between '2000-01-01' and '2100-12-31'),
  contract_end date constraint customers_contract_end_after_start check (contract_end > contract_start and contract_end <= '2100-12-31'),
  mrr numeric(14, 2) not null default 0 constraint customers_mrr_not_negative check (mrr >= 0),
  arr numeric(14, 2) generated always as (mrr * 12) stored,
  currency char(3) not null default private.current_org_currency() constraint customers_currency_format check (currency ~ '^[A-Z]{3}$'),
  onboarded_on date,
  churned_at timestamptz,
  churn_reason text constraint customers_churn_reason_length check (char_length(churn_reason) <= 500),
  -- Kept by the health job (health-score-job), read-only through the API.
  health_score smallint constraint customers_health_score_range check (health_score between 0 and 100),
  health_status public.health_status,
  health_status_since date,
  health_scored_on date,
  health_trend_7d smallint,
  last_login_on date,
  churn_risk smallint constraint customers_churn_risk_range check (churn_risk between 0 and 100),
  churn_factors jsonb not null default '[]',
  expansion_score smallint constraint customers_expansion_score_range check (expansion_score between 0 and 100),
  expansion_factors jsonb not null default '[]',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint customers_account_key unique (org_id, account_id),
  unique (org_id, id),
  foreign key (org_id, account_id) references public.accounts (org_id, id),
  foreign key (org_id, owner_id) references public.profiles (org_id, id),
  foreign key (org_id, primary_contact_id) references public.contacts (org_id, id) on delete set null (primary_contact_id)
);
-- A CSM's book (also the owner key and the read policy), worst health first.
create index customers_owner_health_idx on public.customers (org_id, owner_id, health_score, id);
-- The organisation's list (customer_list's order) and at-risk panel, worst health first: a first
-- page walks 50 customers and looks up 50 renewals (3 ms, against 5.5 s sorting every active
-- customer on a loaded machine at 100,000); the status filters walk it from the lowest score. Not
-- partial (where churned_at is null): PostgREST sends is_active=is.true as `is_active IS TRUE`,
-- which the planner cannot match to a partial index's predicate; the few churned are skipped.
create index customers_org_score_idx on public.customers (org_id, health_score, id);
create index customers_primary_contact_idx on public.customers (org_id, primary_contact_id);
create index customers_contract_end_idx on public.customers (org_id, contract_end) where churned_at is null;

comment on table public.customers is 'Paying accounts (CS-1), one per account, owned by a CSM. health_*, last_login_on, churn_* and expansion_* are kept by the daily health job.';
comment on column public.customers.tier is '1 (high touch) to 3 (tech touch).';
comment on column public.customers.arr is 'mrr × 12, kept by the database.';
comment on column public.customers.onboarded_on is 'When onboarding finished; the job sets it the day every onboarding task is done, a CSM may set it too.';
comment on column public.customers.churned_at is 'Set when the customer left; churned customers are no longer scored.';
comment on column public.customers.health_status_since is 'The first day of the current health status (the job''s "turned critical" day).';
comment on column public.customers.health_trend_7d is 'Today''s score minus the best score of the previous 7 days: -15 or lower is a drop (CS-4).';
comment on column public.customers.churn_factors is 'JSON array of {"factor", "points", "detail"}: why churn_risk is what it is.';
comment on column public.customers.expansion_factors is 'JSON array of {"factor", "points", "detail"}: why expansion_score is what it is.';

-- A new customer takes its account's industry unless told otherwise.
create function private.customer_defaults() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.industry is null then
    select a.industry into new.industry from public.accounts a where a.org_id = new.org_id and a.id = new.account_id;
  end if;
  return new;
end;
$$;
revoke execute on function private.customer_defaults() from public;

create trigger customers_defaults before insert on public.customers
  for each row execute function private.customer_defaults();
create trigger customers_updated_at before update on public.customers
  for each row execute function private.set_updated_at();
create trigger customers_keep_org_id before update of org_id on public.customers
  for each row execute function private.keep_org_id();
-- Audit what people change (ID-6); the job's daily health columns are history of their own
-- (customer_health_scores), so an update touching only those writes no audit row.
create trigger audit after insert or delete or update of account_id, owner_id, primary_contact_id, tier, industry, contract_start,
  contract_end, mrr, currency, onboarded_on, churned_at, churn_reason on public.customers
  for each row execute function private.audit_row();

-- Access helpers (see the header). Security definer: they read profiles, accounts and customers
-- without recursing into those tables' policies.
create function private.sees_all_customers() returns boolean
language sql stable security definer
set search_path = ''
as $$
  select coalesce((select p.role in ('executive', 'admin') or (p.role = 'cs_manager' and p.is_lead_csm)
                   from public.profiles p where p.id = (select auth.uid()) and p.active), false)
$$;

create function private.manages_all_customers() returns boolean
language sql stable security definer
set search_path = ''
as $$
  select coalesce((select p.role = 'admin' or (p.role = 'cs_manager' and p.is_lead_csm)
                   from public.profiles p where p.id = (select auth.uid()) and p.active), false)
$$;

-- The accounts whose customers a seller reads: those owned by the people whose sales records the
-- caller reads (a rep: their own; a manager: their teams').
create function private.sales_account_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select a.id from public.accounts a
  where a.org_id = (select private.current_org_id())
    and a.owner_id = any (array(select private.visible_owner_ids()))
$$;

-- The customers a caller who does not see the whole organisation reads.
create function private.readable_customer_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select c.id from public.customers c
  where c.org_id = (select private.current_org_id())
    and (c.owner_id = any (array(select private.visible_owner_ids(lead_csm_sees_all => true)))
         or c.account_id = any (array(select private.sales_account_ids())))
$$;

-- The customers a CSM owns (and so changes); nobody else owns customers in this sense.
create function private.editable_customer_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select c.id from public.customers c
  join public.profiles me on me.id = (select auth.uid()) and me.active and me.role = 'cs_manager'
  where c.org_id = me.org_id and c.owner_id = me.id
$$;

revoke execute on function private.sees_all_customers(), private.manages_all_customers(), private.sales_account_ids(),
  private.readable_customer_ids(), private.editable_customer_ids() from public;
grant execute on function private.sees_all_customers(), private.manages_all_customers(), private.sales_account_ids(),
  private.readable_customer_ids(), private.editable_customer_ids() to authenticated, service_role;

-- The policies of a table whose rows belong to a customer (customer_id), one per operation:
-- select for whoever reads the customer; `writes` (a subset of insert, update, delete) for whoever
-- changes it. Operations not listed get no policy: nobody performs them through the API. Calling it
-- again replaces the table's policies.
-- `customer_id in (select …)`, not `= any (array(select …))`: the array is built once but `= any`
-- searches it linearly for every row (a CSM with 5,000 of 100,000 customers counting their
-- renewals compared 100,000 rows × ~2,500 ids: 10 s on a loaded machine); `in` hashes the ids once
-- and probes per row: 0.1 s. The same in the customers and outbox read policies.
create function private.create_customer_policies(target regclass, writes text[] default '{}') returns void
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
revoke execute on function private.create_customer_policies(regclass, text[]) from public;

alter table public.customers enable row level security;

grant select on public.customers to authenticated;
grant insert (org_id, account_id, owner_id, primary_contact_id, tier, industry, contract_start, contract_end, mrr, currency, onboarded_on, churned_at, churn_reason),
      update (account_id, owner_id, primary_contact_id, tier, industry, contract_start, contract_end, mrr, currency, onboarded_on, churned_at, churn_reason)
  on public.customers to authenticated;
grant delete on public.customers to authenticated;
grant select, insert, update, delete on public.customers to service_role;

create policy "CSMs, their leads, executives, admins and the account's sellers read" on public.customers
  for select to authenticated
  using (org_id = (select private.current_org_id())
         and ((select private.sees_all_customers())
              or owner_id = any (array(select private.visible_owner_ids(lead_csm_sees_all => true)))
              or account_id in (select private.sales_account_ids())));

-- A CSM creates and edits customers they own (and cannot hand one to someone else: the row
-- must still be theirs afterwards); lead CSMs and admins any in the organisation.
create policy "CSMs create their customers, lead CSMs and admins any" on public.customers
  for insert to authenticated
  with check (org_id = (select private.current_org_id())
              and ((select private.manages_all_customers()) or (owner_id = (select auth.uid()) and (select private.has_role('cs_manager')))));

create policy "CSMs edit their customers, lead CSMs and admins any" on public.customers
  for update to authenticated
  using (org_id = (select private.current_org_id())
         and ((select private.manages_all_customers()) or (owner_id = (select auth.uid()) and (select private.has_role('cs_manager')))))
  with check (org_id = (select private.current_org_id())
              and ((select private.manages_all_customers()) or (owner_id = (select auth.uid()) and (select private.has_role('cs_manager')))));

create policy "lead CSMs and admins delete customers" on public.customers
  for delete to authenticated
  using (org_id = (select private.current_org_id()) and (select private.manages_all_customers()));

-- Activities join customers (CRM-5's "one timeline per ... customer"): a check-in call, a note
-- from a QBR. Still one record per activity, and still owner-scoped like every activity.
alter table public.activities
  add column customer_id uuid,
  add foreign key (org_id, customer_id) references public.customers (org_id, id) on delete cascade,
  drop constraint activities_one_record,
  add constraint activities_one_record check (num_nonnulls(deal_id, account_id, lead_id, contact_id, customer_id) = 1);
create index activities_customer_idx on public.activities (org_id, customer_id, occurred_at desc);
grant insert (customer_id), update (customer_id) on public.activities to authenticated;
