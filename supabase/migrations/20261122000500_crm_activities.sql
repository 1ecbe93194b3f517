-- Activities (PRODUCT.md CRM-5): calls, meetings, emails, notes and tasks, each on exactly one
-- record (deal, account, lead or contact; customers join when they exist), so every record has
-- one timeline. A task is an activity with due_at; an open activity due in the future is what
-- keeps a deal from going stale (CRM-7). Owner-scoped like deals: a timeline shows the activities
-- whose owners the reader may read.

create type public.activity_type as enum ('call', 'meeting', 'email', 'note', 'task');
create type public.activity_sentiment as enum ('positive', 'neutral', 'negative');

create table public.activities (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null default private.current_org_id() references public.organizations (id) on delete cascade,
  owner_id uuid not null default auth.uid(),
  type public.activity_type not null,
  subject text not null constraint activities_subject_length check (char_length(btrim(subject)) between 1 and 200),
  body text constraint activities_body_length check (char_length(body) <= 10000),
  outcome text constraint activities_outcome_length check (char_length(outcome) <= 200),
  sentiment public.activity_sentiment,
  next_action text constraint activities_next_action_length check (char_length(next_action) <= 500),
  occurred_at timestamptz not null default now(),
  due_at timestamptz,
  done boolean not null default false,
  done_at timestamptz,
  deal_id uuid,
  account_id uuid,
  lead_id uuid,
  contact_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint activities_one_record check (num_nonnulls(deal_id, account_id, lead_id, contact_id) = 1),
  constraint activities_done_at_when_done check (done or done_at is null),
  unique (org_id, id),
  foreign key (org_id, owner_id) references public.profiles (org_id, id),
  foreign key (org_id, deal_id) references public.deals (org_id, id) on delete cascade,
  foreign key (org_id, account_id) references public.accounts (org_id, id) on delete cascade,
  foreign key (org_id, lead_id) references public.leads (org_id, id) on delete cascade,
  foreign key (org_id, contact_id) references public.contacts (org_id, id) on delete cascade
);
-- Timelines, newest first (also the foreign keys); the deal's also answers "future open activity?".
-- Partial: an activity belongs to exactly one record, so each index would otherwise hold every row
-- of the other three kinds as nulls (four times the entries to write, and to build at 5 million).
-- A lookup by record (`deal_id = $1`, a cascading delete) implies the predicate and uses them.
create index activities_deal_idx on public.activities (org_id, deal_id, occurred_at desc) where deal_id is not null;
create index activities_account_idx on public.activities (org_id, account_id, occurred_at desc) where account_id is not null;
create index activities_lead_idx on public.activities (org_id, lead_id, occurred_at desc) where lead_id is not null;
create index activities_contact_idx on public.activities (org_id, contact_id, occurred_at desc) where contact_id is not null;
-- The caller's activities (also the owner foreign key), and their open tasks by due date.
create index activities_owner_idx on public.activities (org_id, owner_id, occurred_at desc);
create index activities_open_due_idx on public.activities (org_id, owner_id, due_at) where not done;

comment on column public.activities.occurred_at is 'When the call, meeting or email happened (or the note was written); timelines sort by it.';
comment on column public.activities.due_at is 'When a task or planned activity is due; with done = false and due_at in the future it keeps a deal from going stale.';
comment on column public.activities.done_at is 'Set by the database when done turns true.';

-- done_at follows done.
create function private.set_activity_done_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.done_at := case when new.done then coalesce(new.done_at, now()) end;
  return new;
end;
$$;
revoke execute on function private.set_activity_done_at() from public;

create trigger activities_done_at before insert or update of done on public.activities
  for each row execute function private.set_activity_done_at();
create trigger activities_updated_at before update on public.activities
  for each row execute function private.set_updated_at();
create trigger activities_keep_org_id before update of org_id on public.activities
  for each row execute function private.keep_org_id();

alter table public.activities enable row level security;

grant select, delete on public.activities to authenticated;
grant insert (org_id, owner_id, type, subject, body, outcome, sentiment, next_action, occurred_at, due_at, done,
              deal_id, account_id, lead_id, contact_id),
      update (owner_id, type, subject, body, outcome, sentiment, next_action, occurred_at, due_at, done,
              deal_id, account_id, lead_id, contact_id)
  on public.activities to authenticated;
grant select, insert, update, delete on public.activities to service_role;

select private.create_owner_policies('public.activities', 'sales');
