-- Acting on health (PRODUCT.md CS-4):
--   playbooks              admin-configured rules: a trigger (no login for N days after
--                          onboarding, a drop of P points in D days, critical status) and its
--   playbook_actions       actions in order: an email to the customer's contact (into the outbox),
--                          a check-in call task for the CSM (an activity), an in-app message to the
--                          CSM (a notification).
--   interventions          the history of what was done for a customer: each playbook firing (once
--                          per trigger episode, by a unique trigger_key) and manual interventions.
--   success_milestones     good news recorded once per customer and kind, celebrated once.
--   support_interactions   the CSM's log of onboarding calls, check-ins, technical support and
--                          upgrade discussions.
-- Every organisation gets CS-2's health configuration and three default playbooks when it is
-- created (existing ones here), so the daily job always has something to run.

create type public.playbook_trigger as enum ('no_login_after_onboarding', 'score_drop', 'critical_status');
create type public.playbook_action_kind as enum ('email', 'task', 'in_app');
create type public.intervention_source as enum ('playbook', 'manual');
create type public.support_interaction_kind as enum ('onboarding_call', 'check_in', 'technical_support', 'upgrade_discussion');

create table public.playbooks (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null default private.current_org_id() references public.organizations (id) on delete cascade,
  name text not null constraint playbooks_name_length check (char_length(btrim(name)) between 1 and 100),
  description text constraint playbooks_description_length check (char_length(description) <= 1000),
  trigger public.playbook_trigger not null,
  params jsonb not null default '{}',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint playbooks_name_key unique (org_id, name),
  unique (org_id, id),
  constraint playbooks_params_shape check (jsonb_typeof(params) = 'object' and case trigger
    when 'no_login_after_onboarding' then
      case when jsonb_typeof(params -> 'days') = 'number' then (params ->> 'days')::numeric between 1 and 365 else false end
    when 'score_drop' then
      case when jsonb_typeof(params -> 'points') = 'number' and jsonb_typeof(params -> 'days') = 'number'
           then (params ->> 'points')::numeric between 1 and 100 and (params ->> 'days')::numeric between 1 and 90 else false end
    else true end)
);

comment on column public.playbooks.params is 'no_login_after_onboarding: {"days": 7}; score_drop: {"points": 15, "days": 7}; critical_status: {}.';

create table public.playbook_actions (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null default private.current_org_id() references public.organizations (id) on delete cascade,
  playbook_id uuid not null,
  position smallint not null default 0 constraint playbook_actions_position_range check (position between 0 and 100),
  kind public.playbook_action_kind not null,
  subject text not null constraint playbook_actions_subject_length check (char_length(btrim(subject)) between 1 and 200),
  body text constraint playbook_actions_body_length check (char_length(body) <= 10000),
  due_in_days smallint not null default 2 constraint playbook_actions_due_in_days_range check (due_in_days between 0 and 90),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (org_id, playbook_id) references public.playbooks (org_id, id) on delete cascade
);
create index playbook_actions_playbook_idx on public.playbook_actions (org_id, playbook_id, position);

comment on column public.playbook_actions.subject is 'Email subject, task subject or notification title. {{customer}}, {{owner}}, {{score}}, {{status}} and {{days_since_login}} are filled in.';
comment on column public.playbook_actions.body is 'Email body, task notes or notification text, with the same placeholders.';
comment on column public.playbook_actions.due_in_days is 'For tasks: due this many days after the trigger.';

create table public.interventions (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null default private.current_org_id() references public.organizations (id) on delete cascade,
  customer_id uuid not null,
  source public.intervention_source not null default 'manual',
  playbook_id uuid,
  trigger_key text not null default gen_random_uuid()::text constraint interventions_trigger_key_length check (char_length(trigger_key) <= 200),
  trigger_day date not null default current_date,
  reason text not null constraint interventions_reason_length check (char_length(btrim(reason)) between 1 and 500),
  actions jsonb not null default '[]' constraint interventions_actions_shape check (jsonb_typeof(actions) = 'array'),
  outcome text constraint interventions_outcome_length check (char_length(outcome) <= 2000),
  created_by uuid default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint interventions_once_per_trigger unique (org_id, customer_id, playbook_id, trigger_key),
  foreign key (org_id, customer_id) references public.customers (org_id, id) on delete cascade,
  foreign key (org_id, playbook_id) references public.playbooks (org_id, id) on delete set null (playbook_id),
  foreign key (org_id, created_by) references public.profiles (org_id, id) on delete set null (created_by)
);
create index interventions_timeline_idx on public.interventions (org_id, customer_id, created_at desc);
create index interventions_playbook_idx on public.interventions (org_id, playbook_id, customer_id, trigger_day);
create index interventions_created_by_idx on public.interventions (org_id, created_by);

comment on table public.interventions is 'What was done for a customer (CS-4): playbook firings (one per trigger episode) and manual interventions.';
comment on column public.interventions.trigger_key is 'Identifies the trigger episode, e.g. critical:2026-11-20 or no_login:2026-11-10; a playbook fires once per key.';
comment on column public.interventions.actions is 'JSON array of what was done: {"kind": "email"|"task"|"in_app", "id": <outbox, activity or notification id>} or {"kind", "skipped": "<why>"}.';

create table public.success_milestones (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null default private.current_org_id() references public.organizations (id) on delete cascade,
  customer_id uuid not null,
  kind text not null constraint success_milestones_kind_format check (kind ~ '^[a-z][a-z0-9_]{0,49}$'),
  title text not null constraint success_milestones_title_length check (char_length(btrim(title)) between 1 and 200),
  achieved_on date not null default current_date,
  celebrated_at timestamptz,
  recorded_by uuid default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint success_milestones_once unique (org_id, customer_id, kind),
  foreign key (org_id, customer_id) references public.customers (org_id, id) on delete cascade,
  foreign key (org_id, recorded_by) references public.profiles (org_id, id) on delete set null (recorded_by)
);
create index success_milestones_recorded_by_idx on public.success_milestones (org_id, recorded_by);

comment on column public.success_milestones.kind is 'The job records onboarding_complete, first_healthy, adoption_80, seats_90 and one_year; CSMs may record their own kinds.';
comment on column public.success_milestones.celebrated_at is 'When the CSM was told (once, by the job''s notification).';

create table public.support_interactions (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null default private.current_org_id() references public.organizations (id) on delete cascade,
  customer_id uuid not null,
  owner_id uuid not null default auth.uid(),
  kind public.support_interaction_kind not null,
  occurred_at timestamptz not null default now(),
  summary text not null constraint support_interactions_summary_length check (char_length(btrim(summary)) between 1 and 2000),
  outcome text constraint support_interactions_outcome_length check (char_length(outcome) <= 2000),
  sentiment public.activity_sentiment,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (org_id, customer_id) references public.customers (org_id, id) on delete cascade,
  foreign key (org_id, owner_id) references public.profiles (org_id, id)
);
create index support_interactions_customer_idx on public.support_interactions (org_id, customer_id, occurred_at desc);
create index support_interactions_owner_idx on public.support_interactions (org_id, owner_id);

comment on column public.support_interactions.owner_id is 'Who had the interaction and logged it.';

create trigger playbooks_updated_at before update on public.playbooks for each row execute function private.set_updated_at();
create trigger playbook_actions_updated_at before update on public.playbook_actions for each row execute function private.set_updated_at();
create trigger interventions_updated_at before update on public.interventions for each row execute function private.set_updated_at();
create trigger success_milestones_updated_at before update on public.success_milestones for each row execute function private.set_updated_at();
create trigger support_interactions_updated_at before update on public.support_interactions for each row execute function private.set_updated_at();
create trigger playbooks_keep_org_id before update of org_id on public.playbooks for each row execute function private.keep_org_id();
create trigger playbook_actions_keep_org_id before update of org_id on public.playbook_actions for each row execute function private.keep_org_id();
create trigger interventions_keep_org_id before update of org_id on public.interventions for each row execute function private.keep_org_id();
create trigger success_milestones_keep_org_id before update of org_id on public.success_milestones for each row execute function private.keep_org_id();
create trigger support_interactions_keep_org_id before update of org_id on public.support_interactions for each row execute function private.keep_org_id();
create trigger audit after insert or update or delete on public.playbooks for each row execute function private.audit_row();
create trigger audit after insert or update or delete on public.playbook_actions for each row execute function private.audit_row();

alter table public.playbooks enable row level security;
alter table public.playbook_actions enable row level security;
alter table public.interventions enable row level security;
alter table public.success_milestones enable row level security;
alter table public.support_interactions enable row level security;

grant select, delete on public.playbooks, public.playbook_actions to authenticated;
grant insert (org_id, name, description, trigger, params, active), update (name, description, trigger, params, active) on public.playbooks to authenticated;
grant insert (org_id, playbook_id, position, kind, subject, body, due_in_days), update (position, kind, subject, body, due_in_days)
  on public.playbook_actions to authenticated;
-- People log manual interventions and their outcome; playbook firings are the job's.
grant select on public.interventions to authenticated;
grant insert (org_id, customer_id, reason, outcome, trigger_day), update (reason, outcome) on public.interventions to authenticated;
grant select on public.success_milestones to authenticated;
grant insert (org_id, customer_id, kind, title, achieved_on) on public.success_milestones to authenticated;
grant select, delete on public.support_interactions to authenticated;
grant insert (org_id, customer_id, owner_id, kind, occurred_at, summary, outcome, sentiment),
      update (kind, occurred_at, summary, outcome, sentiment) on public.support_interactions to authenticated;
grant select, insert, update, delete on public.playbooks, public.playbook_actions, public.interventions, public.success_milestones,
  public.support_interactions to service_role;

select private.create_config_policies('public.playbooks');
select private.create_config_policies('public.playbook_actions');
select private.create_customer_policies('public.interventions', '{insert,update}');
select private.create_customer_policies('public.success_milestones', '{insert}');
select private.create_customer_policies('public.support_interactions', '{insert,update,delete}');

-- A manual intervention through the API is the caller's own; playbook firings come from the job
-- and from public.run_playbook (security definer, so current_user is not `authenticated` there).
create function private.guard_manual_intervention() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if current_user = 'authenticated' then
    new.source := 'manual';
    new.playbook_id := null;
    new.created_by := (select auth.uid());
  end if;
  return new;
end;
$$;
revoke execute on function private.guard_manual_intervention() from public;
create trigger interventions_manual before insert on public.interventions
  for each row execute function private.guard_manual_intervention();

-- The starting configuration of an organisation: CS-2's health score and CS-4's three playbooks.
create function private.create_customer_success_defaults(p_org uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  v_playbook uuid;
begin
  insert into public.health_score_configs (org_id) values (p_org) on conflict (org_id) do nothing;
  if exists (select from public.playbooks where org_id = p_org) then
    return;
  end if;

  insert into public.playbooks (org_id, name, description, trigger, params)
  values (p_org, 'Re-engage after silence', 'No login for 7 days after onboarding: email the customer and book a check-in call.',
          'no_login_after_onboarding', '{"days": 7}')
  returning id into v_playbook;
  insert into public.playbook_actions (org_id, playbook_id, position, kind, subject, body, due_in_days) values
    (p_org, v_playbook, 0, 'email', 'We miss you at {{customer}}',
     'Hello, nobody from {{customer}} has signed in for {{days_since_login}} days. Is there anything we can help with? Reply to this email and {{owner}} will get back to you.', 0),
    (p_org, v_playbook, 1, 'task', 'Check-in call: {{customer}} has not logged in for {{days_since_login}} days',
     'Ask what stopped them and offer a short training session.', 2);

  insert into public.playbooks (org_id, name, description, trigger, params)
  values (p_org, 'Score drop', 'Health fell 15 points within 7 days: tell the CSM and book a call.', 'score_drop', '{"points": 15, "days": 7}')
  returning id into v_playbook;
  insert into public.playbook_actions (org_id, playbook_id, position, kind, subject, body, due_in_days) values
    (p_org, v_playbook, 0, 'in_app', 'Health of {{customer}} dropped to {{score}}', 'The score fell 15 points or more within 7 days. Open the customer to see which indicators moved.', 0),
    (p_org, v_playbook, 1, 'task', 'Check-in call: health of {{customer}} dropped to {{score}}', 'Review the indicator breakdown before the call.', 1);

  insert into public.playbooks (org_id, name, description, trigger, params)
  values (p_org, 'Critical customer', 'The customer turned critical: an urgent call and a rescue plan.', 'critical_status', '{}')
  returning id into v_playbook;
  insert into public.playbook_actions (org_id, playbook_id, position, kind, subject, body, due_in_days) values
    (p_org, v_playbook, 0, 'task', 'Rescue call: {{customer}} is critical ({{score}})', 'Agree a rescue plan with the customer''s sponsor.', 1),
    (p_org, v_playbook, 1, 'in_app', '{{customer}} needs a rescue plan', 'Health is {{score}} (critical). A rescue call task is on your list.', 0);
end;
$$;
revoke execute on function private.create_customer_success_defaults(uuid) from public;
grant execute on function private.create_customer_success_defaults(uuid) to service_role;

create function private.organization_customer_success_defaults() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.create_customer_success_defaults(new.id);
  return null;
end;
$$;
revoke execute on function private.organization_customer_success_defaults() from public;

create trigger customer_success_defaults after insert on public.organizations
  for each row execute function private.organization_customer_success_defaults();

select private.create_customer_success_defaults(id) from public.organizations;
