-- The health score and the scores derived from it (PRODUCT.md CS-2, CS-4, CS-7, CS-8), defined
-- once here and called by the daily job, the renewals, the settings preview, the seed and the
-- bench:
--   private.health_inputs(org, day, window, customers)  a customer's usage over the window
--       (health_inputs_at: for several days at once, the history backfill),
--       reduced to the numbers the indicators read (days since the last login, logins in each half
--       of the window, average share of seats active and of features used, latest onboarding and
--       payment state, tickets by severity, NPS/CSAT answers). Set-based: one call per batch.
--   private.health_scores(indicators, healthy_min, at_risk_min, inputs[])  the pure part: inputs
--       and a configuration in, score, status and each enabled indicator's points and readable
--       detail out. No table is read.
--   private.compute_customer_health(org, day, customers)  both of the above with the
--       organisation's configuration, plus the 7-day trend, the churn risk and expansion scores
--       and the risk of a renewal, each with readable factors. Reads; writes nothing.
-- Everything is computed from the rows of one organisation named explicitly, so the job (service
-- role) never mixes tenants.

-- What the indicators read, per customer and day.
create type private.health_input as (
  customer_id uuid,
  day date,                       -- the day scored
  days_since_login integer,       -- null: no login within the last 365 days
  last_login_on date,
  logins_recent integer,          -- logins in the newer half of the window
  logins_prior integer,           -- logins in the older half
  half_window integer,            -- days in each half
  active_user_ratio numeric,      -- average over the window of active users / seats (days without data count 0)
  adoption_ratio numeric,         -- average over the window of features used / available
  peak_seat_ratio numeric,        -- highest active users / seats in the window
  seats integer,                  -- latest seats
  peak_active_users integer,
  onboarding_done integer,        -- latest
  onboarding_total integer,
  tickets_low integer,            -- sums over the window
  tickets_medium integer,
  tickets_high integer,
  tickets_critical integer,
  nps_promoters integer,
  nps_passives integer,
  nps_detractors integer,
  csat_responses integer,
  csat_total integer,
  payment_status public.payment_status,  -- on the latest day with data in the window
  usage_days integer              -- days with a usage row in the window
);

-- The customers' usage on each of `p_days`, looking back `p_window` days (the day included). A
-- customer who started less than a window ago is averaged over the days since the contract
-- started; days before the contract started or after the customer churned are not scored. One
-- aggregate per customer and day over the primary key's range (ratios in float8, which is several
-- times cheaper than numeric per row), the latest row for seats, onboarding and payment state, and
-- only a customer with no login in the window looks further back for the last one.
create function private.health_inputs_at(p_org uuid, p_window integer, p_customers uuid[], p_days date[])
returns setof private.health_input
language sql stable
set search_path = ''
as $$
  select c.id,
         g.day,
         g.day - ll.day,
         ll.day,
         coalesce(u.logins_recent, 0)::integer,
         coalesce(u.logins_prior, 0)::integer,
         p_window / 2,
         (coalesce(u.active_user_share, 0) / span.days)::numeric,
         (coalesce(u.adoption_share, 0) / span.days)::numeric,
         coalesce(u.peak_seat_ratio, 0)::numeric,
         latest.seats,
         coalesce(u.peak_active_users, 0)::integer,
         latest.onboarding_done,
         latest.onboarding_total,
         coalesce(u.tickets_low, 0)::integer,
         coalesce(u.tickets_medium, 0)::integer,
         coalesce(u.tickets_high, 0)::integer,
         coalesce(u.tickets_critical, 0)::integer,
         coalesce(u.nps_promoters, 0)::integer,
         coalesce(u.nps_passives, 0)::integer,
         coalesce(u.nps_detractors, 0)::integer,
         coalesce(u.csat_responses, 0)::integer,
         coalesce(u.csat_total, 0)::integer,
         latest.payment_status,
         coalesce(u.usage_days, 0)::integer
  from public.customers c
  cross join unnest(p_days) as g (day)
  cross join lateral (select greatest(1, least(p_window, g.day - c.contract_start + 1))::float8 as days) span
  left join lateral (
    select sum(d.logins) filter (where d.day > g.day - p_window / 2) as logins_recent,
           sum(d.logins) filter (where d.day <= g.day - p_window / 2 and d.day > g.day - 2 * (p_window / 2)) as logins_prior,
           max(d.day) filter (where d.logins > 0) as last_login_in_window,
           sum(least(1, d.active_users::float8 / nullif(d.seats, 0))) as active_user_share,
           sum(d.features_used::float8 / nullif(d.features_available, 0)) as adoption_share,
           max(d.active_users::float8 / nullif(d.seats, 0)) as peak_seat_ratio,
           max(d.active_users) as peak_active_users,
           sum(d.tickets_low) as tickets_low,
           sum(d.tickets_medium) as tickets_medium,
           sum(d.tickets_high) as tickets_high,
           sum(d.tickets_critical) as tickets_critical,
           sum(d.nps_promoters) as nps_promoters,
           sum(d.nps_passives) as nps_passives,
           sum(d.nps_detractors) as nps_detractors,
           sum(d.csat_responses) as csat_responses,
           sum(d.csat_total) as csat_total,
           count(*) as usage_days
    from public.customer_usage_daily d
    where d.org_id = p_org and d.customer_id = c.id and d.day > g.day - p_window and d.day <= g.day
  ) u on true
  left join lateral (
    select d.seats, d.onboarding_done, d.onboarding_total, d.payment_status from public.customer_usage_daily d
    where d.org_id = p_org and d.customer_id = c.id and d.day > g.day - p_window and d.day <= g.day
    order by d.day desc limit 1
  ) latest on true
  cross join lateral (
    select coalesce(u.last_login_in_window, (
      select d.day from public.customer_usage_daily d
      where d.org_id = p_org and d.customer_id = c.id and d.day <= g.day - p_window and d.day > g.day - 365 and d.logins > 0
      order by d.day desc limit 1)) as day
  ) ll
  where c.org_id = p_org and c.id = any (p_customers)
    and c.contract_start <= g.day and (c.churned_at is null or c.churned_at::date > g.day)
$$;

-- The same for one day.
create function private.health_inputs(p_org uuid, p_day date, p_window integer, p_customers uuid[])
returns setof private.health_input
language sql stable
set search_path = ''
as $$
  select * from private.health_inputs_at(p_org, p_window, p_customers, array[p_day])
$$;

-- The pure score (CS-2): each enabled indicator earns weight × share (login recency: the points of
-- the first band the gap is under), the score is their rounded sum, the status follows the
-- thresholds. The breakdown keeps, per indicator, its points (one decimal), weight, raw value and
-- a sentence a CSM can read.
create function private.health_scores(p_indicators jsonb, p_healthy_min integer, p_at_risk_min integer, p_inputs private.health_input[])
returns table (customer_id uuid, day date, score smallint, status public.health_status, breakdown jsonb)
language sql immutable
set search_path = ''
as $$
  with cfg as materialized (
    select e.key, (e.value ->> 'weight')::numeric as weight, (e.value ->> 'target')::numeric as target, (e.value ->> 'limit')::numeric as ticket_limit,
           array(select (b ->> 'under_days')::numeric from jsonb_array_elements(e.value -> 'bands') b order by (b ->> 'under_days')::numeric) as band_days,
           array(select (b ->> 'points')::numeric from jsonb_array_elements(e.value -> 'bands') b order by (b ->> 'under_days')::numeric) as band_points
    from jsonb_each(p_indicators) e
    where (e.value ->> 'enabled')::boolean
  ),
  indicator as (
    select i.customer_id, i.day, c.key, c.weight, x.value, least(c.weight, greatest(0, x.points)) as points, x.detail
    from unnest(p_inputs) i
    cross join cfg c
    cross join lateral (
      select
        case c.key
          when 'login_recency' then i.days_since_login
          when 'feature_adoption' then round(100 * i.adoption_ratio)
          when 'user_activity' then round(100 * i.active_user_ratio)
          when 'onboarding' then case when coalesce(i.onboarding_total, 0) = 0 then 100 else round(100.0 * i.onboarding_done / i.onboarding_total) end
          when 'journey' then case when i.logins_prior > 0 then round(100.0 * i.logins_recent / i.logins_prior) end
          when 'support_tickets' then t.weighted
          when 'nps_csat' then case when t.nps_answers > 0 then round(100.0 * (i.nps_promoters - i.nps_detractors) / t.nps_answers) end
          when 'seat_utilisation' then round(100 * i.peak_seat_ratio)
        end::numeric as value,
        case c.key
          when 'login_recency' then coalesce((select c.band_points[j] from generate_subscripts(c.band_days, 1) j
                                              where i.days_since_login < c.band_days[j] order by j limit 1), 0)
          when 'feature_adoption' then c.weight * least(1, i.adoption_ratio / c.target)
          when 'user_activity' then c.weight * least(1, i.active_user_ratio / c.target)
          when 'onboarding' then c.weight * case when coalesce(i.onboarding_total, 0) = 0 then 1 else i.onboarding_done::numeric / i.onboarding_total end
          when 'journey' then c.weight * case when i.logins_prior > 0 then least(1, i.logins_recent::numeric / i.logins_prior)
                                              when i.logins_recent > 0 then 1 else 0 end
          when 'support_tickets' then c.weight * (1 - t.weighted / c.ticket_limit)
          when 'nps_csat' then c.weight * coalesce(
            (coalesce((i.nps_promoters - i.nps_detractors)::numeric / t.nps_answers / 2 + 0.5, 0)
             + coalesce((i.csat_total::numeric / nullif(i.csat_responses, 0) - 1) / 4, 0))
            / nullif((t.nps_answers > 0)::integer + (i.csat_responses > 0)::integer, 0), 0.5)
          when 'payment_health' then c.weight * case i.payment_status when 'late' then 0.5 when 'overdue' then 0 when 'failed' then 0 else 1 end
          when 'seat_utilisation' then c.weight * least(1, i.peak_seat_ratio / c.target)
        end as points,
        case c.key
          when 'login_recency' then
            case when i.days_since_login is null then 'No login in the last year'
                 when i.days_since_login = 0 then 'Logged in today'
                 when i.days_since_login = 1 then 'Last login yesterday'
                 else format('Last login %s days ago', i.days_since_login) end
          when 'feature_adoption' then
            format('%s %% of the plan''s features used on an average day (target %s %%)', round(100 * i.adoption_ratio), round(100 * c.target))
          when 'user_activity' then
            format('%s %% of seats active on an average day (target %s %%)', round(100 * i.active_user_ratio), round(100 * c.target))
          when 'onboarding' then
            case when coalesce(i.onboarding_total, 0) = 0 then 'No onboarding tasks'
                 else format('%s of %s onboarding tasks done', i.onboarding_done, i.onboarding_total) end
          when 'journey' then
            format('%s logins in the last %s days against %s in the %s days before', i.logins_recent, i.half_window, i.logins_prior, i.half_window)
          when 'support_tickets' then
            format('%s tickets (%s high, %s critical) in the window', i.tickets_low + i.tickets_medium + i.tickets_high + i.tickets_critical,
                   i.tickets_high, i.tickets_critical)
          when 'nps_csat' then
            case when coalesce(t.nps_answers, 0) + i.csat_responses = 0 then 'No NPS or CSAT answers (counted as neutral)'
                 else concat_ws('; ',
                   case when t.nps_answers > 0 then format('NPS %s from %s answers', round(100.0 * (i.nps_promoters - i.nps_detractors) / t.nps_answers), t.nps_answers) end,
                   case when i.csat_responses > 0 then format('CSAT %s from %s answers', round(i.csat_total::numeric / i.csat_responses, 1), i.csat_responses) end) end
          when 'payment_health' then
            case i.payment_status when 'current' then 'Payments current' when 'late' then 'A payment is late'
                 when 'overdue' then 'A payment is overdue' when 'failed' then 'A payment failed' else 'No billing data (counted as current)' end
          when 'seat_utilisation' then
            format('%s of %s seats used at the peak (target %s %%)', i.peak_active_users, coalesce(i.seats, 0), round(100 * c.target))
        end as detail
      from (select (i.tickets_low + 2 * i.tickets_medium + 4 * i.tickets_high + 8 * i.tickets_critical)::numeric as weighted,
                   nullif(i.nps_promoters + i.nps_passives + i.nps_detractors, 0) as nps_answers) t
    ) x
  ),
  total as (
    select d.customer_id, d.day, round(sum(d.points)) as score,
           jsonb_object_agg(d.key, jsonb_build_object('points', round(d.points, 1), 'weight', d.weight, 'value', d.value, 'detail', d.detail)) as breakdown
    from indicator d
    group by d.customer_id, d.day
  )
  select t.customer_id, t.day, t.score::smallint,
         case when t.score >= p_healthy_min then 'healthy' when t.score >= p_at_risk_min then 'at_risk' else 'critical' end::public.health_status,
         t.breakdown
  from total t
$$;

-- One row per customer and day, everything the job writes and the screens show.
create type private.customer_health as (
  customer_id uuid,
  score smallint,
  status public.health_status,
  breakdown jsonb,
  days_since_login integer,
  last_login_on date,
  trend_7d integer,
  churn_risk smallint,
  churn_factors jsonb,
  expansion_score smallint,
  expansion_factors jsonb,
  onboarding_complete boolean,
  adoption_ratio numeric,
  peak_seat_ratio numeric,
  logins_recent integer,
  logins_prior integer,
  weighted_tickets integer,
  config_version integer,
  renewal_risk_score smallint,
  renewal_risk_level public.risk_level,
  renewal_risk_factors jsonb
);

-- The organisation's configuration, or CS-2's default when it has none.
create function private.health_config(p_org uuid)
returns table (indicators jsonb, healthy_min integer, at_risk_min integer, window_days integer, version integer)
language sql stable
set search_path = ''
as $$
  select c.indicators, c.healthy_min, c.at_risk_min, c.window_days, c.version from public.health_score_configs c where c.org_id = p_org
  union all
  select public.default_health_indicators(), 70, 40, 30, 0
  where not exists (select from public.health_score_configs c where c.org_id = p_org)
$$;

-- Health, trend, churn risk (CS-8: usage, support, financial and sentiment signals), expansion
-- (seat expansion, plan upgrade, upsell) and renewal risk (CS-7: health, usage trend, support
-- load) for the given customers on `p_day`. Each factor that applies adds its points (the
-- factors are listed in a fixed order of importance, each with a sentence); churn and expansion
-- are clamped to 100. Renewal risk: up to 50 points for poor health, 30 for falling logins,
-- 10 for a recent drop of 10 points or more and 20 for support load; 60 or more is high, 35 or
-- more medium, else low.
create function private.compute_customer_health(p_org uuid, p_day date, p_customers uuid[])
returns setof private.customer_health
language sql stable
set search_path = ''
as $$
  with cfg as materialized (select * from private.health_config(p_org)),
  inputs as materialized (
    select * from private.health_inputs(p_org, p_day, (select window_days from cfg), p_customers)
  ),
  scored as (
    select s.* from cfg cross join lateral private.health_scores(cfg.indicators, cfg.healthy_min, cfg.at_risk_min,
                                                                  array(select i::private.health_input from inputs i)) s
  )
  select i.customer_id, s.score, s.status, s.breakdown, i.days_since_login, i.last_login_on, tr.trend_7d,
         least(100, (select coalesce(sum((e ->> 'points')::integer), 0) from jsonb_array_elements(f.churn) e))::smallint, f.churn,
         least(100, (select coalesce(sum((e ->> 'points')::integer), 0) from jsonb_array_elements(f.expansion) e))::smallint, f.expansion,
         coalesce(i.onboarding_total > 0 and i.onboarding_done >= i.onboarding_total, false),
         i.adoption_ratio, i.peak_seat_ratio, i.logins_recent, i.logins_prior, sig.weighted_tickets::integer,
         (select version from cfg),
         least(100, round(rr.total))::smallint,
         case when rr.total >= 60 then 'high' when rr.total >= 35 then 'medium' else 'low' end::public.risk_level,
         rr.factors
  from inputs i
  join scored s on s.customer_id = i.customer_id
  cross join lateral (
    select i.tickets_low + 2 * i.tickets_medium + 4 * i.tickets_high + 8 * i.tickets_critical as weighted_tickets,
           nullif(i.nps_promoters + i.nps_passives + i.nps_detractors, 0) as nps_answers,
           round(100.0 * (i.nps_promoters - i.nps_detractors) / nullif(i.nps_promoters + i.nps_passives + i.nps_detractors, 0)) as nps,
           case when i.logins_prior > 0 then round(100.0 * i.logins_recent / i.logins_prior) end as logins_pct
  ) sig
  left join lateral (
    select s.score - max(h.score) as trend_7d
    from public.customer_health_scores h
    where h.org_id = p_org and h.customer_id = i.customer_id and h.day >= p_day - 7 and h.day < p_day
  ) tr on true
  cross join lateral (
    select to_jsonb(array_remove(array[
             case s.status when 'critical' then jsonb_build_object('factor', 'health', 'points', 25, 'detail', format('Health is critical (%s)', s.score))
                           when 'at_risk' then jsonb_build_object('factor', 'health', 'points', 12, 'detail', format('Health is at risk (%s)', s.score)) end,
             case when i.payment_status in ('overdue', 'failed') then jsonb_build_object('factor', 'payment', 'points', 20, 'detail', 'Payment ' || i.payment_status)
                  when i.payment_status = 'late' then jsonb_build_object('factor', 'payment', 'points', 10, 'detail', 'Payment late') end,
             case when tr.trend_7d <= -15 then jsonb_build_object('factor', 'score_drop', 'points', 15, 'detail', format('Health fell %s points in 7 days', -tr.trend_7d)) end,
             case when sig.logins_pct < 50 then jsonb_build_object('factor', 'logins_down', 'points', 15,
                  'detail', format('Logins down %s %% on the previous %s days', 100 - sig.logins_pct, i.half_window)) end,
             case when i.days_since_login is null then jsonb_build_object('factor', 'no_login', 'points', 15, 'detail', 'No login in the last year')
                  when i.days_since_login >= 14 then jsonb_build_object('factor', 'no_login', 'points', 15, 'detail', format('No login for %s days', i.days_since_login)) end,
             case when i.tickets_critical > 0 then jsonb_build_object('factor', 'critical_tickets', 'points', 10,
                  'detail', format('%s critical support tickets', i.tickets_critical)) end,
             case when sig.weighted_tickets >= 10 then jsonb_build_object('factor', 'support_load', 'points', 10,
                  'detail', format('Heavy support load: %s tickets weighted by severity', sig.weighted_tickets)) end,
             case when sig.nps < 0 then jsonb_build_object('factor', 'nps', 'points', 10, 'detail', format('Negative NPS (%s)', sig.nps)) end,
             case when i.csat_responses > 0 and i.csat_total < 3 * i.csat_responses then jsonb_build_object('factor', 'csat', 'points', 10,
                  'detail', format('Low CSAT (%s of 5)', round(i.csat_total::numeric / i.csat_responses, 1))) end
           ], null)) as churn,
           to_jsonb(array_remove(array[
             case when i.peak_seat_ratio >= 0.9 then jsonb_build_object('factor', 'seat_expansion', 'points', 35,
                  'detail', format('%s of %s seats in use at the peak: room to add seats', i.peak_active_users, i.seats)) end,
             case when i.adoption_ratio >= 0.8 then jsonb_build_object('factor', 'plan_upgrade', 'points', 25,
                  'detail', format('Uses %s %% of the plan''s features on an average day: ready for a bigger plan', round(100 * i.adoption_ratio))) end,
             case when s.status = 'healthy' then jsonb_build_object('factor', 'healthy', 'points', 20, 'detail', format('Healthy (%s)', s.score)) end,
             case when sig.nps >= 30 then jsonb_build_object('factor', 'promoters', 'points', 10, 'detail', format('Promoters: NPS %s', sig.nps)) end,
             case when sig.logins_pct >= 120 then jsonb_build_object('factor', 'usage_growth', 'points', 10,
                  'detail', format('Logins up %s %% on the previous %s days', sig.logins_pct - 100, i.half_window)) end
           ], null)) as expansion
  ) f
  cross join lateral (
    select (100 - s.score) * 0.5 as health,
           case when i.logins_prior > 0 then greatest(0, 1 - i.logins_recent::numeric / i.logins_prior) * 30 else 0 end as usage,
           case when tr.trend_7d <= -10 then 10 else 0 end as drop,
           least(1, sig.weighted_tickets / 20.0) * 20 as support
  ) rp
  cross join lateral (
    select rp.health + rp.usage + rp.drop + rp.support as total,
           to_jsonb(array_remove(array[
             case when round(rp.health) > 0 then jsonb_build_object('factor', 'health', 'points', round(rp.health), 'detail', format('Health score %s', s.score)) end,
             case when round(rp.usage) > 0 then jsonb_build_object('factor', 'usage_trend', 'points', round(rp.usage),
                  'detail', format('Logins down %s %% on the previous %s days', 100 - sig.logins_pct, i.half_window)) end,
             case when rp.drop > 0 then jsonb_build_object('factor', 'score_drop', 'points', rp.drop, 'detail', format('Health fell %s points in 7 days', -tr.trend_7d)) end,
             case when round(rp.support) > 0 then jsonb_build_object('factor', 'support_load', 'points', round(rp.support),
                  'detail', format('%s support tickets weighted by severity', sig.weighted_tickets)) end
           ], null)) as factors
  ) rr
$$;

-- An open renewal gets its risk (from the customer's health today) when it is created, reopened
-- or moved to another customer or date; the daily job refreshes every open one. Inserts: a
-- statement trigger, one set-based computation for all the rows a statement touched (an import of
-- a thousand renewals costs one call, not a thousand). Moves (customer, date, status) are rare and
-- made by people: a row trigger on those columns, so the job's daily risk update of every open
-- renewal does not copy each updated row into transition tables only to find none moved.
create function private.renewals_set_risk() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_ids uuid[];
begin
  -- Each branch names only the transition tables its event has.
  if tg_op = 'INSERT' then
    v_ids := array(select n.id from changed n where n.status in ('upcoming', 'in_progress'));
  else
    v_ids := array(select n.id from changed n join previous p on p.id = n.id
                   where n.status in ('upcoming', 'in_progress')
                     and (p.customer_id, p.renewal_date, p.status) is distinct from (n.customer_id, n.renewal_date, n.status));
  end if;
  if cardinality(v_ids) = 0 then
    return null;
  end if;
  with moved as (
    select r.id, r.org_id, r.customer_id from public.renewals r where r.id = any (v_ids)
  ),
  risk as (
    select h.* from (select distinct m.org_id from moved m) o
    cross join lateral private.compute_customer_health(o.org_id, current_date,
                                                       array(select distinct m.customer_id from moved m where m.org_id = o.org_id)) h
  )
  update public.renewals r
  set risk_score = k.renewal_risk_score, risk_level = k.renewal_risk_level, risk_factors = k.renewal_risk_factors
  from moved m join risk k on k.customer_id = m.customer_id
  where r.id = m.id and r.org_id = m.org_id;
  return null;
end;
$$;

create function private.renewal_set_risk_on_move() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  h private.customer_health;
begin
  select * into h from private.compute_customer_health(new.org_id, current_date, array[new.customer_id]);
  if found then
    new.risk_score := h.renewal_risk_score;
    new.risk_level := h.renewal_risk_level;
    new.risk_factors := h.renewal_risk_factors;
  end if;
  return new;
end;
$$;
revoke execute on function private.renewal_set_risk_on_move() from public;

revoke execute on function private.health_inputs_at(uuid, integer, uuid[], date[]),
  private.health_inputs(uuid, date, integer, uuid[]),
  private.health_scores(jsonb, integer, integer, private.health_input[]),
  private.health_config(uuid),
  private.compute_customer_health(uuid, date, uuid[]),
  private.renewals_set_risk() from public;
grant execute on function private.health_inputs_at(uuid, integer, uuid[], date[]),
  private.health_inputs(uuid, date, integer, uuid[]),
  private.health_scores(jsonb, integer, integer, private.health_input[]),
  private.health_config(uuid),
  private.compute_customer_health(uuid, date, uuid[]) to authenticated, service_role;

create trigger renewals_risk_on_insert after insert on public.renewals
  referencing new table as changed
  for each statement execute function private.renewals_set_risk();
create trigger renewals_risk_on_move before update of customer_id, renewal_date, status on public.renewals
  for each row
  when (new.status in ('upcoming', 'in_progress') and (old.customer_id, old.renewal_date, old.status) is distinct from (new.customer_id, new.renewal_date, new.status))
  execute function private.renewal_set_risk_on_move();
