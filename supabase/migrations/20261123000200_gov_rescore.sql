-- Rescoring (issue 5 item 3): when an admin saves or activates a scoring model, every open deal of
-- the organisation is rescored with it, and the admin sees the progress. Nightly, every open deal
-- is rescored too, because two inputs move with time alone (days since the last activity, days in
-- stage), and the segment medians and stage norms are refreshed first.
--
-- A rescore is a rescore_runs row (total, done, changed, status) worked through in batches of deals
-- in id order, each batch one transaction (rescore_deals_step): a batch of 5,000 stays far inside
-- the API's 8 s statement timeout, a crash loses one batch, and the row the UI polls moves as it
-- goes. Small organisations (up to 5,000 deals to score) are rescored inside the save itself; larger
-- ones by the rescore-deals edge function, which the UI calls right after saving (it keeps working
-- when the page is closed) and the nightly job calls. A new run of an organisation cancels the one
-- under way.
--
-- A run is worked on by more than one core. As one cursor its batches ran one after another on a
-- single core, and scoring 1,000,000 deals took 95-137 s on the 2-core bench machine against the
-- 60 s of issue 5; split by deal id into two halves worked on both cores, 40 s. So a run larger
-- than a few batches is split into two parts (rescore_run_parts), each with its own cursor. A step
-- takes the first part nobody is working on (skip locked), so two callers (the rescore-deals
-- function runs two) work both parts at once; each batch is still one transaction, so a crash still
-- loses at most the batches under way. A single caller still works the whole run, one part after
-- the other, and a small run stays one part.

create type public.rescore_status as enum ('queued', 'running', 'done', 'failed', 'cancelled');

create table public.rescore_runs (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  model_id uuid,
  model_version integer,
  reason text not null constraint rescore_runs_reason_known check (reason in ('model_change', 'daily', 'manual')),
  scope text not null default 'open' constraint rescore_runs_scope_known check (scope in ('open', 'all')),
  status public.rescore_status not null default 'queued',
  total integer not null default 0 constraint rescore_runs_total_not_negative check (total >= 0),
  done integer not null default 0 constraint rescore_runs_done_not_negative check (done >= 0),
  changed integer not null default 0 constraint rescore_runs_changed_not_negative check (changed >= 0),
  last_deal_id uuid,
  error text constraint rescore_runs_error_length check (char_length(error) <= 2000),
  requested_by uuid,
  started_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (org_id, model_id) references public.scoring_models (org_id, id) on delete set null (model_id),
  foreign key (org_id, requested_by) references public.profiles (org_id, id) on delete set null (requested_by)
);
create unique index rescore_runs_one_active on public.rescore_runs (org_id) where status in ('queued', 'running');
create index rescore_runs_org_idx on public.rescore_runs (org_id, created_at desc);
create index rescore_runs_model_idx on public.rescore_runs (org_id, model_id);
create index rescore_runs_requested_by_idx on public.rescore_runs (org_id, requested_by);

comment on table public.rescore_runs is 'Rescoring of an organisation''s deals after a model change, nightly or on request: poll total, done and status.';
comment on column public.rescore_runs.total is 'Deals to score when the run was queued (deals added meanwhile are scored too; done may pass it).';
comment on column public.rescore_runs.changed is 'Deals whose score or classification changed.';
comment on column public.rescore_runs.last_deal_id is 'The last deal scored: the next batch starts after it.';

create trigger rescore_runs_updated_at before update on public.rescore_runs
  for each row execute function private.set_updated_at();
create trigger rescore_runs_keep_org_id before update of org_id on public.rescore_runs
  for each row execute function private.keep_org_id();

alter table public.rescore_runs enable row level security;
grant select on public.rescore_runs to authenticated;
grant select, insert, update, delete on public.rescore_runs to service_role;

create policy "admins and executives read their organisation's rescores" on public.rescore_runs
  for select to authenticated
  using (org_id = (select private.current_org_id()) and (select private.has_role('admin', 'executive')));

create table private.rescore_run_parts (
  run_id uuid not null references public.rescore_runs (id) on delete cascade,
  part smallint not null,
  -- The part's deals: ids after from_id (null: from the first) up to and including to_id (null: to the last).
  from_id uuid,
  to_id uuid,
  last_deal_id uuid,
  finished boolean not null default false,
  primary key (run_id, part)
);
comment on table private.rescore_run_parts is 'The id ranges of a rescore run that steps work on concurrently; rescore_runs keeps the totals the UI polls.';

-- Deals are only ever rescored by the database; the API reads runs. Up to this many deals a run is
-- finished inside the call that queued it.
create function private.inline_rescore_limit() returns integer
language sql immutable
set search_path = ''
as $$ select 5000 $$;

-- Queues a run for an organisation with its active model, cancelling the run under way. None when
-- there is nothing to score.
create function private.queue_rescore(org uuid, reason text, scope text default 'open') returns public.rescore_runs
language plpgsql security definer
set search_path = ''
as $$
declare
  run public.rescore_runs;
  model public.scoring_models;
  deals integer;
begin
  perform pg_advisory_xact_lock(hashtextextended('rescore:' || org, 0));
  select count(*) into deals from public.deals d where d.org_id = org and (scope = 'all' or d.status = 'open');
  update public.rescore_runs set status = 'cancelled', finished_at = now(), error = 'Replaced by a newer rescore'
  where org_id = org and status in ('queued', 'running');
  if deals = 0 then
    return null;
  end if;
  select * into model from public.scoring_models m where m.org_id = org and m.is_active;
  insert into public.rescore_runs (org_id, model_id, model_version, reason, scope, total, requested_by)
  values (org, model.id, model.version, reason, scope, deals,
          (select p.id from public.profiles p where p.id = (select auth.uid()) and p.org_id = org))
  returning * into run;
  return run;
end;
$$;

-- The parts of a run, made by its first step: two when the run has more than four batches (the
-- boundary is its middle deal, so both halves hold as many deals), else one.
create function private.split_rescore_run(run public.rescore_runs, batch_size integer) returns void
language plpgsql
set search_path = ''
as $$
declare
  middle uuid;
begin
  if run.total > 4 * batch_size then
    select d.id into middle from public.deals d
    where d.org_id = run.org_id and (run.scope = 'all' or d.status = 'open')
    order by d.id offset run.total / 2 limit 1;
  end if;
  if middle is null then
    insert into private.rescore_run_parts (run_id, part) values (run.id, 1);
  else
    insert into private.rescore_run_parts (run_id, part, to_id) values (run.id, 1, middle);
    insert into private.rescore_run_parts (run_id, part, from_id) values (run.id, 2, middle);
  end if;
end;
$$;

-- Scores the next batch of a free part of the run and records the progress. When every unfinished
-- part is being worked on, waits for one of those batches to commit and goes on with that part;
-- when none is left, the run is done. Who may call: the service role and direct database sessions
-- (jobs, bench), and an admin of the run's organisation.
create function private.rescore_deals_step(run_id uuid, batch_size integer) returns public.rescore_runs
language plpgsql security definer
set search_path = ''
as $$
declare
  run public.rescore_runs;
  part private.rescore_run_parts;
  batch uuid[];
  changed_ids uuid[];
  part_finished boolean;
begin
  if batch_size is null or batch_size not between 1 and 100000 then
    raise exception 'batch_size is between 1 and 100000' using errcode = '22023', hint = 'invalid_batch_size';
  end if;
  select * into run from public.rescore_runs r where r.id = run_id;
  if not found
     or (current_setting('role') in ('authenticated', 'anon')
         and not (run.org_id = private.current_org_id() and private.has_role('admin'))) then
    raise exception 'Rescore run not found' using errcode = 'PT404', hint = 'not_found';
  end if;
  if run.status not in ('queued', 'running') then
    return run;
  end if;

  if not exists (select from private.rescore_run_parts p where p.run_id = run.id) then
    -- The first steps of a run: one splits it while the others wait for its batch.
    perform from public.rescore_runs r where r.id = run.id for update;
    if not exists (select from private.rescore_run_parts p where p.run_id = run.id) then
      perform private.split_rescore_run(run, batch_size);
    end if;
  end if;
  select * into part from private.rescore_run_parts p
  where p.run_id = run.id and not p.finished order by p.part limit 1 for update skip locked;
  if not found then
    select * into part from private.rescore_run_parts p
    where p.run_id = run.id and not p.finished order by p.part limit 1 for update;
  end if;
  if not found then
    update public.rescore_runs r
    set status = 'done', started_at = coalesce(r.started_at, now()), finished_at = now()
    where r.id = run.id and r.status in ('queued', 'running');
    return (select r from public.rescore_runs r where r.id = run.id);
  end if;

  batch := array(
    select d.id from public.deals d
    where d.org_id = run.org_id and (run.scope = 'all' or d.status = 'open')
      and d.id > coalesce(part.last_deal_id, part.from_id, '00000000-0000-0000-0000-000000000000')
      and (part.to_id is null or d.id <= part.to_id)
    order by d.id
    limit batch_size);
  begin
    changed_ids := private.refresh_deal_scores(batch, run.reason);
    if cardinality(changed_ids) > 0 then
      perform private.sync_deal_approvals(changed_ids);
    end if;
  exception when others then
    update public.rescore_runs
    set status = 'failed', finished_at = now(), error = left(sqlerrm, 2000)
    where id = run.id
    returning * into run;
    return run;
  end;

  part_finished := cardinality(batch) < batch_size;
  update private.rescore_run_parts p
  set last_deal_id = coalesce(batch[cardinality(batch)], p.last_deal_id), finished = part_finished
  where p.run_id = part.run_id and p.part = part.part;
  update public.rescore_runs r
  set status = case when part_finished and not exists (select from private.rescore_run_parts p where p.run_id = r.id and not p.finished)
                    then 'done' else 'running' end::public.rescore_status,
      started_at = coalesce(r.started_at, now()),
      finished_at = case when part_finished and not exists (select from private.rescore_run_parts p where p.run_id = r.id and not p.finished)
                         then now() end,
      done = r.done + cardinality(batch),
      total = greatest(r.total, r.done + cardinality(batch)),
      changed = r.changed + cardinality(changed_ids),
      last_deal_id = coalesce(batch[cardinality(batch)], r.last_deal_id)
  -- A run cancelled (replaced) while this batch ran stays cancelled.
  where r.id = run.id and r.status in ('queued', 'running');
  return (select r from public.rescore_runs r where r.id = run.id);
end;
$$;

-- Works a run through to the end inside the current transaction (small organisations).
create function private.finish_rescore(run public.rescore_runs) returns public.rescore_runs
language plpgsql security definer
set search_path = ''
as $$
begin
  while run.id is not null and run.status in ('queued', 'running') loop
    run := private.rescore_deals_step(run.id, private.inline_rescore_limit());
  end loop;
  return run;
end;
$$;

-- Activating a version (saving with activate, activate_scoring_model, or an update of is_active)
-- queues the rescore of the open deals.
create function private.rescore_on_activation() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.queue_rescore(new.org_id, 'model_change');
  return null;
end;
$$;

revoke execute on function private.inline_rescore_limit(), private.queue_rescore(uuid, text, text),
  private.split_rescore_run(public.rescore_runs, integer), private.rescore_deals_step(uuid, integer), private.finish_rescore(public.rescore_runs), private.rescore_on_activation() from public;
grant execute on function private.inline_rescore_limit(), private.rescore_deals_step(uuid, integer) to authenticated, service_role;
grant execute on function private.queue_rescore(uuid, text, text), private.finish_rescore(public.rescore_runs) to service_role;

create trigger scoring_models_rescore_on_activation after update of is_active on public.scoring_models
  for each row when (new.is_active and not old.is_active) execute function private.rescore_on_activation();

-- The run a caller's call queued (admins only), finished inline when small. Security definer
-- behind the invoker RPCs below: the caller's admin role is checked there and again here.
create function private.start_rescore_as_admin(reason text) returns public.rescore_runs
language plpgsql security definer
set search_path = ''
as $$
declare
  run public.rescore_runs;
begin
  if not private.has_role('admin') then
    raise exception 'permission denied: only an admin rescores deals' using errcode = '42501';
  end if;
  if reason = 'model_change' then
    select * into run from public.rescore_runs r
    where r.org_id = private.current_org_id() and r.status in ('queued', 'running');
  else
    run := private.queue_rescore(private.current_org_id(), reason);
  end if;
  if run.id is not null and run.total <= private.inline_rescore_limit() then
    run := private.finish_rescore(run);
  end if;
  return run;
end;
$$;
revoke execute on function private.start_rescore_as_admin(text) from public;
grant execute on function private.start_rescore_as_admin(text) to authenticated, service_role;

-- Settings → Scoring's save: a new version from a definition (see scoring_model_definition), active
-- at once unless `activate` is false (a draft to preview or activate later). Answers
-- {"model": <scoring_models row>, "rescore": <rescore_runs row or null>}; a rescore of up to 5,000
-- deals is done when this returns, a larger one is "queued": call the rescore-deals function and
-- poll rescore_runs.
create function public.save_scoring_model(definition jsonb, activate boolean default true) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  model public.scoring_models;
  run public.rescore_runs;
begin
  if not (select private.has_role('admin')) then
    raise exception 'permission denied: only an admin edits the scoring model' using errcode = '42501';
  end if;
  perform private.validate_scoring_definition(definition);
  model := private.insert_scoring_model((select private.current_org_id()), definition, activate);
  if activate then
    run := private.start_rescore_as_admin('model_change');
  end if;
  return jsonb_build_object('model', to_jsonb(model), 'rescore', case when run.id is not null then to_jsonb(run) end);
end;
$$;

-- Activates a saved version (a draft, or an earlier version to go back to) and rescores.
create function public.activate_scoring_model(model_id uuid) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  model public.scoring_models;
  run public.rescore_runs;
begin
  if not (select private.has_role('admin')) then
    raise exception 'permission denied: only an admin edits the scoring model' using errcode = '42501';
  end if;
  select * into model from public.scoring_models m where m.id = activate_scoring_model.model_id;
  if not found then
    raise exception 'Scoring model not found' using errcode = 'PT404', hint = 'not_found';
  end if;
  if not model.is_active then
    perform private.check_scoring_weights(model.id);
    update public.scoring_models m set is_active = true where m.id = model.id returning * into model;
    run := private.start_rescore_as_admin('model_change');
  end if;
  return jsonb_build_object('model', to_jsonb(model), 'rescore', case when run.id is not null then to_jsonb(run) end);
end;
$$;

-- "Rescore now" (admins): the open deals with the active model, e.g. after the baselines changed.
create function public.start_rescore() returns public.rescore_runs
language sql
set search_path = ''
as $$
  select private.start_rescore_as_admin('manual')
$$;

-- One batch of a run, for the rescore-deals function (or a client driving a run itself). Returns
-- the run; stop when its status is done, failed or cancelled.
create function public.rescore_deals_step(run_id uuid, batch_size integer default 5000) returns public.rescore_runs
language sql
set search_path = ''
as $$
  select private.rescore_deals_step(run_id, batch_size)
$$;

-- The nightly job (service role): refresh every organisation's baselines and queue the rescore of
-- its open deals. Answers the queued runs; the rescore-deals function then works them off.
create function private.start_daily_rescores() returns setof public.rescore_runs
language plpgsql security definer
set search_path = ''
as $$
declare
  org uuid;
  run public.rescore_runs;
begin
  if current_setting('role') = 'authenticated' or current_setting('role') = 'anon' then
    raise exception 'permission denied: the nightly rescore is a job' using errcode = '42501';
  end if;
  for org in select o.id from public.organizations o where exists (select from public.deals d where d.org_id = o.id and d.status = 'open') order by o.id loop
    perform private.refresh_scoring_baselines(org);
    run := private.queue_rescore(org, 'daily');
    if run.id is not null then
      return next run;
    end if;
  end loop;
end;
$$;
revoke execute on function private.start_daily_rescores() from public;
grant execute on function private.start_daily_rescores() to authenticated, service_role;

create function public.start_daily_rescores() returns setof public.rescore_runs
language sql
set search_path = ''
as $$
  select * from private.start_daily_rescores()
$$;

revoke execute on function public.save_scoring_model(jsonb, boolean), public.activate_scoring_model(uuid), public.start_rescore(),
  public.rescore_deals_step(uuid, integer), public.start_daily_rescores() from public, anon;
grant execute on function public.save_scoring_model(jsonb, boolean), public.activate_scoring_model(uuid), public.start_rescore(),
  public.rescore_deals_step(uuid, integer), public.start_daily_rescores() to authenticated, service_role;

-- The nightly job at 04:30 UTC (before the 05:00 health job); the local stack's scheduler sends the
-- same request. It also finishes a model-change run nobody drove to the end: queuing the night's run
-- replaces it with one over the same deals and the same (active) model.
insert into private.job_schedules (name, schedule, function_name, body) values
  ('rescore-deals-daily', '30 4 * * *', 'rescore-deals', '{"daily": true}');
select private.sync_cron_jobs();

-- Deals that exist before this migration (none on a fresh database) are scored by a first run.
select private.queue_rescore(o.id, 'manual', 'all')
from public.organizations o
where exists (select from public.deals d where d.org_id = o.id);
