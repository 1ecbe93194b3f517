-- Tenancy starts here: every record belongs to one organisation and every signed-in user has one
-- profile that says which organisation and role they have. Policies read both through helpers in
-- the `private` schema (not exposed by the API) so each statement evaluates them once.

create schema if not exists private;
grant usage on schema private to authenticated, service_role;

create type public.app_role as enum ('rep', 'manager', 'cs_manager', 'executive', 'admin');

create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(btrim(name)) between 1 and 200),
  currency char(3) not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  fiscal_year_start_month smallint not null default 1 check (fiscal_year_start_month between 1 and 12),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  org_id uuid not null references public.organizations (id) on delete cascade,
  full_name text not null check (char_length(btrim(full_name)) between 1 and 200),
  role public.app_role not null default 'rep',
  title text check (char_length(title) <= 200),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index profiles_org_id_idx on public.profiles (org_id);

-- updated_at is the database's to keep, not the client's.
create function private.set_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

create trigger organizations_updated_at before update on public.organizations
  for each row execute function private.set_updated_at();
create trigger profiles_updated_at before update on public.profiles
  for each row execute function private.set_updated_at();

-- Security definer so that policies on profiles can ask for the caller's organisation without
-- recursing into the profiles policy itself.
create function private.current_org_id() returns uuid
language sql stable security definer
set search_path = ''
as $$
  select org_id from public.profiles where id = (select auth.uid()) and active
$$;

create function private.current_app_role() returns public.app_role
language sql stable security definer
set search_path = ''
as $$
  select role from public.profiles where id = (select auth.uid()) and active
$$;

revoke execute on function private.current_org_id(), private.current_app_role() from public;
grant execute on function private.current_org_id(), private.current_app_role() to authenticated, service_role;

-- A user created by an admin carries org_id and role in app_metadata (which only the service role
-- can write). Anyone else who signs up starts a new organisation and administers it.
create function private.handle_new_user() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_org uuid := nullif(new.raw_app_meta_data ->> 'org_id', '')::uuid;
  v_role public.app_role := coalesce(nullif(new.raw_app_meta_data ->> 'role', ''), 'rep')::public.app_role;
  v_name text := coalesce(nullif(btrim(new.raw_user_meta_data ->> 'full_name'), ''), split_part(new.email, '@', 1), 'New user');
begin
  if v_org is null then
    insert into public.organizations (name)
    values (coalesce(nullif(btrim(new.raw_user_meta_data ->> 'organization_name'), ''), v_name || '''s organisation'))
    returning id into v_org;
    v_role := 'admin';
  end if;
  insert into public.profiles (id, org_id, full_name, role) values (new.id, v_org, left(v_name, 200), v_role);
  return new;
end;
$$;
revoke execute on function private.handle_new_user() from public;

create trigger on_auth_user_created after insert on auth.users
  for each row execute function private.handle_new_user();

alter table public.organizations enable row level security;
alter table public.profiles enable row level security;

grant select on public.organizations to authenticated;
grant select on public.profiles to authenticated;
-- Users edit their own name and title; role, organisation and active flag belong to admins.
grant update (full_name, title) on public.profiles to authenticated;
grant all on public.organizations, public.profiles to service_role;

create policy "members read their organisation" on public.organizations
  for select to authenticated
  using (id = (select private.current_org_id()));

create policy "members read profiles of their organisation" on public.profiles
  for select to authenticated
  using (org_id = (select private.current_org_id()));

create policy "users edit their own profile" on public.profiles
  for update to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));
