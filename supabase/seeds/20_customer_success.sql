-- Customer-success demo (PRODUCT.md CS-1..CS-9): every one of Acme's 300 demo accounts is a
-- customer, owned by Casey (lead CSM) or Morgan (a CSM without the lead flag), with a year of daily
-- usage on one of five paths chosen by the account number:
--   healthy (half)        steady, broad use
--   declining (a fifth)   fine until 40-120 days ago, then sliding, some down to critical
--   recovering (a tenth)  a slump 90-200 days ago, climbing back since
--   churned (a tenth)     sliding for five months before leaving 30-240 days ago (a churned renewal)
--   new (a tenth)         signed 20-70 days ago, onboarding under way
-- Past renewals are renewed or churned, the next ones come up over the coming year. The health
-- history is scored by the same SQL as the daily job (weekly for the past year, daily for the last
-- month; playbooks and notifications for the last six days only), so the charts, the
-- interventions, the outbox and the validation of the score have data. Today is left for the job
-- ("Run now" or the schedule). Deterministic: integer hashes of the account number and day, no
-- random().

-- Morgan, a CSM who sees only their own customers.
with demo (id, email, full_name, role, org_id) as (
  values ('00000000-0000-4000-b000-000000000010'::uuid, 'csm@acme.test', 'Morgan Reyes', 'cs_manager', '00000000-0000-4000-a000-000000000001')
),
users as (
  insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                          raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
  select '00000000-0000-0000-0000-000000000000', id, 'authenticated', 'authenticated', email,
         extensions.crypt('demo-password', extensions.gen_salt('bf')), now(),
         jsonb_build_object('provider', 'email', 'providers', jsonb_build_array('email'), 'org_id', org_id, 'role', role),
         jsonb_build_object('full_name', full_name), now(), now()
  from demo
  returning id, email
)
insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select id::text, id, jsonb_build_object('sub', id::text, 'email', email, 'email_verified', true), 'email', now(), now(), now()
from users;

set constraints all immediate;
update public.profiles set title = 'Customer Success Manager', must_change_password = false
where id = '00000000-0000-4000-b000-000000000010';

-- Each customer's story.
create temporary table seed_customer on commit drop as
select g, md5('acme-customer-' || g)::uuid as id, md5('acme-account-' || g)::uuid as account_id,
       case when g % 3 = 0 then '00000000-0000-4000-b000-000000000005' else '00000000-0000-4000-b000-000000000010' end::uuid as owner_id,
       path, churn_days_ago,
       case path when 'new' then 20 + (g * 7) % 50
                 when 'churned' then churn_days_ago + 365 * (1 + g % 2)
                 else 400 + (g * 53) % 700 end as start_days_ago,
       40 + (g * 17) % 80 as decline_days,
       0.05 + (g % 3) * 0.15 as decline_to,
       10 + (g * 37) % 90 as seats,
       500 + ((g * 7919) % 40) * 250.00 as mrr
from generate_series(0, 299) g
cross join lateral (select case when g % 10 < 5 then 'healthy' when g % 10 < 7 then 'declining' when g % 10 = 7 then 'recovering'
                                when g % 10 = 8 then 'churned' else 'new' end as path) p
cross join lateral (select case when path = 'churned' then 30 + (g * 13) % 210 end as churn_days_ago) c;

insert into public.customers (id, org_id, account_id, owner_id, primary_contact_id, tier, contract_start, contract_end, mrr, currency,
                              onboarded_on, churned_at, churn_reason)
select s.id, '00000000-0000-4000-a000-000000000001', s.account_id, s.owner_id, md5('acme-contact-' || s.g || '-0')::uuid, a.tier,
       current_date - s.start_days_ago,
       case when s.path = 'churned' then current_date - s.churn_days_ago
            else current_date + (365 - s.start_days_ago % 365) end,
       s.mrr, 'USD',
       case when s.path <> 'new' then current_date - s.start_days_ago + 30 end,
       case when s.path = 'churned' then (current_date - s.churn_days_ago)::timestamptz end,
       case when s.path = 'churned' then (array['Budget cuts', 'Moved to a competitor', 'Low adoption', 'Acquired'])[1 + s.g % 4] end
from seed_customer s
join public.accounts a on a.id = s.account_id;

-- A year of daily usage (days before the contract started or after churn have none).
insert into public.customer_usage_daily (org_id, customer_id, day, logins, active_users, seats, features_used, features_available,
                                         onboarding_done, onboarding_total, tickets_low, tickets_medium, tickets_high, tickets_critical,
                                         nps_promoters, nps_passives, nps_detractors, csat_responses, csat_total, payment_status)
select '00000000-0000-4000-a000-000000000001', s.id, current_date - k,
       case when logs_in then active + round(active * r3 * 2)::integer else 0 end,
       case when logs_in then active else 0 end,
       s.seats,
       case when logs_in then least(20, round(20 * e * (0.7 + 0.5 * r2)))::integer else 0 end,
       20,
       case when s.path = 'new' then least(10, (s.start_days_ago - k) / 4) else 10 end,
       10,
       (r4 < 0.10)::integer,
       (r4 >= 0.10 and r4 < 0.10 + 0.08 * (1 - e))::integer,
       (r4 > 0.99 - 0.05 * (1 - e))::integer,
       (r4 > 0.999 - 0.02 * (1 - e))::integer,
       (nps_day and e > 0.65)::integer,
       (nps_day and e > 0.4 and e <= 0.65)::integer,
       (nps_day and e <= 0.4)::integer,
       csat_day::integer,
       case when csat_day then 1 + round(4 * e)::integer else 0 end,
       (case when e < 0.25 and s.g % 2 = 0 then 'overdue' when e < 0.4 and s.g % 3 = 0 then 'late' else 'current' end)::public.payment_status
from seed_customer s
cross join lateral generate_series(0, least(364, s.start_days_ago)) k
cross join lateral (select
  ((s.g * 7919 + k * 104729 + 1) * 2654435761::bigint % 1000003) / 1000003.0::float8 as r1,
  ((s.g * 6271 + k * 86011 + 2) * 2654435761::bigint % 1000003) / 1000003.0::float8 as r2,
  ((s.g * 5381 + k * 73009 + 3) * 2654435761::bigint % 1000003) / 1000003.0::float8 as r3,
  ((s.g * 4409 + k * 61339 + 4) * 2654435761::bigint % 1000003) / 1000003.0::float8 as r4,
  case when (extract(isodow from current_date) - k % 7 + 6) % 7 >= 5 then 0.35::float8 else 1::float8 end as weekday,
  (k + s.g) % 30 = 0 as nps_day) h
cross join lateral (select (case s.path
  when 'healthy' then 0.55 + 0.3 * (s.g % 5) / 4.0 + 0.06 * sin(k / 7.0 + s.g)
  when 'declining' then case when k >= s.decline_days then 0.8 else s.decline_to + (0.8 - s.decline_to) * k / s.decline_days end
  when 'recovering' then case when k > 200 then 0.75 when k >= 90 then 0.2 else 0.2 + 0.55 * (90 - k) / 90.0 end
  when 'churned' then case when k > s.churn_days_ago + 150 then 0.7 else 0.05 + 0.65 * (k - s.churn_days_ago) / 150.0 end
  else 0.3 + 0.4 * least(1, (s.start_days_ago - k) / 30.0) end)::float8 as e) eng
cross join lateral (select
  h.r1 < least(0.97, eng.e * 1.4 * h.weekday) as logs_in,
  least(s.seats, greatest(1, round(s.seats * eng.e * h.weekday * (0.6 + 0.5 * h.r2))))::integer as active,
  (k + s.g) % 20 = 5 and h.r4 < 0.5 as csat_day) u
where s.churn_days_ago is null or k >= s.churn_days_ago;

-- Renewals: the last one (renewed, or churned on the churn day) and the next one.
insert into public.renewals (org_id, customer_id, renewal_date, current_value, proposed_value, currency, status, closed_on, notes)
select '00000000-0000-4000-a000-000000000001', s.id, r.renewal_date, s.mrr * 12, r.proposed, 'USD', r.status::public.renewal_status,
       case when r.status in ('renewed', 'churned') then r.renewal_date end, r.notes
from seed_customer s
cross join lateral (values
  (case when s.path = 'churned' then current_date - s.churn_days_ago
        when s.start_days_ago >= 365 then current_date - s.start_days_ago % 365 end,
   case when s.path = 'churned' then null else round(s.mrr * 12 * 1.05, 2) end,
   case when s.path = 'churned' then 'churned' else 'renewed' end,
   null),
  (case when s.path <> 'churned' then current_date + (365 - s.start_days_ago % 365) end,
   round(s.mrr * 12 * case s.path when 'declining' then 0.9 when 'healthy' then 1.03 + (s.g % 5) * 0.02 else 1 end, 2),
   case when 365 - s.start_days_ago % 365 <= 60 and s.g % 2 = 0 then 'in_progress' else 'upcoming' end,
   case when s.path = 'declining' then 'Usage is sliding: propose a smaller plan with onboarding for new users.' end)
) as r (renewal_date, proposed, status, notes)
where r.renewal_date is not null;

-- The support log: an onboarding call, quarterly check-ins, technical support for those in
-- trouble, upgrade talks with the happiest.
insert into public.support_interactions (org_id, customer_id, owner_id, kind, occurred_at, summary, outcome, sentiment)
select '00000000-0000-4000-a000-000000000001', s.id, s.owner_id, i.kind::public.support_interaction_kind, i.at, i.summary, i.outcome,
       i.sentiment::public.activity_sentiment
from seed_customer s
cross join lateral (values
  ('onboarding_call', current_date - s.start_days_ago + 3 + time '10:00', 'Kick-off: goals, admins and the first three workflows', 'Onboarding plan agreed', 'positive'),
  ('check_in', current_date - least(s.start_days_ago - 1, 20 + s.g % 60) + time '15:00', 'Quarterly check-in',
   case when s.path in ('declining', 'churned') then 'Fewer people using it; champion changed roles' else 'Happy; asked about the roadmap' end,
   case when s.path in ('declining', 'churned') then 'negative' else 'positive' end),
  ('technical_support', case when s.path in ('declining', 'recovering') then current_date - (5 + s.g % 25) + time '11:30' end,
   'Sync errors with their CRM integration', 'Escalated to engineering', 'neutral'),
  ('upgrade_discussion', case when s.path = 'healthy' and s.g % 4 = 0 then current_date - (3 + s.g % 10) + time '16:00' end,
   'Wants 20 more seats for the EMEA team', 'Proposal sent', 'positive')
) as i (kind, at, summary, outcome, sentiment)
where i.at is not null and (s.churn_days_ago is null or i.at < current_date - s.churn_days_ago);

-- Globex: a few customers no Acme user may ever see.
insert into public.customers (id, org_id, account_id, owner_id, tier, contract_start, contract_end, mrr, currency)
select md5('globex-customer-' || g)::uuid, '00000000-0000-4000-a000-000000000002', md5('globex-account-' || g)::uuid,
       '00000000-0000-4000-b000-000000000006', 2, current_date - 200, current_date + 165, 800 * g, 'EUR'
from generate_series(1, 5) g;

insert into public.customer_usage_daily (org_id, customer_id, day, logins, active_users, seats, features_used, features_available, onboarding_done, onboarding_total)
select '00000000-0000-4000-a000-000000000002', md5('globex-customer-' || g)::uuid, current_date - k, 10 + g, 5, 10, 8, 20, 10, 10
from generate_series(1, 5) g cross join generate_series(0, 59) k;

insert into public.renewals (org_id, customer_id, renewal_date, current_value, currency)
select '00000000-0000-4000-a000-000000000002', md5('globex-customer-' || g)::uuid, current_date + 165, 9600 * g, 'EUR'
from generate_series(1, 5) g;

-- The health history: the year before last week backfilled in one pass (weekly, daily for the
-- last month), then the last seven days scored day by day by the job's own SQL
-- (private.score_customers), which records milestones quietly on the first of them and from then
-- on fires playbooks and notifies as the job would.
select private.backfill_health_scores('00000000-0000-4000-a000-000000000001',
  array(select current_date - k from generate_series(8, 330) k where k <= 30 or k % 7 = 0 order by k desc));
select private.backfill_health_scores('00000000-0000-4000-a000-000000000002', array[current_date - 8]);

do $$
begin
  for k in reverse 7..1 loop
    perform private.score_customers('00000000-0000-4000-a000-000000000001', current_date - k, null, k < 7);
    perform private.score_customers('00000000-0000-4000-a000-000000000002', current_date - k, null, false);
  end loop;
  perform private.store_health_validation(o, current_date - 1)
  from unnest(array['00000000-0000-4000-a000-000000000001', '00000000-0000-4000-a000-000000000002']::uuid[]) o;
end;
$$;
