-- The daily health job at 100,000 customers (issue 6's bench: ≤ 60 s end to end). Profiled on a
-- batch of 2,000 customers, after the scoring itself the time went to writes that were not needed:
--   * the open renewals' daily risk update fired the statement trigger that rates moved
--     renewals, which copied every updated row into transition tables to find none moved. Moves
--     (customer, date, status) are rare and made by people: a row trigger on those columns rates
--     them; inserts keep the statement trigger (imports).
--   * one index of customers (status, score) that nothing needs since the list's (score) index:
--     each daily update of a customer wrote an entry into every index.
--   * the "turned critical" step joined every scored customer before keeping the critical ones;
--     the score-drop playbook read 7 days of history per customer to find what the day's trend
--     already says. Both now start from the day's rows.

drop index public.customers_org_health_idx;

drop trigger renewals_risk_on_update on public.renewals;

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

create trigger renewals_risk_on_move before update of customer_id, renewal_date, status on public.renewals
  for each row
  when (new.status in ('upcoming', 'in_progress') and (old.customer_id, old.renewal_date, old.status) is distinct from (new.customer_id, new.renewal_date, new.status))
  execute function private.renewal_set_risk_on_move();

create or replace function private.score_customers(p_org uuid, p_day date, p_customers uuid[] default null, p_actions boolean default true)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_rows private.customer_health[];
  v_fired private.fired_intervention[];
  v_actions integer := 0;
  v_n integer;
begin
  v_rows := array(
    select h from private.compute_customer_health(p_org, p_day, array(
      select c.id from public.customers c
      where c.org_id = p_org and (p_customers is null or c.id = any (p_customers))
        and c.contract_start <= p_day and (c.churned_at is null or c.churned_at::date > p_day)
    )) h);

  -- The day's row of the time series.
  insert into public.customer_health_scores as s (org_id, customer_id, day, score, status, breakdown, days_since_login, churn_risk, expansion_score, config_version)
  select p_org, r.customer_id, p_day, r.score, r.status, r.breakdown, r.days_since_login, r.churn_risk, r.expansion_score, r.config_version
  from unnest(v_rows) r
  on conflict (org_id, customer_id, day) do update
    set score = excluded.score, status = excluded.status, breakdown = excluded.breakdown, days_since_login = excluded.days_since_login,
        churn_risk = excluded.churn_risk, expansion_score = excluded.expansion_score, config_version = excluded.config_version, computed_at = now()
    where (s.score, s.status, s.breakdown, s.days_since_login, s.churn_risk, s.expansion_score, s.config_version)
          is distinct from (excluded.score, excluded.status, excluded.breakdown, excluded.days_since_login, excluded.churn_risk,
                            excluded.expansion_score, excluded.config_version);

  -- The customers' current health (never moved back by scoring an earlier day).
  update public.customers c
  set health_score = r.score,
      health_status = r.status,
      health_status_since = case when c.health_status is distinct from r.status or c.health_status_since is null then p_day else c.health_status_since end,
      health_scored_on = p_day,
      health_trend_7d = r.trend_7d,
      last_login_on = coalesce(r.last_login_on, c.last_login_on),
      churn_risk = r.churn_risk,
      churn_factors = r.churn_factors,
      expansion_score = r.expansion_score,
      expansion_factors = r.expansion_factors
  from unnest(v_rows) r
  where c.org_id = p_org and c.id = r.customer_id and (c.health_scored_on is null or c.health_scored_on <= p_day)
    and (c.health_score, c.health_status, c.health_scored_on, c.health_trend_7d, c.last_login_on, c.churn_risk, c.churn_factors,
         c.expansion_score, c.expansion_factors)
        is distinct from (r.score, r.status, p_day, r.trend_7d, coalesce(r.last_login_on, c.last_login_on), r.churn_risk, r.churn_factors,
                          r.expansion_score, r.expansion_factors);

  -- The day onboarding was complete (audited: it is a fact about the customer, not a score).
  update public.customers c
  set onboarded_on = p_day
  from unnest(v_rows) r
  where c.org_id = p_org and c.id = r.customer_id and r.onboarding_complete and c.onboarded_on is null;

  -- Open renewals take the day's risk.
  update public.renewals rn
  set risk_score = r.renewal_risk_score, risk_level = r.renewal_risk_level, risk_factors = r.renewal_risk_factors
  from unnest(v_rows) r
  where rn.org_id = p_org and rn.customer_id = r.customer_id and rn.status in ('upcoming', 'in_progress') and rn.renewal_date >= p_day
    and (rn.risk_score, rn.risk_level, rn.risk_factors) is distinct from (r.renewal_risk_score, r.renewal_risk_level, r.renewal_risk_factors);

  -- Success milestones: recorded once per customer and kind, and celebrated with the CSM once.
  with reached as (
    select r.customer_id, c.owner_id, a.name as customer_name, m.kind, m.title
    from unnest(v_rows) r
    join public.customers c on c.org_id = p_org and c.id = r.customer_id
    join public.accounts a on a.org_id = p_org and a.id = c.account_id
    cross join lateral (values
      ('onboarding_complete', 'Onboarding complete', r.onboarding_complete),
      ('first_healthy', 'Healthy for the first time', r.status = 'healthy'),
      ('adoption_80', '80 % of the plan''s features in daily use', r.adoption_ratio >= 0.8),
      ('seats_90', '90 % of seats in use', r.peak_seat_ratio >= 0.9),
      ('one_year', 'One year as a customer', p_day >= c.contract_start + 365)
    ) as m (kind, title, reached)
    where m.reached
  ),
  recorded as (
    insert into public.success_milestones (org_id, customer_id, kind, title, achieved_on, celebrated_at, recorded_by)
    select p_org, customer_id, kind, title, p_day, now(), null from reached
    on conflict on constraint success_milestones_once do nothing
    returning id, customer_id, kind
  ),
  celebrated as (
    insert into public.notifications (org_id, user_id, kind, title, body, link, dedupe_key)
    select p_org, x.owner_id, 'milestone.reached', left(x.customer_name || ': ' || x.title, 200), 'A milestone worth celebrating with the customer.',
           '/customers/' || x.customer_id, 'milestone:' || r.id
    from recorded r join reached x on x.customer_id = r.customer_id and x.kind = r.kind
    where p_actions
    on conflict (user_id, dedupe_key) do nothing
    returning 1
  )
  select (select count(*) from celebrated) into v_n;
  v_actions := v_actions + v_n;

  if not p_actions then
    return jsonb_build_object('scored', cardinality(v_rows), 'actions', v_actions);
  end if;

  -- CS-9: the owner hears when a customer turns critical, in the app and by email.
  with turned as (
    select c.id, c.owner_id, c.health_score, c.health_status_since, a.name, o.email, o.full_name, c.churn_factors
    from unnest(v_rows) r
    join public.customers c on c.org_id = p_org and c.id = r.customer_id
    join public.accounts a on a.org_id = p_org and a.id = c.account_id
    join public.profiles o on o.org_id = p_org and o.id = c.owner_id
    where r.status = 'critical' and c.health_status = 'critical' and c.health_status_since = p_day and c.health_scored_on = p_day
  ),
  notified as (
    insert into public.notifications (org_id, user_id, kind, title, body, link, dedupe_key)
    select p_org, owner_id, 'customer.critical', left(name || ' turned critical', 200), format('Health score %s.', health_score),
           '/customers/' || id, 'customer.critical:' || id || ':' || health_status_since
    from turned
    on conflict (user_id, dedupe_key) do nothing
    returning 1
  ),
  emailed as (
    insert into public.email_outbox (org_id, customer_id, kind, to_email, to_name, subject, body, dedupe_key)
    select p_org, id, 'customer.critical', email, full_name, left(name || ' turned critical (health ' || health_score || ')', 300),
           format(E'%s turned critical today with a health score of %s.\n\nWhy:\n%s\n\nOpen the customer in the app: /customers/%s',
                  name, health_score,
                  coalesce((select string_agg('- ' || (f ->> 'detail'), E'\n') from jsonb_array_elements(churn_factors) f), '- (no factor recorded)'), id),
           'customer.critical:' || id || ':' || health_status_since
    from turned
    where email is not null
    on conflict (org_id, dedupe_key) do nothing
    returning 1
  )
  select (select count(*) from notified) + (select count(*) from emailed) into v_n;
  v_actions := v_actions + v_n;

  -- CS-4: playbooks fire once per trigger episode (trigger_key): a critical spell (the day it
  -- began), a silence (the last login before it), a drop (the day, with no other firing of the
  -- playbook for the customer within its window).
  with pb as (
    select p.id, p.trigger, p.params from public.playbooks p where p.org_id = p_org and p.active
  ),
  candidates as (
    select pb.id as playbook_id, r.customer_id, 'critical:' || c.health_status_since as trigger_key,
           format('Health is critical (%s)', r.score) as reason
    from unnest(v_rows) r
    join public.customers c on c.org_id = p_org and c.id = r.customer_id
    join pb on pb.trigger = 'critical_status'
    where r.status = 'critical' and c.health_status = 'critical' and c.health_scored_on = p_day
    union all
    select pb.id, r.customer_id, 'no_login:' || coalesce(c.last_login_on::text, 'never'),
           coalesce(format('No login for %s days after onboarding', r.days_since_login), 'No login in the last year after onboarding')
    from unnest(v_rows) r
    join public.customers c on c.org_id = p_org and c.id = r.customer_id
    join pb on pb.trigger = 'no_login_after_onboarding'
    where c.onboarded_on <= p_day and coalesce(r.days_since_login, 366) >= (pb.params ->> 'days')::integer
    union all
    select pb.id, r.customer_id, 'score_drop:' || p_day,
           format('Health fell %s points in %s days (%s to %s)', best.score - r.score, pb.params ->> 'days', best.score, r.score)
    from unnest(v_rows) r
    join pb on pb.trigger = 'score_drop'
    cross join lateral (
      -- A 7-day window is the day's trend (today's score minus the best of the previous 7 days):
      -- no need to read the history again for it.
      select case when (pb.params ->> 'days')::integer = 7 then r.score - r.trend_7d else (
        select max(h.score) from public.customer_health_scores h
        where h.org_id = p_org and h.customer_id = r.customer_id and h.day >= p_day - (pb.params ->> 'days')::integer and h.day < p_day) end as score
    ) best
    where best.score - r.score >= (pb.params ->> 'points')::integer
      and not exists (
        select from public.interventions i
        where i.org_id = p_org and i.playbook_id = pb.id and i.customer_id = r.customer_id
          and i.trigger_day >= p_day - (pb.params ->> 'days')::integer and i.trigger_day < p_day
      )
  ),
  fired as (
    insert into public.interventions (org_id, customer_id, source, playbook_id, trigger_key, trigger_day, reason, created_by)
    select p_org, customer_id, 'playbook', playbook_id, trigger_key, p_day, reason, null from candidates
    on conflict on constraint interventions_once_per_trigger do nothing
    returning id, customer_id, playbook_id
  )
  select array(select row(f.id, f.customer_id, f.playbook_id)::private.fired_intervention from fired f) into v_fired;
  v_actions := v_actions + cardinality(v_fired);

  v_actions := v_actions + private.carry_out_interventions(p_org, p_day, v_fired);

  return jsonb_build_object('scored', cardinality(v_rows), 'actions', v_actions);
end;
$$;

