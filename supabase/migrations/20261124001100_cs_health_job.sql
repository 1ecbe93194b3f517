-- The daily health job's SQL (PRODUCT.md CS-3, CS-4, CS-9; the edge function health-score-job
-- calls it, the seed and the bench too):
--   private.score_customers(org, day, customers, actions)  set-based: scores the customers, writes
--       the day's row of the time series and the customers' current health, records milestones,
--       and (with actions) notifies owners of customers that turned critical, fires playbooks and
--       carries out their actions. Idempotent for a day: every write is an upsert that changes
--       nothing the second time, and every side effect has a unique key (a milestone per customer
--       and kind, an intervention per playbook, customer and trigger episode, a notification per
--       user and event, an email per organisation and event), so a second run sends nothing twice.
--   private.score_isolated(...)  the same with failures isolated: a batch that fails is split in
--       halves until the failing customers are alone; each is recorded with its error and the
--       others are scored.
--   public.health_job_*  the steps the edge function takes per organisation: start a run (one at
--       a time per organisation), score batches, finish it (validation, status). Only the
--       service role may call them; each names its organisation explicitly.
--   public.claim_outbox_emails / complete_outbox_emails  hand queued emails to the sender and
--       record what the provider answered.
--   private.health_validation  CS-5 of issue 6: AUC, precision and recall of the score 60 days
--       before each decided renewal.
-- At 100,000 customers (issue 6's bench: ≤ 60 s end to end; profiled on a batch of 2,000) the
-- time after the scoring went to writes nobody needed, so: the "turned critical" step and the
-- score-drop playbook start from the day's rows (a 7-day drop is the day's trend, no history read),
-- renewals get their risk on a move from a row trigger (*_cs_health_score.sql), and customers carry
-- no (status, score) index beside the list's (score) one: every daily update writes every index.

-- {{customer}}, {{owner}}, {{score}}, {{status}} and {{days_since_login}} in playbook texts.
create function private.render_template(p_template text, p_customer text, p_owner text, p_score integer, p_status public.health_status, p_days integer)
returns text
language sql immutable
set search_path = ''
as $$
  select replace(replace(replace(replace(replace(p_template,
    '{{customer}}', coalesce(p_customer, 'your account')),
    '{{owner}}', coalesce(p_owner, 'your customer success manager')),
    '{{score}}', coalesce(p_score::text, 'unknown')),
    '{{status}}', coalesce(replace(p_status::text, '_', ' '), 'unknown')),
    '{{days_since_login}}', coalesce(p_days::text, 'many'))
$$;

create type private.fired_intervention as (id uuid, customer_id uuid, playbook_id uuid);

-- The actions of interventions that just fired, each recorded on its intervention: an email to
-- the customer's contact (the primary contact, else a champion, else any contact of the account
-- with an email), a call task for the CSM (an activity on the customer, due `due_in_days` after
-- `p_day` at 09:00), an in-app message to the CSM (a notification). Texts are rendered with the
-- customer's current health. Answers how many actions it took.
create function private.carry_out_interventions(p_org uuid, p_day date, p_fired private.fired_intervention[]) returns integer
language sql
set search_path = ''
as $$
  with ctx as (
    select f.id as intervention_id, a.id as action_id, a.position, a.kind, a.due_in_days, c.id as customer_id, c.owner_id,
           gen_random_uuid() as ref_id, contact.email as contact_email, contact.full_name as contact_name,
           private.render_template(a.subject, acc.name, o.full_name, c.health_score, c.health_status, p_day - c.last_login_on) as subject,
           private.render_template(coalesce(a.body, ''), acc.name, o.full_name, c.health_score, c.health_status, p_day - c.last_login_on) as body
    from unnest(p_fired) f
    join public.playbook_actions a on a.org_id = p_org and a.playbook_id = f.playbook_id
    join public.customers c on c.org_id = p_org and c.id = f.customer_id
    join public.accounts acc on acc.org_id = p_org and acc.id = c.account_id
    join public.profiles o on o.org_id = p_org and o.id = c.owner_id
    left join lateral (
      select ct.email, ct.full_name from public.contacts ct
      where a.kind = 'email' and ct.org_id = p_org and ct.email is not null
        and (ct.id = c.primary_contact_id or ct.account_id = c.account_id)
      order by ct.id = c.primary_contact_id desc, ct.deal_role = 'champion' desc nulls last, ct.created_at, ct.id
      limit 1
    ) contact on true
  ),
  emails as (
    insert into public.email_outbox (id, org_id, customer_id, kind, to_email, to_name, subject, body, dedupe_key)
    select ref_id, p_org, customer_id, 'playbook.email', contact_email, contact_name, left(subject, 300), body,
           'intervention:' || intervention_id || ':' || action_id
    from ctx where kind = 'email' and contact_email is not null
    on conflict (org_id, dedupe_key) do nothing
    returning 1
  ),
  tasks as (
    insert into public.activities (id, org_id, owner_id, type, subject, body, occurred_at, due_at, customer_id)
    select ref_id, p_org, owner_id, 'call', subject, nullif(body, ''), (p_day + due_in_days) + time '09:00', (p_day + due_in_days) + time '09:00', customer_id
    from ctx where kind = 'task'
    returning 1
  ),
  messages as (
    insert into public.notifications (id, org_id, user_id, kind, title, body, link, dedupe_key)
    select ref_id, p_org, owner_id, 'playbook.in_app', left(subject, 200), nullif(left(body, 2000), ''), '/customers/' || customer_id,
           'intervention:' || intervention_id || ':' || action_id
    from ctx where kind = 'in_app'
    on conflict (user_id, dedupe_key) do nothing
    returning 1
  ),
  recorded as (
    update public.interventions i set actions = x.actions
    from (
      select intervention_id,
             jsonb_agg(case when kind = 'email' and contact_email is null
                            then jsonb_build_object('kind', kind, 'skipped', 'the customer has no contact with an email address')
                            else jsonb_build_object('kind', kind, 'id', ref_id) end order by position, action_id) as actions
      from ctx group by intervention_id
    ) x
    where i.org_id = p_org and i.id = x.intervention_id
    returning 1
  )
  select ((select count(*) from emails) + (select count(*) from tasks) + (select count(*) from messages) + 0 * (select count(*) from recorded))::integer
$$;


create function private.score_customers(p_org uuid, p_day date, p_customers uuid[] default null, p_actions boolean default true)
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

-- Fills in the time series for past days in one pass (the seed's year of history, a new
-- organisation's import): score, status, breakdown and days since login of every customer active
-- on each of `p_days`, from the same inputs and configuration as the job. Days already scored keep
-- their row; nothing else (customers, playbooks, milestones) is touched. Answers the rows written.
create function private.backfill_health_scores(p_org uuid, p_days date[]) returns integer
language sql
set search_path = ''
as $$
  with cfg as materialized (select * from private.health_config(p_org)),
  inputs as materialized (
    select * from private.health_inputs_at(p_org, (select window_days from cfg),
                                           array(select c.id from public.customers c where c.org_id = p_org), p_days)
  ),
  scored as (
    select s.* from cfg cross join lateral private.health_scores(cfg.indicators, cfg.healthy_min, cfg.at_risk_min,
                                                                  array(select i::private.health_input from inputs i)) s
  ),
  written as (
    insert into public.customer_health_scores (org_id, customer_id, day, score, status, breakdown, days_since_login, config_version)
    select p_org, s.customer_id, s.day, s.score, s.status, s.breakdown, i.days_since_login, (select version from cfg)
    from scored s join inputs i on i.customer_id = s.customer_id and i.day = s.day
    on conflict (org_id, customer_id, day) do nothing
    returning 1
  )
  select count(*)::integer from written
$$;

-- Scores `p_ids`; a failure splits them in halves until the failing customers are alone, each
-- recorded in `errors` with its message, while every other customer is scored.
create function private.score_isolated(p_org uuid, p_day date, p_ids uuid[], inout scored integer, inout actions integer, inout errors jsonb)
language plpgsql
set search_path = ''
as $$
declare
  v_result jsonb;
  v_half integer := cardinality(p_ids) / 2;
begin
  if coalesce(cardinality(p_ids), 0) = 0 then
    return;
  end if;
  begin
    v_result := private.score_customers(p_org, p_day, p_ids, true);
    scored := scored + (v_result ->> 'scored')::integer;
    actions := actions + (v_result ->> 'actions')::integer;
  exception when others then
    if cardinality(p_ids) = 1 then
      errors := errors || jsonb_build_array(jsonb_build_object('customer_id', p_ids[1], 'message', sqlerrm, 'code', sqlstate));
    else
      select s.scored, s.actions, s.errors into scored, actions, errors
      from private.score_isolated(p_org, p_day, p_ids[1:v_half], scored, actions, errors) s;
      select s.scored, s.actions, s.errors into scored, actions, errors
      from private.score_isolated(p_org, p_day, p_ids[v_half + 1:], scored, actions, errors) s;
    end if;
  end;
end;
$$;

-- CS-5 of issue 6: for every renewal that ended (renewed or churned) by `p_day`, the customer's
-- score `p_horizon` days before it (the latest within two weeks before that day); AUC is the
-- chance that a renewed customer scored above a churned one (ties count half), and "at risk or
-- critical" (score under healthy_min) is the prediction of churn behind precision and recall.
create function private.health_validation(p_org uuid, p_day date, p_horizon integer default 60)
returns table (renewals_evaluated integer, churned integer, renewed integer, auc numeric, "precision" numeric, recall numeric,
               true_positives integer, false_positives integer, false_negatives integer, true_negatives integer, threshold integer, config_version integer)
language sql stable
set search_path = ''
as $$
  with cfg as (select * from private.health_config(p_org)),
  outcomes as (
    select r.status = 'churned' as churned, s.score, s.score < (select healthy_min from cfg) as predicted
    from public.renewals r
    cross join lateral (
      select h.score from public.customer_health_scores h
      where h.org_id = p_org and h.customer_id = r.customer_id
        and h.day <= r.renewal_date - p_horizon and h.day > r.renewal_date - p_horizon - 14
      order by h.day desc limit 1
    ) s
    where r.org_id = p_org and r.status in ('renewed', 'churned') and r.renewal_date <= p_day
  ),
  ranked as (
    select o.*, rank() over (order by o.score) + (count(*) over (partition by o.score) - 1) / 2.0 as average_rank from outcomes o
  ),
  totals as (
    select count(*)::integer as n,
           count(*) filter (where churned)::integer as n_churned,
           count(*) filter (where not churned)::integer as n_renewed,
           sum(average_rank) filter (where not churned) as renewed_rank_sum,
           count(*) filter (where churned and predicted)::integer as tp,
           count(*) filter (where not churned and predicted)::integer as fp,
           count(*) filter (where churned and not predicted)::integer as fn,
           count(*) filter (where not churned and not predicted)::integer as tn
    from ranked
  )
  select n, n_churned, n_renewed,
         round((renewed_rank_sum - n_renewed * (n_renewed + 1) / 2.0) / nullif(n_renewed::numeric * n_churned, 0), 3),
         round(tp::numeric / nullif(tp + fp, 0), 3),
         round(tp::numeric / nullif(tp + fn, 0), 3),
         tp, fp, fn, tn, (select healthy_min from cfg), (select version from cfg)
  from totals
$$;

create function private.store_health_validation(p_org uuid, p_day date, p_horizon integer default 60) returns void
language sql
set search_path = ''
as $$
  insert into public.health_score_validations (org_id, computed_on, horizon_days, threshold, renewals_evaluated, churned, renewed, auc, precision,
                                               recall, true_positives, false_positives, false_negatives, true_negatives, config_version)
  select p_org, p_day, p_horizon, v.threshold, v.renewals_evaluated, v.churned, v.renewed, v.auc, v.precision, v.recall,
         v.true_positives, v.false_positives, v.false_negatives, v.true_negatives, v.config_version
  from private.health_validation(p_org, p_day, p_horizon) v
  on conflict (org_id, computed_on, horizon_days) do update
    set threshold = excluded.threshold, renewals_evaluated = excluded.renewals_evaluated, churned = excluded.churned, renewed = excluded.renewed,
        auc = excluded.auc, precision = excluded.precision, recall = excluded.recall, true_positives = excluded.true_positives,
        false_positives = excluded.false_positives, false_negatives = excluded.false_negatives, true_negatives = excluded.true_negatives,
        config_version = excluded.config_version
    where (health_score_validations.renewals_evaluated, health_score_validations.auc, health_score_validations.precision,
           health_score_validations.recall, health_score_validations.threshold, health_score_validations.config_version)
          is distinct from (excluded.renewals_evaluated, excluded.auc, excluded.precision, excluded.recall, excluded.threshold, excluded.config_version)
$$;

revoke execute on function private.render_template(text, text, text, integer, public.health_status, integer),
  private.carry_out_interventions(uuid, date, private.fired_intervention[]),
  private.score_customers(uuid, date, uuid[], boolean),
  private.backfill_health_scores(uuid, date[]),
  private.score_isolated(uuid, date, uuid[], integer, integer, jsonb),
  private.health_validation(uuid, date, integer),
  private.store_health_validation(uuid, date, integer) from public;
grant execute on function private.render_template(text, text, text, integer, public.health_status, integer),
  private.carry_out_interventions(uuid, date, private.fired_intervention[]),
  private.score_customers(uuid, date, uuid[], boolean),
  private.backfill_health_scores(uuid, date[]),
  private.score_isolated(uuid, date, uuid[], integer, integer, jsonb),
  private.health_validation(uuid, date, integer),
  private.store_health_validation(uuid, date, integer) to service_role;
grant execute on function private.render_template(text, text, text, integer, public.health_status, integer) to authenticated;

-- ---------------------------------------------------------------------------------------------
-- The edge function's steps (service role only).

-- Every active customer of one organisation on one day, in one statement (the bench and backfills).
create function public.score_customers(p_org uuid, p_day date default current_date) returns jsonb
language sql
set search_path = ''
as $$
  select private.score_customers(p_org, p_day, null, true)
$$;

-- The organisations with customers to score.
create function public.health_job_orgs() returns setof uuid
language sql stable
set search_path = ''
as $$
  select o.id from public.organizations o
  where exists (select from public.customers c where c.org_id = o.id and c.churned_at is null)
  order by o.id
$$;

-- Opens a run for one organisation; refuses (55P03) while another run of it is under way. A run
-- left 'running' for 15 minutes is taken for dead and closed as failed.
create function public.health_job_start(p_org uuid, p_day date default current_date, p_triggered_by uuid default null) returns uuid
language plpgsql
set search_path = ''
as $$
declare
  v_run uuid;
begin
  perform pg_advisory_xact_lock(hashtextextended('health-score-job:' || p_org, 0));
  update public.job_runs
  set status = 'failed', finished_at = now(), errors = errors || '[{"message": "the run stopped without finishing"}]'
  where org_id = p_org and job = 'health-score' and status = 'running' and started_at < now() - interval '15 minutes';
  if exists (select from public.job_runs where org_id = p_org and job = 'health-score' and status = 'running') then
    raise exception 'a health score run for this organisation is already under way' using errcode = '55P03';
  end if;
  perform private.create_customer_success_defaults(p_org);
  insert into public.job_runs (org_id, job, day, triggered_by) values (p_org, 'health-score', p_day, p_triggered_by) returning id into v_run;
  return v_run;
end;
$$;

-- Scores the next `p_limit` active customers after `p_after` (by id) and adds the counts and
-- errors to the run. Answers {scored, failed, actions, errors, next_after, done}.
create function public.health_job_batch(p_run uuid, p_org uuid, p_day date, p_after uuid default null, p_limit integer default 2000) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_ids uuid[];
  v_scored integer;
  v_actions integer;
  v_errors jsonb;
begin
  if not exists (select from public.job_runs where org_id = p_org and id = p_run and status = 'running') then
    raise exception 'run % of this organisation is not running', p_run using errcode = 'P0002';
  end if;
  v_ids := array(
    select c.id from public.customers c
    where c.org_id = p_org and c.churned_at is null and c.contract_start <= p_day and (p_after is null or c.id > p_after)
    order by c.id limit p_limit);
  select s.scored, s.actions, s.errors into v_scored, v_actions, v_errors
  from private.score_isolated(p_org, p_day, v_ids, 0, 0, '[]') s;
  update public.job_runs
  set customers_scored = customers_scored + v_scored,
      customers_failed = customers_failed + jsonb_array_length(v_errors),
      actions = actions + v_actions,
      errors = (select coalesce(jsonb_agg(e), '[]') from (select e from jsonb_array_elements(errors || v_errors) e limit 100) kept)
  where org_id = p_org and id = p_run;
  return jsonb_build_object('scored', v_scored, 'failed', jsonb_array_length(v_errors), 'actions', v_actions, 'errors', v_errors,
                            'next_after', v_ids[cardinality(v_ids)], 'done', cardinality(v_ids) < p_limit);
end;
$$;

-- Closes a run: recomputes the validation, records the email counts and any error of the run
-- itself, and sets the status (partial when a customer or an email failed).
create function public.health_job_finish(p_run uuid, p_org uuid, p_emails_sent integer default 0, p_emails_failed integer default 0, p_error text default null)
returns public.job_runs
language plpgsql
set search_path = ''
as $$
declare
  v_run public.job_runs;
begin
  select * into v_run from public.job_runs where org_id = p_org and id = p_run;
  if not found then
    raise exception 'no run % in this organisation', p_run using errcode = 'P0002';
  end if;
  if p_error is null then
    perform private.store_health_validation(p_org, v_run.day);
  end if;
  update public.job_runs
  set finished_at = now(),
      emails_sent = emails_sent + p_emails_sent,
      emails_failed = emails_failed + p_emails_failed,
      errors = case when p_error is null then errors else errors || jsonb_build_array(jsonb_build_object('message', left(p_error, 2000))) end,
      status = case when p_error is not null then 'failed'
                    when customers_failed > 0 or p_emails_failed > 0 then 'partial'
                    else 'succeeded' end::public.job_run_status
  where org_id = p_org and id = p_run
  returning * into v_run;
  return v_run;
end;
$$;

-- Hands up to `p_limit` due emails of one organisation to the sender: queued ones, and ones a
-- sender claimed over 10 minutes ago without answering (it died). Each claim counts an attempt.
create function public.claim_outbox_emails(p_org uuid, p_limit integer default 50) returns setof public.email_outbox
language sql
set search_path = ''
as $$
  update public.email_outbox o
  set status = 'sending', attempts = o.attempts + 1, next_attempt_at = now() + interval '10 minutes'
  where o.id in (
    select q.id from public.email_outbox q
    where q.org_id = p_org and q.status in ('queued', 'sending') and q.next_attempt_at <= now()
    order by q.next_attempt_at
    limit p_limit
    for update skip locked)
  returning o.*
$$;

-- Records the provider's answers: [{"id", "provider_id"} | {"id", "error"}]. A failure is retried
-- after 1, 4, 16 and 64 minutes; the fifth failure is final.
create function public.complete_outbox_emails(p_org uuid, p_results jsonb) returns integer
language sql
set search_path = ''
as $$
  with results as (
    select (r ->> 'id')::uuid as id, r ->> 'provider_id' as provider_id, left(r ->> 'error', 2000) as error
    from jsonb_array_elements(p_results) r
  ),
  done as (
    update public.email_outbox o
    set status = case when x.error is null then 'sent' when o.attempts >= 5 then 'failed' else 'queued' end::public.email_status,
        sent_at = case when x.error is null then now() end,
        provider_id = coalesce(x.provider_id, o.provider_id),
        last_error = x.error,
        next_attempt_at = case when x.error is null then o.next_attempt_at else now() + interval '1 minute' * power(4, o.attempts - 1) end
    from results x
    where o.org_id = p_org and o.id = x.id and o.status = 'sending'
    returning 1
  )
  select count(*)::integer from done
$$;

revoke execute on function public.score_customers(uuid, date), public.health_job_orgs(), public.health_job_start(uuid, date, uuid),
  public.health_job_batch(uuid, uuid, date, uuid, integer), public.health_job_finish(uuid, uuid, integer, integer, text),
  public.claim_outbox_emails(uuid, integer), public.complete_outbox_emails(uuid, jsonb) from public, anon, authenticated;
grant execute on function public.score_customers(uuid, date), public.health_job_orgs(), public.health_job_start(uuid, date, uuid),
  public.health_job_batch(uuid, uuid, date, uuid, integer), public.health_job_finish(uuid, uuid, integer, integer, text),
  public.claim_outbox_emails(uuid, integer), public.complete_outbox_emails(uuid, jsonb) to service_role;
