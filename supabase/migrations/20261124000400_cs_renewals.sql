-- Renewals (PRODUCT.md CS-7): a customer's contract coming up for renewal, with its current and
-- proposed value, status and a risk level. The risk (low/medium/high with readable factors) is
-- the database's: computed from health, usage trend and support load when a renewal is created or
-- moved, and again by the daily job while it is open (*_cs_health_score.sql). A renewal can open a
-- renewal deal in the pipeline (public.create_renewal_deal), which it then points to. Marking a
-- renewal churned marks the customer churned; the validation of the health score
-- (health_score_validations) learns from renewals that ended renewed or churned.

create type public.renewal_status as enum ('upcoming', 'in_progress', 'renewed', 'churned');
create type public.risk_level as enum ('low', 'medium', 'high');

create table public.renewals (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null default private.current_org_id() references public.organizations (id) on delete cascade,
  customer_id uuid not null,
  renewal_date date not null constraint renewals_renewal_date_range check (renewal_date between '2000-01-01' and '2100-12-31'),
  current_value numeric(14, 2) not null default 0 constraint renewals_current_value_not_negative check (current_value >= 0),
  proposed_value numeric(14, 2) constraint renewals_proposed_value_not_negative check (proposed_value >= 0),
  currency char(3) not null default private.current_org_currency() constraint renewals_currency_format check (currency ~ '^[A-Z]{3}$'),
  status public.renewal_status not null default 'upcoming',
  closed_on date,
  risk_level public.risk_level,
  risk_score smallint constraint renewals_risk_score_range check (risk_score between 0 and 100),
  risk_factors jsonb not null default '[]',
  renewal_deal_id uuid,
  notes text constraint renewals_notes_length check (char_length(notes) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint renewals_once_per_date unique (org_id, customer_id, renewal_date),
  constraint renewals_closed_on_when_closed check ((status in ('renewed', 'churned')) = (closed_on is not null)),
  foreign key (org_id, customer_id) references public.customers (org_id, id) on delete cascade,
  foreign key (org_id, renewal_deal_id) references public.deals (org_id, id) on delete set null (renewal_deal_id)
);
-- The renewals timeline (30/60/90/180 days) reads open renewals by date.
create index renewals_open_date_idx on public.renewals (org_id, renewal_date) where status in ('upcoming', 'in_progress');
create index renewals_date_idx on public.renewals (org_id, renewal_date, id);
create index renewals_deal_idx on public.renewals (org_id, renewal_deal_id);

comment on table public.renewals is 'Upcoming and past renewals (CS-7). risk_* are kept by the database; closed_on follows status.';
comment on column public.renewals.current_value is 'What the customer pays for the term now (e.g. ARR).';
comment on column public.renewals.proposed_value is 'What the renewal offer is worth.';
comment on column public.renewals.risk_factors is 'JSON array of {"factor", "points", "detail"} behind risk_score.';

-- closed_on follows status; churned marks the customer churned (as of the renewal date).
create function private.renewal_status_change() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.status in ('renewed', 'churned') then
    new.closed_on := coalesce(case when tg_op = 'UPDATE' and old.status = new.status then old.closed_on end, new.closed_on, current_date);
  else
    new.closed_on := null;
  end if;
  return new;
end;
$$;

create function private.renewal_churns_customer() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  update public.customers c
  set churned_at = coalesce(c.churned_at, least(new.renewal_date, new.closed_on)::timestamptz),
      churn_reason = coalesce(c.churn_reason, 'Did not renew')
  where c.org_id = new.org_id and c.id = new.customer_id and c.churned_at is null;
  return null;
end;
$$;
revoke execute on function private.renewal_status_change(), private.renewal_churns_customer() from public;

create trigger renewals_status before insert or update of status, closed_on on public.renewals
  for each row execute function private.renewal_status_change();
create trigger renewals_churn after insert or update of status on public.renewals
  for each row when (new.status = 'churned') execute function private.renewal_churns_customer();
create trigger renewals_updated_at before update on public.renewals
  for each row execute function private.set_updated_at();
create trigger renewals_keep_org_id before update of org_id on public.renewals
  for each row execute function private.keep_org_id();
create trigger audit after insert or delete or update of customer_id, renewal_date, current_value, proposed_value, currency, status,
  renewal_deal_id, notes on public.renewals
  for each row execute function private.audit_row();

alter table public.renewals enable row level security;

grant select, delete on public.renewals to authenticated;
grant insert (org_id, customer_id, renewal_date, current_value, proposed_value, currency, status, closed_on, renewal_deal_id, notes),
      update (renewal_date, current_value, proposed_value, currency, status, closed_on, renewal_deal_id, notes)
  on public.renewals to authenticated;
grant select, insert, update, delete on public.renewals to service_role;

select private.create_customer_policies('public.renewals', '{insert,update,delete}');
