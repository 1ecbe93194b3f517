-- Saved views of the lists (PRODUCT.md CRM-8): a user's named filters, sort and columns for one
-- record type, optionally shared with the organisation. Only its owner changes one; a shared view
-- is read by every member, and still shows each reader only the rows they may read.

create type public.saved_view_record_type as enum ('leads', 'accounts', 'contacts', 'deals', 'activities');

create table public.saved_views (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null default private.current_org_id() references public.organizations (id) on delete cascade,
  owner_id uuid not null default auth.uid(),
  record_type public.saved_view_record_type not null,
  name text not null constraint saved_views_name_length check (char_length(btrim(name)) between 1 and 100),
  filters jsonb not null default '{}'
    constraint saved_views_filters_shape check (jsonb_typeof(filters) = 'object' and pg_column_size(filters) <= 16384),
  sort jsonb not null default '[]'
    constraint saved_views_sort_shape check (jsonb_typeof(sort) = 'array' and jsonb_array_length(sort) <= 10),
  columns text[] not null default '{}'
    constraint saved_views_columns_size check (cardinality(columns) <= 100 and char_length(array_to_string(columns, '')) <= 5000),
  shared boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint saved_views_name_key unique (org_id, owner_id, record_type, name),
  foreign key (org_id, owner_id) references public.profiles (org_id, id) on delete cascade
);
create index saved_views_shared_idx on public.saved_views (org_id, record_type) where shared;

comment on column public.saved_views.filters is 'The list''s filters as the UI keeps them (a JSON object).';
comment on column public.saved_views.sort is 'JSON array of {"column": "...", "ascending": true|false}, first key first.';

create trigger saved_views_updated_at before update on public.saved_views
  for each row execute function private.set_updated_at();
create trigger saved_views_keep_org_id before update of org_id on public.saved_views
  for each row execute function private.keep_org_id();

alter table public.saved_views enable row level security;

grant select, delete on public.saved_views to authenticated;
grant insert (org_id, record_type, name, filters, sort, columns, shared),
      update (name, filters, sort, columns, shared)
  on public.saved_views to authenticated;
grant select, insert, update, delete on public.saved_views to service_role;

create policy "members read their own and shared views" on public.saved_views
  for select to authenticated
  using (org_id = (select private.current_org_id()) and (owner_id = (select auth.uid()) or shared));

create policy "users create their own views" on public.saved_views
  for insert to authenticated
  with check (org_id = (select private.current_org_id()) and owner_id = (select auth.uid()));

create policy "users edit their own views" on public.saved_views
  for update to authenticated
  using (org_id = (select private.current_org_id()) and owner_id = (select auth.uid()))
  with check (org_id = (select private.current_org_id()) and owner_id = (select auth.uid()));

create policy "users delete their own views" on public.saved_views
  for delete to authenticated
  using (org_id = (select private.current_org_id()) and owner_id = (select auth.uid()));
