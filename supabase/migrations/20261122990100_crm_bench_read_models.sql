-- The deals list and the board at a million deals (found by `npm run bench`, README "Benchmarks";
-- the numbers below are from that bench on this 2-core machine). Redefines two of
-- *_crm_read_models.sql's read models without changing what they return.
--
-- 1. The deals list filtered by stage, as the list page asks (`stage_id=eq.<id>`, no pipeline),
--    sorted by close date. deals_stage_idx leads with pipeline_id, so for an executive Postgres
--    walked the organisation's close-date index and skipped 780,000 closed deals before finding 51
--    in an open stage. An index in the list's own order serves it (and counts it from the index).
create index deals_org_stage_close_idx on public.deals (org_id, stage_id, expected_close_date, id) include (owner_id);

-- 2. deal_list.is_stale asked `not exists (open future activity)`. Postgres may answer such a
--    subquery by hashing every row it could match, and chose to whenever it expected many deals
--    before the list's limit: an executive's page of 51 hashed the organisation's 160,000 open
--    activities first (seconds). A scalar subquery is always asked per deal, by
--    activities_deal_open_due_idx, and only for open deals past their rotting days. Same columns,
--    same values.
create or replace view public.deal_list with (security_invoker = true) as
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

-- 3. pipeline_board planned its query and seven private.stage_page calls on every call
--    (force_custom_plan, so that a rep's and an executive's owners each got their own plan). Now it
--    has one query for callers who see every owner (no owner filter: the board index in close-date
--    order) and one for everyone else (their owners through deals_owner_stage_idx), each planned
--    once per connection, with the first page of each column read inline. Same rows, same JSON.
create or replace function public.pipeline_board(pipeline_id uuid, per_stage_limit integer default 50)
returns table (
  stage_id uuid, name text, colour text, "position" smallint, win_probability smallint, rotting_days smallint,
  is_won boolean, is_lost boolean, deal_count bigint, amount numeric, weighted_amount numeric, deals jsonb
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
