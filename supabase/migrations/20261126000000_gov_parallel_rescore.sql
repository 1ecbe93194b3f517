-- Rescoring on more than one core. One run was one cursor: its batches ran one after another on a
-- single core, and scoring 1,000,000 deals took 95-137 s on the 2-core bench machine against the
-- 60 s of issue 5. Now a run larger than a few batches is split by deal id into two parts, each with
-- its own cursor. A step takes the first part nobody is working on (skip locked), so two callers
-- (the rescore-deals function runs two) work both parts at once; each batch is still one
-- transaction, so a crash still loses at most the batches under way. A single caller still works
-- the whole run, one part after the other, and a small run stays one part.

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
-- when none is left, the run is done. Who may call is unchanged: the service role and direct
-- database sessions (jobs, bench), and an admin of the run's organisation.
create or replace function private.rescore_deals_step(run_id uuid, batch_size integer) returns public.rescore_runs
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

revoke execute on function private.split_rescore_run(public.rescore_runs, integer) from public;
