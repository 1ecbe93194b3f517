-- Read models for the CRM screens (PRODUCT.md CRM-7, CRM-8), fast at a million deals and always
-- under the caller's row level security (security_invoker views, security invoker functions):
--   deal_list              one row per deal with the names the list shows, weighted amount and
--                          staleness; PostgREST pages, sorts, filters and searches it.
--   pipeline_stage_deals   one board column, a page at a time (keyset on close date, id).
--   pipeline_board         every column of a pipeline: totals and its first cards.
--   rep_dashboard          the caller's open pipeline by stage, tasks due and stale deals.
-- A deal is stale (CRM-7) when it is open, has been in its stage longer than the stage's rotting
-- days and has no open activity due in the future: defined once, in deal_list.

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
    and not exists (
      select from public.activities act
      where act.org_id = d.org_id and act.deal_id = d.id and not act.done and act.due_at > now()
    ) as is_stale
from public.deals d
-- Left joins on primary keys: a count or a filter on deal columns alone never touches these tables.
left join public.accounts a on a.id = d.account_id
left join public.profiles owner on owner.id = d.owner_id
left join public.pipeline_stages s on s.id = d.stage_id;

grant select on public.deal_list to authenticated, service_role;

comment on view public.deal_list is 'Deals as the lists and the board show them. Sort by expected_close_date (then id) for speed; search with name=ilike.*text*.';

-- One board column, `page_size` cards (at most 200) after the cursor (the last card's close date
-- and id), in close-date order. The stage's pipeline is looked up first so that the board index
-- (org_id, pipeline_id, stage_id, expected_close_date, id) serves the order.
create function public.pipeline_stage_deals(
  stage_id uuid,
  after_close_date date default null,
  after_id uuid default null,
  page_size integer default 50
) returns setof public.deal_list
language sql stable
set search_path = ''
as $$
  select dl.*
  from public.deal_list dl
  where dl.pipeline_id = (select s.pipeline_id from public.pipeline_stages s where s.id = pipeline_stage_deals.stage_id)
    and dl.stage_id = pipeline_stage_deals.stage_id
    and (pipeline_stage_deals.after_id is null
         or (dl.expected_close_date, dl.id) > (pipeline_stage_deals.after_close_date, pipeline_stage_deals.after_id))
  order by dl.expected_close_date, dl.id
  limit least(greatest(pipeline_stage_deals.page_size, 1), 200)
$$;

-- The kanban board of one pipeline: per stage, in order, its totals over every deal the caller
-- may read and its first `per_stage_limit` cards (pipeline_stage_deals' first page).
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
language sql stable
set search_path = ''
as $$
  select s.id, s.name, s.colour, s.position, s.win_probability, s.rotting_days, s.is_won, s.is_lost,
         totals.deal_count, totals.amount, totals.weighted_amount, cards.deals
  from public.pipelines p
  join public.pipeline_stages s on s.org_id = p.org_id and s.pipeline_id = p.id
  cross join lateral (
    select count(*) as deal_count,
           coalesce(sum(d.amount), 0) as amount,
           coalesce(round(sum(d.amount * d.probability / 100), 2), 0) as weighted_amount
    from public.deals d
    where d.org_id = s.org_id and d.pipeline_id = s.pipeline_id and d.stage_id = s.id
  ) totals
  cross join lateral (
    select coalesce(jsonb_agg(to_jsonb(c) order by c.expected_close_date, c.id), '[]') as deals
    from public.pipeline_stage_deals(s.id, page_size => pipeline_board.per_stage_limit) c
  ) cards
  where p.id = pipeline_board.pipeline_id
  order by s.position, s.id
$$;

-- The rep's home page: their own open deals by pipeline and stage, their open activities due
-- today or overdue (today in the caller's time zone), and their stale deals (oldest first, 20).
create function public.rep_dashboard(time_zone text default 'UTC') returns jsonb
language sql stable
set search_path = ''
as $$
  with me as (
    select (select auth.uid()) as id,
           date_trunc('day', now(), rep_dashboard.time_zone) as today_starts,
           date_trunc('day', now(), rep_dashboard.time_zone) + interval '1 day' as tomorrow_starts
  ),
  open_tasks as (
    select act.* from public.activities act, me
    where act.owner_id = me.id and not act.done and act.due_at < me.tomorrow_starts
  )
  select jsonb_build_object(
    'pipeline', (
      select coalesce(jsonb_agg(to_jsonb(x) order by x.pipeline_name, x.stage_position), '[]')
      from (
        select dl.pipeline_id, p.name as pipeline_name, dl.stage_id, dl.stage_name, dl.stage_colour, dl.stage_position,
               count(*) as deal_count, coalesce(sum(dl.amount), 0) as amount, coalesce(sum(dl.weighted_amount), 0) as weighted_amount
        from public.deal_list dl join public.pipelines p on p.id = dl.pipeline_id, me
        where dl.owner_id = me.id and dl.status = 'open'
        group by dl.pipeline_id, p.name, dl.stage_id, dl.stage_name, dl.stage_colour, dl.stage_position
      ) x
    ),
    'tasks_due_today', (select count(*) from open_tasks t, me where t.due_at >= me.today_starts),
    'tasks_overdue', (select count(*) from open_tasks t, me where t.due_at < me.today_starts),
    'tasks', (
      select coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'type', t.type, 'subject', t.subject, 'due_at', t.due_at,
                                                   'deal_id', t.deal_id, 'account_id', t.account_id, 'lead_id', t.lead_id,
                                                   'contact_id', t.contact_id) order by t.due_at), '[]')
      from (select * from open_tasks order by due_at limit 20) t
    ),
    'stale_deals', (
      select coalesce(jsonb_agg(to_jsonb(s) order by s.stage_entered_at), '[]')
      from (
        select dl.* from public.deal_list dl, me
        where dl.owner_id = me.id and dl.is_stale
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
