-- The customers dashboard summary from maintained cells (issue 6's bench: the customers dashboard
-- ≤ 100 ms p95 at 100,000 customers).
--
-- public.customer_dashboard_summary() of *_cs_dashboard_speed.sql took ~140 ms warm for an
-- executive on the bench data set (100,000 customers, ~50,000 open renewals within 180 days), p95
-- 160 ms through PostgREST: its `cells` aggregate over customers ~80 ms (a seq scan and a
-- HashAggregate of 100,000 rows under row level security), the renewal buckets ~60 ms (a bitmap
-- heap scan of 50,000 rows). A covering index brought it to ~50 ms only while the visibility map
-- was fresh: right after the daily health job updates every customer it was back at ~100 ms.
--
-- So the organisation-wide figures are kept as they change, in two tables of cells:
--   private.customer_cells  (org, tier, industry, health status) → customers not churned, how many
--                           are scored, the sum of their scores, their MRR (a few hundred rows);
--   private.renewal_cells   (org, renewal date, risk level) → open renewals (upcoming,
--                           in_progress) and their current value. By date, not by bucket: the
--                           30/60/90/180-day buckets move with current_date, so they are summed
--                           over today .. today + 180 when read (~180 dates × 4 risk levels).
-- The summary reads the cells when the caller sees the whole organisation's customers
-- (private.sees_all_owners(lead_csm_sees_all => true): executives, admins, lead CSMs; exactly the
-- callers for whom the customers and renewals policies add no filter beyond the organisation), and
-- otherwise aggregates live under row level security as before (a CSM's or a rep's few rows). The
-- JSON it answers is unchanged.
--
-- Kept exact by statement-level AFTER triggers with transition tables on public.customers and
-- public.renewals: each statement's rows are aggregated once (old rows subtracted, new rows added),
-- the non-zero deltas upserted in the cells' key order (concurrent writers lock the cells they share
-- in the same order: no deadlock between them), and cells that reach zero deleted. Deviations from
-- the design, and why:
--   * no `UPDATE OF <columns>` on the update triggers: Postgres refuses transition tables on a
--     trigger with a column list ("transition tables cannot be specified for triggers with column
--     lists"). An update that changes none of the aggregated columns still costs almost nothing:
--     its old and new rows cancel out in the aggregate and nothing is written (measured below).
--   * the triggers are ENABLE ALWAYS: they fire with session_replication_role = replica too. The
--     cells are a derived copy that must stay exact whoever writes; the bench's loader inserts
--     renewals with replication role replica (bench/customer-success.ts), as does a logical
--     replication apply worker. The other triggers of those tables are unchanged.
--   * no foreign key from the cells to organizations: deleting an organisation deletes its
--     customers and renewals, whose triggers remove their cells; a cascade straight to the cells
--     could run first and leave those triggers re-creating negative cells.
--   * TRUNCATE of either table empties its cells (statement trigger).
-- The price: writers of one organisation's customers that change the same cell queue on its row
-- until the earlier one commits (the job's batches commit one by one; people change a customer at
-- a time), and a repeatable-read or serializable writer may get a serialization failure to retry.
-- Two multi-statement transactions can still lock cells in opposite orders across statements;
-- Postgres then aborts one of them with a deadlock error.
-- The cells are in schema private (not exposed by the API), granted to nobody; row level security
-- is on with no policy, so only their owner (these security-definer functions) reads or writes them.
--
-- Measured on the bench cluster (100,000 customers, 100,000 open renewals, ~50,000 within 180
-- days) as the executive, on this shared 2-core machine under load (load average 5-7): the old and
-- the new definition alternated in one session, 9 runs each, same JSON: median 208 ms before,
-- 6 ms after (a separate run: 101 ms before, 8 ms after). The daily health job's update of 2,000
-- customers' health_score: the cells trigger itself takes 7-20 ms (median 13 ms, EXPLAIN ANALYZE),
-- the whole statement 186 ms without it and 176 ms with it (alternated, 7 runs: within the noise);
-- a whole batch of private.score_customers (2,000 customers) ~0.8 s either way. So ~0.7 s over
-- 100,000 customers on a 35 s job (60 s budget). An update of 2,000 customers' last_login_on only:
-- 8 ms in the trigger, no cell written; 2,000 renewals changing risk level: 20 ms.

create table private.customer_cells (
  org_id uuid not null,
  tier smallint not null,
  industry text not null,
  health_status public.health_status,
  customers bigint not null,
  scored bigint not null,
  score_sum bigint not null,
  mrr numeric not null,
  constraint customer_cells_key unique nulls not distinct (org_id, tier, industry, health_status)
);
comment on table private.customer_cells is 'Customers not churned per (org, tier, industry, health status), kept by triggers on public.customers; read by public.customer_dashboard_summary. industry is coalesce(industry, ''Unknown'').';

create table private.renewal_cells (
  org_id uuid not null,
  renewal_date date not null,
  risk_level public.risk_level,
  renewals bigint not null,
  value numeric not null,
  constraint renewal_cells_key unique nulls not distinct (org_id, renewal_date, risk_level)
);
comment on table private.renewal_cells is 'Open renewals (upcoming, in_progress) per (org, renewal date, risk level) with their current value, kept by triggers on public.renewals; read by public.customer_dashboard_summary.';

alter table private.customer_cells enable row level security;
alter table private.renewal_cells enable row level security;
revoke all on private.customer_cells, private.renewal_cells from public, anon, authenticated, service_role;

-- Apply deltas: upsert in key order, then delete what reached zero (only a cell that lost rows can).
create function private.apply_customer_cell_deltas(deltas private.customer_cells[]) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  if cardinality(deltas) = 0 then
    return;
  end if;
  insert into private.customer_cells as k (org_id, tier, industry, health_status, customers, scored, score_sum, mrr)
  select d.org_id, d.tier, d.industry, d.health_status, d.customers, d.scored, d.score_sum, d.mrr
  from unnest(deltas) d
  order by d.org_id, d.tier, d.industry, d.health_status
  on conflict on constraint customer_cells_key do update
    set customers = k.customers + excluded.customers, scored = k.scored + excluded.scored,
        score_sum = k.score_sum + excluded.score_sum, mrr = k.mrr + excluded.mrr;
  delete from private.customer_cells k
  using unnest(deltas) d
  where d.customers < 0 and k.org_id = d.org_id and k.tier = d.tier and k.industry = d.industry
    and k.health_status is not distinct from d.health_status and k.customers = 0;
end;
$$;

create function private.apply_renewal_cell_deltas(deltas private.renewal_cells[]) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  if cardinality(deltas) = 0 then
    return;
  end if;
  insert into private.renewal_cells as k (org_id, renewal_date, risk_level, renewals, value)
  select d.org_id, d.renewal_date, d.risk_level, d.renewals, d.value
  from unnest(deltas) d
  order by d.org_id, d.renewal_date, d.risk_level
  on conflict on constraint renewal_cells_key do update
    set renewals = k.renewals + excluded.renewals, value = k.value + excluded.value;
  delete from private.renewal_cells k
  using unnest(deltas) d
  where d.renewals < 0 and k.org_id = d.org_id and k.renewal_date = d.renewal_date
    and k.risk_level is not distinct from d.risk_level and k.renewals = 0;
end;
$$;

-- One trigger function per table; transition tables are named old_rows / new_rows, and only the
-- branch of the statement's operation reads them.
create function private.customer_cells_on_change() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op = 'TRUNCATE' then
    delete from private.customer_cells;
  elsif tg_op = 'INSERT' then
    perform private.apply_customer_cell_deltas(array(
      select row(n.org_id, n.tier, coalesce(n.industry, 'Unknown'), n.health_status, count(*), count(n.health_score),
                 coalesce(sum(n.health_score), 0), sum(n.mrr))::private.customer_cells
      from new_rows n where n.churned_at is null
      group by n.org_id, n.tier, coalesce(n.industry, 'Unknown'), n.health_status));
  elsif tg_op = 'DELETE' then
    perform private.apply_customer_cell_deltas(array(
      select row(o.org_id, o.tier, coalesce(o.industry, 'Unknown'), o.health_status, -count(*), -count(o.health_score),
                 -coalesce(sum(o.health_score), 0), -sum(o.mrr))::private.customer_cells
      from old_rows o where o.churned_at is null
      group by o.org_id, o.tier, coalesce(o.industry, 'Unknown'), o.health_status));
  else
    -- Unchanged rows cancel out: only keys whose figures moved are written.
    perform private.apply_customer_cell_deltas(array(
      select row(x.org_id, x.tier, x.industry, x.health_status, sum(x.customers), sum(x.scored), sum(x.score_sum), sum(x.mrr))::private.customer_cells
      from (select o.org_id, o.tier, coalesce(o.industry, 'Unknown') as industry, o.health_status, -1 as customers,
                   -(o.health_score is not null)::int as scored, -coalesce(o.health_score, 0) as score_sum, -o.mrr as mrr
            from old_rows o where o.churned_at is null
            union all
            select n.org_id, n.tier, coalesce(n.industry, 'Unknown'), n.health_status, 1, (n.health_score is not null)::int,
                   coalesce(n.health_score, 0), n.mrr
            from new_rows n where n.churned_at is null) x
      group by x.org_id, x.tier, x.industry, x.health_status
      having sum(x.customers) <> 0 or sum(x.scored) <> 0 or sum(x.score_sum) <> 0 or sum(x.mrr) <> 0));
  end if;
  return null;
end;
$$;

create function private.renewal_cells_on_change() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if tg_op = 'TRUNCATE' then
    delete from private.renewal_cells;
  elsif tg_op = 'INSERT' then
    perform private.apply_renewal_cell_deltas(array(
      select row(n.org_id, n.renewal_date, n.risk_level, count(*), sum(n.current_value))::private.renewal_cells
      from new_rows n where n.status in ('upcoming', 'in_progress')
      group by n.org_id, n.renewal_date, n.risk_level));
  elsif tg_op = 'DELETE' then
    perform private.apply_renewal_cell_deltas(array(
      select row(o.org_id, o.renewal_date, o.risk_level, -count(*), -sum(o.current_value))::private.renewal_cells
      from old_rows o where o.status in ('upcoming', 'in_progress')
      group by o.org_id, o.renewal_date, o.risk_level));
  else
    perform private.apply_renewal_cell_deltas(array(
      select row(x.org_id, x.renewal_date, x.risk_level, sum(x.renewals), sum(x.value))::private.renewal_cells
      from (select o.org_id, o.renewal_date, o.risk_level, -1 as renewals, -o.current_value as value
            from old_rows o where o.status in ('upcoming', 'in_progress')
            union all
            select n.org_id, n.renewal_date, n.risk_level, 1, n.current_value
            from new_rows n where n.status in ('upcoming', 'in_progress')) x
      group by x.org_id, x.renewal_date, x.risk_level
      having sum(x.renewals) <> 0 or sum(x.value) <> 0));
  end if;
  return null;
end;
$$;

revoke execute on function private.apply_customer_cell_deltas(private.customer_cells[]), private.apply_renewal_cell_deltas(private.renewal_cells[]),
  private.customer_cells_on_change(), private.renewal_cells_on_change() from public;

create trigger customers_cells_insert after insert on public.customers
  referencing new table as new_rows for each statement execute function private.customer_cells_on_change();
create trigger customers_cells_update after update on public.customers
  referencing old table as old_rows new table as new_rows for each statement execute function private.customer_cells_on_change();
create trigger customers_cells_delete after delete on public.customers
  referencing old table as old_rows for each statement execute function private.customer_cells_on_change();
create trigger customers_cells_truncate after truncate on public.customers
  for each statement execute function private.customer_cells_on_change();
create trigger renewals_cells_insert after insert on public.renewals
  referencing new table as new_rows for each statement execute function private.renewal_cells_on_change();
create trigger renewals_cells_update after update on public.renewals
  referencing old table as old_rows new table as new_rows for each statement execute function private.renewal_cells_on_change();
create trigger renewals_cells_delete after delete on public.renewals
  referencing old table as old_rows for each statement execute function private.renewal_cells_on_change();
create trigger renewals_cells_truncate after truncate on public.renewals
  for each statement execute function private.renewal_cells_on_change();

alter table public.customers enable always trigger customers_cells_insert, enable always trigger customers_cells_update,
  enable always trigger customers_cells_delete, enable always trigger customers_cells_truncate;
alter table public.renewals enable always trigger renewals_cells_insert, enable always trigger renewals_cells_update,
  enable always trigger renewals_cells_delete, enable always trigger renewals_cells_truncate;

-- Backfill (the triggers above keep them from here on; this migration's transaction holds the
-- tables' locks until it commits, so no write slips between).
lock table public.customers, public.renewals in share mode;
insert into private.customer_cells (org_id, tier, industry, health_status, customers, scored, score_sum, mrr)
select c.org_id, c.tier, coalesce(c.industry, 'Unknown'), c.health_status, count(*), count(c.health_score), coalesce(sum(c.health_score), 0), sum(c.mrr)
from public.customers c where c.churned_at is null
group by 1, 2, 3, 4;
insert into private.renewal_cells (org_id, renewal_date, risk_level, renewals, value)
select r.org_id, r.renewal_date, r.risk_level, count(*), sum(r.current_value)
from public.renewals r where r.status in ('upcoming', 'in_progress')
group by 1, 2, 3;
analyze private.customer_cells, private.renewal_cells;

-- The caller's organisation's cells, to a caller who sees all its customers; nothing to anyone else.
create function private.dashboard_customer_cells() returns setof private.customer_cells
language sql stable security definer
set search_path = ''
as $$
  select k.* from private.customer_cells k
  where k.org_id = (select private.current_org_id()) and (select private.sees_all_owners(lead_csm_sees_all => true))
$$;

-- Open renewals of the caller's organisation due today .. today + 180 days, the same way.
create function private.dashboard_renewal_cells() returns setof private.renewal_cells
language sql stable security definer
set search_path = ''
as $$
  select k.* from private.renewal_cells k
  where k.org_id = (select private.current_org_id()) and (select private.sees_all_owners(lead_csm_sees_all => true))
    and k.renewal_date between current_date and current_date + 180
$$;

revoke execute on function private.dashboard_customer_cells(), private.dashboard_renewal_cells() from public;
grant execute on function private.dashboard_customer_cells(), private.dashboard_renewal_cells() to authenticated;

-- Same answer as before; `cells` and `renewal_buckets` come from the maintained cells for a caller
-- who sees the whole organisation, else live under row level security (one branch runs: the other's
-- condition is a one-time filter).
create or replace function public.customer_dashboard_summary() returns jsonb
language sql stable
set search_path = ''
as $$
  with cells as (
    select k.health_status, k.tier, k.industry, k.customers, k.scored, k.score_sum, k.mrr
    from private.dashboard_customer_cells() k
    where (select private.sees_all_owners(lead_csm_sees_all => true))
    union all
    select c.health_status, c.tier, coalesce(c.industry, 'Unknown') as industry, count(*) as customers,
           count(c.health_score) as scored, coalesce(sum(c.health_score), 0) as score_sum, coalesce(sum(c.mrr), 0) as mrr
    from public.customers c
    where not (select private.sees_all_owners(lead_csm_sees_all => true))
      and c.org_id = (select private.current_org_id()) and c.churned_at is null
    group by 1, 2, 3
  ),
  renewal_buckets as (
    select case when k.renewal_date <= current_date + 30 then 30 when k.renewal_date <= current_date + 60 then 60
                when k.renewal_date <= current_date + 90 then 90 else 180 end as within,
           sum(k.renewals)::bigint as renewals, coalesce(sum(k.value), 0) as value, coalesce(sum(k.renewals) filter (where k.risk_level = 'high'), 0)::bigint as high_risk
    from private.dashboard_renewal_cells() k
    where (select private.sees_all_owners(lead_csm_sees_all => true))
    group by 1
    union all
    select case when r.renewal_date <= current_date + 30 then 30 when r.renewal_date <= current_date + 60 then 60
                when r.renewal_date <= current_date + 90 then 90 else 180 end as within,
           count(*) as renewals, coalesce(sum(r.current_value), 0) as value, count(*) filter (where r.risk_level = 'high') as high_risk
    from public.renewals r
    where not (select private.sees_all_owners(lead_csm_sees_all => true))
      and r.org_id = (select private.current_org_id()) and r.status in ('upcoming', 'in_progress')
      and r.renewal_date between current_date and current_date + 180
    group by 1
  ),
  segments as (
    select 'tier' as dimension, tier::text as segment, sum(customers) as customers,
           sum(customers) filter (where health_status in ('at_risk', 'critical')) as at_risk,
           round(sum(score_sum) / nullif(sum(scored), 0)) as average_score, sum(mrr) * 12 as arr
    from cells group by tier
    union all
    select 'industry', industry, sum(customers), sum(customers) filter (where health_status in ('at_risk', 'critical')),
           round(sum(score_sum) / nullif(sum(scored), 0)), sum(mrr) * 12
    from cells group by industry
  )
  select jsonb_build_object(
    'customers', (select coalesce(sum(customers), 0) from cells),
    'by_status', (select jsonb_build_object(
        'healthy', coalesce(sum(customers) filter (where health_status = 'healthy'), 0),
        'at_risk', coalesce(sum(customers) filter (where health_status = 'at_risk'), 0),
        'critical', coalesce(sum(customers) filter (where health_status = 'critical'), 0),
        'unscored', coalesce(sum(customers) filter (where health_status is null), 0)) from cells),
    'mrr', (select coalesce(sum(mrr), 0) from cells),
    'arr', (select coalesce(sum(mrr), 0) * 12 from cells),
    'arr_by_status', (select jsonb_build_object(
        'healthy', coalesce(sum(mrr) filter (where health_status = 'healthy'), 0) * 12,
        'at_risk', coalesce(sum(mrr) filter (where health_status = 'at_risk'), 0) * 12,
        'critical', coalesce(sum(mrr) filter (where health_status = 'critical'), 0) * 12) from cells),
    'average_score', (select round(sum(score_sum) / nullif(sum(scored), 0)) from cells),
    'by_tier', (select coalesce(jsonb_agg(jsonb_build_object('tier', segment::smallint, 'customers', customers, 'at_risk', coalesce(at_risk, 0),
                                                              'average_score', average_score, 'arr', arr) order by segment), '[]')
                from segments where dimension = 'tier'),
    'by_industry', (select coalesce(jsonb_agg(jsonb_build_object('industry', segment, 'customers', customers, 'at_risk', coalesce(at_risk, 0),
                                                                  'average_score', average_score, 'arr', arr) order by customers desc, segment), '[]')
                    from segments where dimension = 'industry'),
    'renewals', (select jsonb_build_object(
        '30', jsonb_build_object('count', coalesce(sum(renewals) filter (where within <= 30), 0), 'value', coalesce(sum(value) filter (where within <= 30), 0)),
        '60', jsonb_build_object('count', coalesce(sum(renewals) filter (where within <= 60), 0), 'value', coalesce(sum(value) filter (where within <= 60), 0)),
        '90', jsonb_build_object('count', coalesce(sum(renewals) filter (where within <= 90), 0), 'value', coalesce(sum(value) filter (where within <= 90), 0)),
        '180', jsonb_build_object('count', coalesce(sum(renewals), 0), 'value', coalesce(sum(value), 0)),
        'high_risk_90', coalesce(sum(high_risk) filter (where within <= 90), 0)) from renewal_buckets)
  )
$$;
