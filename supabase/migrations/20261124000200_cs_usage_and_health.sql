-- What the health score is computed from and what it produced (PRODUCT.md CS-2, CS-3):
--   customer_usage_daily     one row per customer and day from product telemetry, support and
--                            billing (logins, active users, seats, features, onboarding tasks,
--                            tickets by severity, NPS/CSAT responses, payment status). Written by
--                            the ingestion (service role), read by whoever reads the customer.
--   health_score_configs     one per organisation: indicators, weights and thresholds, edited by
--                            admins on the health settings page. Every organisation starts with
--                            CS-2's default (*_cs_playbooks.sql creates it with the playbooks).
--   customer_health_scores   the daily time series, one row per customer and day, with every
--                            indicator's points (the breakdown) and the churn and expansion scores
--                            of that day. Written by the health job only.
-- The two time series are facts, not records people edit: their key is (org_id, customer_id, day),
-- which is also what the job, the charts and the row level security look up, so they carry no
-- surrogate id (100,000 customers × 90 days is 9 million rows; a uuid and a second index each
-- would only cost). Their organisation is referenced through their customer only ((org_id,
-- customer_id) → customers, whose organisation cascades to them): a direct key to organizations
-- would add a lookup for every row written, 100,000 rows a day per table at the bench's scale.

create type public.payment_status as enum ('current', 'late', 'overdue', 'failed');

create table public.customer_usage_daily (
  org_id uuid not null,
  customer_id uuid not null,
  day date not null,
  logins integer not null default 0 constraint usage_logins_not_negative check (logins >= 0),
  active_users integer not null default 0 constraint usage_active_users_not_negative check (active_users >= 0),
  seats integer not null default 0 constraint usage_seats_not_negative check (seats >= 0),
  features_used smallint not null default 0,
  features_available smallint not null default 0,
  onboarding_done smallint not null default 0,
  onboarding_total smallint not null default 0,
  tickets_low smallint not null default 0,
  tickets_medium smallint not null default 0,
  tickets_high smallint not null default 0,
  tickets_critical smallint not null default 0,
  nps_promoters smallint not null default 0,
  nps_passives smallint not null default 0,
  nps_detractors smallint not null default 0,
  csat_responses smallint not null default 0,
  csat_total smallint not null default 0,
  payment_status public.payment_status,
  primary key (org_id, customer_id, day),
  foreign key (org_id, customer_id) references public.customers (org_id, id) on delete cascade,
  constraint usage_features_range check (features_used between 0 and features_available),
  constraint usage_onboarding_range check (onboarding_done between 0 and onboarding_total),
  constraint usage_tickets_not_negative check (least(tickets_low, tickets_medium, tickets_high, tickets_critical) >= 0),
  constraint usage_nps_not_negative check (least(nps_promoters, nps_passives, nps_detractors) >= 0),
  constraint usage_csat_range check (csat_responses >= 0 and csat_total between csat_responses and 5 * csat_responses)
);

comment on table public.customer_usage_daily is 'One row per customer and day (unique), from telemetry, support and billing; upsert on (org_id, customer_id, day).';
comment on column public.customer_usage_daily.active_users is 'Distinct users active that day.';
comment on column public.customer_usage_daily.seats is 'Seats licensed that day.';
comment on column public.customer_usage_daily.features_used is 'Distinct features used that day, of features_available in the plan.';
comment on column public.customer_usage_daily.onboarding_done is 'Onboarding tasks done so far (cumulative), of onboarding_total.';
comment on column public.customer_usage_daily.csat_total is 'Sum of that day''s CSAT answers (1-5 each); the average is csat_total / csat_responses.';
comment on column public.customer_usage_daily.payment_status is 'The billing state that day; null when unknown.';

-- The default of CS-2, as an admin sees it on the settings page. Points are out of 100: the
-- weights of the enabled indicators add up to 100. login_recency scores by bands of days since
-- the last login (the first band whose `under_days` the gap is under); the ratio indicators score
-- weight × min(1, ratio / target).
create function public.default_health_indicators() returns jsonb
language sql immutable
set search_path = ''
as $$
  select '{
    "login_recency":    {"enabled": true,  "weight": 30, "bands": [{"under_days": 3, "points": 30}, {"under_days": 7, "points": 20}, {"under_days": 14, "points": 10}]},
    "feature_adoption": {"enabled": true,  "weight": 25, "target": 0.5},
    "user_activity":    {"enabled": true,  "weight": 25, "target": 0.4},
    "onboarding":       {"enabled": true,  "weight": 10},
    "journey":          {"enabled": true,  "weight": 10},
    "support_tickets":  {"enabled": false, "weight": 0, "limit": 20},
    "nps_csat":         {"enabled": false, "weight": 0},
    "payment_health":   {"enabled": false, "weight": 0},
    "seat_utilisation": {"enabled": false, "weight": 0, "target": 0.8}
  }'::jsonb
$$;

-- What is wrong with an indicator configuration, one readable sentence each (empty when valid).
-- The settings form calls it as you type; the table refuses a configuration with any problem.
create function public.health_indicator_problems(indicators jsonb) returns text[]
language plpgsql immutable
set search_path = ''
as $$
declare
  known constant text[] := array['login_recency', 'feature_adoption', 'user_activity', 'onboarding', 'journey',
                                 'support_tickets', 'nps_csat', 'payment_health', 'seat_utilisation'];
  problems text[] := '{}';
  key text;
  ind jsonb;
  weight numeric;
  total numeric := 0;
  band jsonb;
  last_days numeric := 0;
  last_points numeric := null;
begin
  if indicators is null or jsonb_typeof(indicators) <> 'object' then
    return array['indicators must be a JSON object keyed by indicator'];
  end if;
  for key, ind in select e.key, e.value from jsonb_each(indicators) e order by e.key loop
    if not key = any (known) then
      problems := problems || format('unknown indicator "%s"', key);
      continue;
    end if;
    if jsonb_typeof(ind) <> 'object' or jsonb_typeof(ind -> 'enabled') <> 'boolean' or jsonb_typeof(ind -> 'weight') <> 'number' then
      problems := problems || format('%s needs "enabled" (true or false) and a numeric "weight"', key);
      continue;
    end if;
    weight := (ind ->> 'weight')::numeric;
    if weight < 0 or weight > 100 then
      problems := problems || format('%s: weight must be between 0 and 100', key);
    end if;
    if (ind ->> 'enabled')::boolean then
      total := total + weight;
    end if;
    if key in ('feature_adoption', 'user_activity', 'seat_utilisation')
       and (jsonb_typeof(ind -> 'target') is distinct from 'number' or (ind ->> 'target')::numeric not between 0.01 and 1) then
      problems := problems || format('%s: target must be a share between 0.01 and 1', key);
    end if;
    if key = 'support_tickets' and (jsonb_typeof(ind -> 'limit') is distinct from 'number' or (ind ->> 'limit')::numeric <= 0) then
      problems := problems || 'support_tickets: limit (weighted tickets that cost every point) must be above 0'::text;
    end if;
    if key = 'login_recency' then
      if jsonb_typeof(ind -> 'bands') is distinct from 'array' or jsonb_array_length(ind -> 'bands') not between 1 and 10 then
        problems := problems || 'login_recency: bands must be a list of 1 to 10 {"under_days", "points"}'::text;
      else
        for band in select b from jsonb_array_elements(ind -> 'bands') b loop
          if jsonb_typeof(band -> 'under_days') is distinct from 'number' or jsonb_typeof(band -> 'points') is distinct from 'number' then
            problems := problems || 'login_recency: every band needs numeric "under_days" and "points"'::text;
            exit;
          end if;
          if (band ->> 'under_days')::numeric <= last_days or (band ->> 'under_days')::numeric > 365 then
            problems := problems || 'login_recency: bands must go up in days, each under 366'::text;
            exit;
          end if;
          if (band ->> 'points')::numeric < 0 or (band ->> 'points')::numeric > weight or (band ->> 'points')::numeric > coalesce(last_points, weight) then
            problems := problems || 'login_recency: band points must go down, from at most the weight to at least 0'::text;
            exit;
          end if;
          last_days := (band ->> 'under_days')::numeric;
          last_points := (band ->> 'points')::numeric;
        end loop;
      end if;
    end if;
  end loop;
  if total <> 100 then
    problems := problems || format('the weights of the enabled indicators add up to %s, not 100', total);
  end if;
  return problems;
end;
$$;

create table public.health_score_configs (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null default private.current_org_id() references public.organizations (id) on delete cascade,
  indicators jsonb not null default public.default_health_indicators(),
  healthy_min smallint not null default 70,
  at_risk_min smallint not null default 40,
  window_days smallint not null default 30 constraint health_score_configs_window_days_range check (window_days between 7 and 90),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint health_score_configs_org_key unique (org_id),
  constraint health_score_configs_thresholds_order check (0 < at_risk_min and at_risk_min < healthy_min and healthy_min <= 100)
);

comment on table public.health_score_configs is 'One per organisation (CS-2): indicators with weights, the status thresholds and the window of usage days they look at.';
comment on column public.health_score_configs.indicators is 'See public.default_health_indicators(); refused unless public.health_indicator_problems(indicators) is empty.';
comment on column public.health_score_configs.healthy_min is 'A score at or above it is healthy (green).';
comment on column public.health_score_configs.at_risk_min is 'A score at or above it (and under healthy_min) is at risk (yellow); under it critical (red).';
comment on column public.health_score_configs.version is 'Counts every change; each daily score records the version it used.';

create function private.check_health_config() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  problems text[] := public.health_indicator_problems(new.indicators);
begin
  if cardinality(problems) > 0 then
    raise exception 'invalid health score configuration: %', array_to_string(problems, '; ') using errcode = '23514';
  end if;
  if tg_op = 'UPDATE' then
    new.version := old.version + 1;
  end if;
  return new;
end;
$$;
revoke execute on function private.check_health_config() from public;

create trigger health_score_configs_check before insert or update on public.health_score_configs
  for each row execute function private.check_health_config();
create trigger health_score_configs_updated_at before update on public.health_score_configs
  for each row execute function private.set_updated_at();
create trigger health_score_configs_keep_org_id before update of org_id on public.health_score_configs
  for each row execute function private.keep_org_id();
create trigger audit after insert or update or delete on public.health_score_configs
  for each row execute function private.audit_row();

create table public.customer_health_scores (
  org_id uuid not null,
  customer_id uuid not null,
  day date not null,
  score smallint not null constraint customer_health_scores_score_range check (score between 0 and 100),
  status public.health_status not null,
  breakdown jsonb not null,
  days_since_login smallint,
  churn_risk smallint constraint customer_health_scores_churn_risk_range check (churn_risk between 0 and 100),
  expansion_score smallint constraint customer_health_scores_expansion_range check (expansion_score between 0 and 100),
  config_version integer not null,
  computed_at timestamptz not null default now(),
  primary key (org_id, customer_id, day),
  foreign key (org_id, customer_id) references public.customers (org_id, id) on delete cascade
);

comment on table public.customer_health_scores is 'The daily health time series (CS-2): one row per customer and day, written by the health job. Read the history with customer_id=eq.<id>&order=day.';
comment on column public.customer_health_scores.breakdown is 'Per enabled indicator: {"points", "weight", "value", "detail"}; the points add up to score (before rounding).';
comment on column public.customer_health_scores.days_since_login is 'Days since the last day with a login (null: none in the last 90 days).';

alter table public.customer_usage_daily enable row level security;
alter table public.health_score_configs enable row level security;
alter table public.customer_health_scores enable row level security;

grant select on public.customer_usage_daily, public.customer_health_scores, public.health_score_configs to authenticated;
grant insert (org_id, indicators, healthy_min, at_risk_min, window_days), update (indicators, healthy_min, at_risk_min, window_days), delete
  on public.health_score_configs to authenticated;
grant select, insert, update, delete on public.customer_usage_daily, public.customer_health_scores, public.health_score_configs to service_role;

select private.create_customer_policies('public.customer_usage_daily');
select private.create_customer_policies('public.customer_health_scores');
select private.create_config_policies('public.health_score_configs');

grant execute on function public.default_health_indicators(), public.health_indicator_problems(jsonb) to authenticated, service_role;
revoke execute on function public.default_health_indicators(), public.health_indicator_problems(jsonb) from public, anon;
