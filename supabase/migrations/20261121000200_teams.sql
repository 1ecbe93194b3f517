-- Teams group reps under a manager (PRODUCT.md ID-3): a manager sees the records of the people in
-- the teams they manage. The lead-CSM flag gives one customer-success manager the whole book of
-- customers (roles table). A team and its people always share one organisation: the foreign keys
-- include org_id, so no row can point across tenants whatever a client sends.
-- Policies are in the next migration, with the helpers they call.

-- The composite keys below reference (org_id, id); this unique index replaces the plain org_id one.
alter table public.profiles add constraint profiles_org_id_id_key unique (org_id, id);
drop index public.profiles_org_id_idx;

create table public.teams (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null default private.current_org_id() references public.organizations (id) on delete cascade,
  name text not null check (char_length(btrim(name)) between 1 and 100),
  manager_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (org_id, name),
  unique (org_id, id),
  foreign key (org_id, manager_id) references public.profiles (org_id, id) on delete set null (manager_id)
);
create index teams_org_id_manager_id_idx on public.teams (org_id, manager_id);

create trigger teams_updated_at before update on public.teams
  for each row execute function private.set_updated_at();

alter table public.profiles
  add column team_id uuid,
  add column is_lead_csm boolean not null default false,
  add foreign key (org_id, team_id) references public.teams (org_id, id) on delete set null (team_id);
create index profiles_org_id_team_id_idx on public.profiles (org_id, team_id);

comment on column public.profiles.is_lead_csm is 'A cs_manager with this flag sees every customer of the organisation; ignored for other roles.';

alter table public.teams enable row level security;
grant select, delete on public.teams to authenticated;
grant insert (org_id, name, manager_id), update (name, manager_id) on public.teams to authenticated;
grant select, insert, update, delete on public.teams to service_role;
