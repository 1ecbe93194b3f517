-- Audit log (PRODUCT.md ID-6): who changed what and when, with the row before and after. One
-- generic trigger writes it, so a later table is audited with one line:
--   create trigger audit after insert or update or delete on public.<table>
--     for each row execute function private.audit_row();
-- (pass the column that holds the organisation when it is not `org_id`, as organizations does.)
-- Admins and executives of the organisation read it; nobody writes it through the API. The service
-- role may only append, for actions that happen outside these tables (the auth side of admin-users).
-- No foreign keys: the log outlives the rows and people it describes.

create table public.audit_log (
  id bigint generated always as identity primary key,
  org_id uuid not null,
  table_name text not null,
  record_id uuid not null,
  action text not null check (action in ('insert', 'update', 'delete', 'create_user', 'update_user', 'ban_user', 'unban_user')),
  actor_id uuid,
  before jsonb,
  after jsonb,
  at timestamptz not null default now()
);
create index audit_log_org_id_at_idx on public.audit_log (org_id, at desc);
create index audit_log_record_idx on public.audit_log (table_name, record_id, at desc);

comment on column public.audit_log.actor_id is 'The signed-in user who made the change; null for the system (auth service, jobs, migrations).';

alter table public.audit_log enable row level security;
grant select on public.audit_log to authenticated;
grant select, insert on public.audit_log to service_role;

create policy "admins and executives read their organisation's audit log" on public.audit_log
  for select to authenticated
  using (org_id = (select private.current_org_id()) and (select private.has_role('admin', 'executive')));

-- One row per changed row; an update that changes nothing but updated_at is not worth one.
create function private.audit_row() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_before jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
  v_after jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
  v_row jsonb := coalesce(v_after, v_before);
begin
  if v_before - 'updated_at' = v_after - 'updated_at' then
    return null;
  end if;
  insert into public.audit_log (org_id, table_name, record_id, action, actor_id, before, after)
  values ((v_row ->> coalesce(tg_argv[0], 'org_id'))::uuid, tg_table_name, (v_row ->> 'id')::uuid, lower(tg_op),
          (select auth.uid()), v_before, v_after);
  return null;
end;
$$;
revoke execute on function private.audit_row() from public;

create trigger audit after insert or update or delete on public.organizations
  for each row execute function private.audit_row('id');
create trigger audit after insert or update or delete on public.profiles
  for each row execute function private.audit_row();
create trigger audit after insert or update or delete on public.teams
  for each row execute function private.audit_row();
