-- Read models for the CRM screens (PRODUCT.md CRM-7, CRM-8), fast at a million deals and always
-- under the caller's row level security (security_invoker views, security invoker functions):
--   deal_list              one row per deal with the names the list shows, weighted amount and
--                          staleness; PostgREST pages, sorts, filters and searches it.
--   pipeline_stage_deals   one board column, a page at a time (keyset on close date, id).
--   pipeline_board         every column of a pipeline: totals and its first cards.
--   rep_dashboard          the caller's open pipeline by stage, tasks due and stale deals.
-- A deal is stale (CRM-7) when it is open, has been in its stage longer than the stage's rotting
-- days and has no open activity due in the future: defined once, in deal_list.

-- is_stale asks a scalar subquery, not `not exists (...)`: Postgres may answer `not exists` by
-- hashing every row it could match, and chose to whenever it expected many deals before the list's
-- limit, so an executive's page of 51 hashed the organisation's 160,000 open activities first
-- (seconds, `npm run bench` at a million deals). A scalar subquery is asked per deal, by
-- activities_deal_open_due_idx, and only for open deals past their rotting days.
create view public.deal_list with (security_invoker = true) as
select
  d.id,
  d.org_id,
  d.name,
  d.owner_id,
  owner.full_name as owner_name,
  d.account_id,
  a.name as account_name,
  d.primary_contact_id,
  d.pipeline_id,
  d.stage_id,
  s.name as stage_name,
  s.colour as stage_colour,
  s.position as stage_position,
  d.status,
  d.deal_type,
  d.amount,
  d.currency,
  d.probability,
  round(d.amount * d.probability / 100, 2) as weighted_amount,
  d.forecast_category,
  d.expected_close_date,
  d.product_line,
  d.next_step,
  d.stage_entered_at,
  current_date - d.stage_entered_at::date as days_in_stage,
  d.closed_at,
  d.version,
  d.created_at,
  d.updated_at,
  d.status = 'open'
    and s.rotting_days is not null
    and d.stage_entered_at < now() - make_interval(days => s.rotting_days)
    and coalesce((
      select false from public.activities act
      where act.org_id = d.org_id and act.deal_id = d.id and not act.done and act.due_at > now()
      limit 1
    ), true) as is_stale
from public.deals d
-- Left joins on primary keys: a count or a filter on deal columns alone never touches these tables.
left join public.accounts a on a.id = d.account_id
left join public.profiles owner on owner.id = d.owner_id
left join public.pipeline_stages s on s.id = d.stage_id;

grant select on public.deal_list to authenticated, service_role;

-- is_stale asks each deal for an open activity due in the future.
create index activities_deal_open_due_idx on public.activities (org_id, deal_id, due_at) where not done and deal_id is not null;

-- The list filtered by stage, as the list page asks (`stage_id=eq.<id>`, no pipeline), sorted by
-- close date, in its own order (and counted from the index). deals_stage_idx leads with pipeline_id,
-- so without this an executive's list walked the organisation's close-date index and skipped
-- 780,000 closed deals before finding 51 in an open stage.
create index deals_org_stage_close_idx on public.deals (org_id, stage_id, expected_close_date, id) include (owner_id);

comment on view public.deal_list is 'Deals as the lists and the board show them. Sort by expected_close_date (then id) for speed; search with name=ilike.*text*.';

-- The board's functions filter on the caller's visible owners as well as their organisation, which
-- row level security already enforces, so that a rep's few deals are walked by (org_id, owner_id,
-- pipeline_id, stage_id, ...) and an executive's by the stage alone, instead of one plan that is
-- slow for one of them: pipeline_stage_deals plans per call with the owners as a value the planner
-- sees (a custom plan), pipeline_board has one query for each kind of caller (below).
create index deals_owner_stage_idx on public.deals (org_id, owner_id, pipeline_id, stage_id, expected_close_date, id)
  include (amount, probability);

-- The ids of one page of a board column: the stage's deals owned by `owners`, after the cursor
-- (the last card's close date and id), in close-date order, from an index alone.
-- pipeline_stage_deals calls it; planned per call with the owners as values (see above).
create function private.stage_page(stage public.pipeline_stages, owners uuid[], after_close_date date, after_id uuid, page_size integer)
returns table (id uuid, expected_close_date date)
language plpgsql stable
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
begin
  return query
    select d.id, d.expected_close_date
    from public.deals d
    where d.org_id = stage.org_id and d.owner_id = any (owners) and d.pipeline_id = stage.pipeline_id and d.stage_id = stage.id
      and (after_id is null or (d.expected_close_date, d.id) > (after_close_date, after_id))
    order by d.expected_close_date, d.id
    limit least(greatest(page_size, 0), 200);
end;
$$;
grant execute on function private.stage_page(public.pipeline_stages, uuid[], date, uuid, integer) to authenticated, service_role;

-- One board column, `page_size` cards (at most 200) after the cursor.
create function public.pipeline_stage_deals(
  stage_id uuid,
  after_close_date date default null,
  after_id uuid default null,
  page_size integer default 50
) returns setof public.deal_list
language plpgsql stable
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
declare
  owners constant uuid[] := array(select private.visible_owner_ids());
  stage constant public.pipeline_stages := (select s from public.pipeline_stages s where s.id = pipeline_stage_deals.stage_id);
begin
  return query
    select dl.*
    from private.stage_page(stage, owners, after_close_date, after_id, page_size) page
    join public.deal_list dl on dl.id = page.id
    order by page.expected_close_date, page.id;
end;
$$;

-- The kanban board of one pipeline: per stage, in order, its totals over every deal the caller
-- may read and its first `per_stage_limit` cards (the first page of pipeline_stage_deals).
-- Two queries, each planned once per connection (force_generic_plan), with the first page of each
-- column read inline: one for callers who see every owner (no owner filter: the board index in
-- close-date order) and one for everyone else (their owners through deals_owner_stage_idx).
-- Planning a query and a private.stage_page call per column on every call (force_custom_plan, so a
-- rep and an executive each got their own plan) was what the board cost at a million deals
-- (`npm run bench`): an executive's board went from the 8 s timeout to 1.5 s.
create function public.pipeline_board(pipeline_id uuid, per_stage_limit integer default 50)
returns table (
  stage_id uuid,
  name text,
  colour text,
  "position" smallint,
  win_probability smallint,
  rotting_days smallint,
  is_won boolean,
  is_lost boolean,
  deal_count bigint,
  amount numeric,
  weighted_amount numeric,
  deals jsonb
)
language plpgsql stable
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
declare
  page_size constant integer := least(greatest(per_stage_limit, 0), 200);
  owners uuid[];
begin
  if (select private.sees_all_owners()) then
    return query
      select s.id, s.name, s.colour, s.position, s.win_probability, s.rotting_days, s.is_won, s.is_lost,
             totals.deal_count, totals.amount, totals.weighted_amount, cards.deals
      from public.pipelines p
      join public.pipeline_stages s on s.org_id = p.org_id and s.pipeline_id = p.id
      cross join lateral (
        select count(*) as deal_count, coalesce(sum(d.amount), 0) as amount,
               coalesce(round(sum(d.amount * d.probability / 100), 2), 0) as weighted_amount
        from public.deals d
        where d.org_id = s.org_id and d.pipeline_id = s.pipeline_id and d.stage_id = s.id
      ) totals
      cross join lateral (
        select coalesce(jsonb_agg(to_jsonb(dl) order by dl.expected_close_date, dl.id), '[]') as deals
        from (select d.id from public.deals d
              where d.org_id = s.org_id and d.pipeline_id = s.pipeline_id and d.stage_id = s.id
              order by d.expected_close_date, d.id limit page_size) page
        join public.deal_list dl on dl.id = page.id
      ) cards
      where p.id = pipeline_board.pipeline_id
      order by s.position, s.id;
  else
    owners := array(select private.visible_owner_ids());
    return query
      select s.id, s.name, s.colour, s.position, s.win_probability, s.rotting_days, s.is_won, s.is_lost,
             totals.deal_count, totals.amount, totals.weighted_amount, cards.deals
      from public.pipelines p
      join public.pipeline_stages s on s.org_id = p.org_id and s.pipeline_id = p.id
      cross join lateral (
        select count(*) as deal_count, coalesce(sum(d.amount), 0) as amount,
               coalesce(round(sum(d.amount * d.probability / 100), 2), 0) as weighted_amount
        from public.deals d
        where d.org_id = s.org_id and d.owner_id = any (owners) and d.pipeline_id = s.pipeline_id and d.stage_id = s.id
      ) totals
      cross join lateral (
        select coalesce(jsonb_agg(to_jsonb(dl) order by dl.expected_close_date, dl.id), '[]') as deals
        from (select d.id from public.deals d
              where d.org_id = s.org_id and d.owner_id = any (owners) and d.pipeline_id = s.pipeline_id and d.stage_id = s.id
              order by d.expected_close_date, d.id limit page_size) page
        join public.deal_list dl on dl.id = page.id
      ) cards
      where p.id = pipeline_board.pipeline_id
      order by s.position, s.id;
  end if;
end;
$$;

-- The rep's home page: their own open deals by pipeline and stage, their open activities due
-- today or overdue ("today" in the caller's time zone) and their stale deals (oldest first, 20).
create function public.rep_dashboard(time_zone text default 'UTC') returns jsonb
language sql stable
set search_path = ''
as $$
  with open_tasks as (
    select act.id, act.type, act.subject, act.due_at, act.deal_id, act.account_id, act.lead_id, act.contact_id,
           act.due_at < date_trunc('day', now(), rep_dashboard.time_zone) as overdue
    from public.activities act
    where act.org_id = (select private.current_org_id()) and act.owner_id = (select auth.uid())
      and not act.done and act.due_at < date_trunc('day', now(), rep_dashboard.time_zone) + interval '1 day'
  )
  select jsonb_build_object(
    'pipeline', (
      select coalesce(jsonb_agg(to_jsonb(x) order by x.pipeline_name, x.stage_position), '[]')
      from (
        select p.id as pipeline_id, p.name as pipeline_name, s.id as stage_id, s.name as stage_name, s.colour as stage_colour,
               s.position as stage_position, count(*) as deal_count, coalesce(sum(d.amount), 0) as amount,
               coalesce(round(sum(d.amount * d.probability / 100), 2), 0) as weighted_amount
        from public.deals d
        join public.pipeline_stages s on s.id = d.stage_id
        join public.pipelines p on p.id = d.pipeline_id
        where d.org_id = (select private.current_org_id()) and d.owner_id = (select auth.uid()) and d.status = 'open'
        group by p.id, s.id
      ) x
    ),
    'tasks_due_today', (select count(*) from open_tasks where not overdue),
    'tasks_overdue', (select count(*) from open_tasks where overdue),
    'tasks', (
      select coalesce(jsonb_agg(to_jsonb(t) order by t.due_at), '[]')
      from (select * from open_tasks order by due_at limit 20) t
    ),
    'stale_deals', (
      select coalesce(jsonb_agg(to_jsonb(s) order by s.stage_entered_at), '[]')
      from (
        select dl.* from public.deal_list dl
        where dl.org_id = (select private.current_org_id()) and dl.owner_id = (select auth.uid()) and dl.is_stale
        order by dl.stage_entered_at
        limit 20
      ) s
    )
  )
$$;

revoke execute on function public.pipeline_stage_deals(uuid, date, uuid, integer), public.pipeline_board(uuid, integer),
  public.rep_dashboard(text) from public, anon;
grant execute on function public.pipeline_stage_deals(uuid, date, uuid, integer), public.pipeline_board(uuid, integer),
  public.rep_dashboard(text) to authenticated, service_role;
