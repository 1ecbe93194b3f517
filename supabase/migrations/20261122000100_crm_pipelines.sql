-- Pipelines and their stages (PRODUCT.md CRM-6): configuration, so admins write and members read.
-- A pipeline may be limited to teams and/or roles (empty = everyone); executives and admins see
-- every pipeline. Stages carry the board's colour, the win probability a deal takes on entering,
-- the "rotting" days after which an idle deal is stale, and the exit criteria: deal fields that
-- must be filled before a deal may leave the stage, named by key from public.deal_fields().
-- Allowed transitions are rows of pipeline_stage_transitions; a stage with none allows any move.
-- A stage, its pipeline and (later) its deals share one organisation through composite keys.

-- The deal fields a stage may require, with the label the UI and the error messages show.
create function public.deal_fields() returns table (key text, label text)
language sql immutable
set search_path = ''
as $$
  values
    ('account_id', 'Account'), ('primary_contact_id', 'Primary contact'), ('amount', 'Amount'),
    ('expected_close_date', 'Expected close date'), ('product_line', 'Product line'), ('list_price', 'List price'),
    ('discount_pct', 'Discount'), ('margin_pct', 'Margin'), ('contract_term_months', 'Contract term'),
    ('billing_cycle', 'Billing cycle'), ('payment_terms_days', 'Payment terms'), ('competitors', 'Competitors'),
    ('next_step', 'Next step'), ('forecast_category', 'Forecast category'), ('metrics', 'Metrics'),
    ('economic_buyer', 'Economic buyer'), ('decision_criteria', 'Decision criteria'),
    ('decision_process', 'Decision process'), ('paper_process', 'Paper process'),
    ('identified_pain', 'Identified pain'), ('champion', 'Champion'), ('competition', 'Competition'),
    ('lost_reason', 'Lost reason')
$$;
revoke execute on function public.deal_fields() from public, anon;
grant execute on function public.deal_fields() to authenticated, service_role;

create function private.are_deal_fields(fields text[]) returns boolean
language sql immutable
set search_path = ''
as $$
  select fields <@ array(select key from public.deal_fields())
$$;

create table public.pipelines (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null default private.current_org_id() references public.organizations (id) on delete cascade,
  name text not null constraint pipelines_name_length check (char_length(btrim(name)) between 1 and 100),
  is_default boolean not null default false,
  team_ids uuid[] not null default '{}' constraint pipelines_team_ids_count check (cardinality(team_ids) <= 100),
  roles public.app_role[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint pipelines_name_key unique (org_id, name),
  unique (org_id, id)
);
-- New deals and converted leads go to the default pipeline: at most one per organisation.
create unique index pipelines_one_default_per_org on public.pipelines (org_id) where is_default;

comment on column public.pipelines.team_ids is 'Teams whose members (and managers) may use the pipeline; empty = every team.';
comment on column public.pipelines.roles is 'Roles that may use the pipeline; empty = every role. Executives and admins always see it.';

create table public.pipeline_stages (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null default private.current_org_id(),
  pipeline_id uuid not null,
  name text not null constraint pipeline_stages_name_length check (char_length(btrim(name)) between 1 and 100),
  position smallint not null constraint pipeline_stages_position_range check (position between 0 and 100),
  win_probability smallint not null constraint pipeline_stages_win_probability_range check (win_probability between 0 and 100),
  colour text not null default '#64748b' constraint pipeline_stages_colour_format check (colour ~ '^#[0-9a-fA-F]{6}$'),
  rotting_days smallint constraint pipeline_stages_rotting_days_range check (rotting_days between 1 and 3650),
  exit_criteria text[] not null default '{}' constraint pipeline_stages_exit_criteria_known check (private.are_deal_fields(exit_criteria)),
  is_won boolean not null default false,
  is_lost boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint pipeline_stages_won_or_lost check (not (is_won and is_lost)),
  constraint pipeline_stages_won_probability check ((not is_won or win_probability = 100) and (not is_lost or win_probability = 0)),
  constraint pipeline_stages_name_key unique (pipeline_id, name),
  unique (org_id, pipeline_id, id),
  foreign key (org_id, pipeline_id) references public.pipelines (org_id, id) on delete cascade
);

comment on column public.pipeline_stages.rotting_days is 'A deal idle in this stage for longer, with no future activity scheduled, is stale; null = never.';
comment on column public.pipeline_stages.exit_criteria is 'Keys of public.deal_fields() that must be filled before a deal leaves this stage.';

create table public.pipeline_stage_transitions (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null default private.current_org_id(),
  pipeline_id uuid not null,
  from_stage_id uuid not null,
  to_stage_id uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint pipeline_stage_transitions_not_to_itself check (from_stage_id <> to_stage_id),
  constraint pipeline_stage_transitions_key unique (org_id, pipeline_id, from_stage_id, to_stage_id),
  foreign key (org_id, pipeline_id, from_stage_id) references public.pipeline_stages (org_id, pipeline_id, id) on delete cascade,
  foreign key (org_id, pipeline_id, to_stage_id) references public.pipeline_stages (org_id, pipeline_id, id) on delete cascade
);
create index pipeline_stage_transitions_to_idx on public.pipeline_stage_transitions (org_id, pipeline_id, to_stage_id);

comment on table public.pipeline_stage_transitions is 'Moves allowed out of from_stage_id; a stage with no row here allows a move to any stage of its pipeline.';

-- Making a pipeline the default takes the flag from the previous one.
create function private.keep_one_default_pipeline() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  update public.pipelines set is_default = false where org_id = new.org_id and is_default and id <> new.id;
  return new;
end;
$$;
revoke execute on function private.keep_one_default_pipeline() from public;

create trigger pipelines_one_default before insert or update of is_default on public.pipelines
  for each row when (new.is_default) execute function private.keep_one_default_pipeline();

create trigger pipelines_updated_at before update on public.pipelines
  for each row execute function private.set_updated_at();
create trigger pipeline_stages_updated_at before update on public.pipeline_stages
  for each row execute function private.set_updated_at();
create trigger pipeline_stage_transitions_updated_at before update on public.pipeline_stage_transitions
  for each row execute function private.set_updated_at();
create trigger pipelines_keep_org_id before update of org_id on public.pipelines
  for each row execute function private.keep_org_id();
create trigger pipeline_stages_keep_org_id before update of org_id on public.pipeline_stages
  for each row execute function private.keep_org_id();
create trigger pipeline_stage_transitions_keep_org_id before update of org_id on public.pipeline_stage_transitions
  for each row execute function private.keep_org_id();
create trigger audit after insert or update or delete on public.pipelines
  for each row execute function private.audit_row();
create trigger audit after insert or update or delete on public.pipeline_stages
  for each row execute function private.audit_row();
create trigger audit after insert or update or delete on public.pipeline_stage_transitions
  for each row execute function private.audit_row();

alter table public.pipelines enable row level security;
alter table public.pipeline_stages enable row level security;
alter table public.pipeline_stage_transitions enable row level security;

grant select, delete on public.pipelines, public.pipeline_stages, public.pipeline_stage_transitions to authenticated;
grant insert (org_id, name, is_default, team_ids, roles), update (name, is_default, team_ids, roles) on public.pipelines to authenticated;
grant insert (org_id, pipeline_id, name, position, win_probability, colour, rotting_days, exit_criteria, is_won, is_lost),
      update (name, position, win_probability, colour, rotting_days, exit_criteria, is_won, is_lost)
  on public.pipeline_stages to authenticated;
grant insert (org_id, pipeline_id, from_stage_id, to_stage_id) on public.pipeline_stage_transitions to authenticated;
grant select, insert, update, delete on public.pipelines, public.pipeline_stages, public.pipeline_stage_transitions to service_role;

select private.create_config_policies('public.pipelines',
  '(select private.has_role(''admin'', ''executive''))
   or ((cardinality(team_ids) = 0 or team_ids && array(select private.current_team_ids()))
       and (cardinality(roles) = 0 or (select private.current_app_role()) = any (roles)))');
select private.create_config_policies('public.pipeline_stages');
select private.create_config_policies('public.pipeline_stage_transitions');
