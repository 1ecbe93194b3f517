-- The CSV health report (CS-9) by CSM: a lead CSM or an executive exports the report of one CSM's
-- book as well as the whole organisation's. *_cs_read_models.sql's customer_health_report had no
-- owner column, so the export could not filter by CSM (the page left that filter out). Same view,
-- same rows and columns, plus `owner_id` at the end; customers_owner_health_idx serves
-- owner_id = … ordered by health.

create or replace view public.customer_health_report with (security_invoker = true) as
select
  l.id,
  l.org_id,
  l.name as customer,
  l.domain,
  l.owner_name,
  l.tier,
  l.industry,
  l.segment,
  l.mrr,
  l.arr,
  l.currency,
  l.health_score,
  l.health_status,
  l.health_trend_7d,
  l.health_scored_on,
  l.last_login_on,
  (h.breakdown -> 'login_recency' ->> 'points')::numeric as login_recency_points,
  (h.breakdown -> 'feature_adoption' ->> 'points')::numeric as feature_adoption_points,
  (h.breakdown -> 'user_activity' ->> 'points')::numeric as user_activity_points,
  (h.breakdown -> 'onboarding' ->> 'points')::numeric as onboarding_points,
  (h.breakdown -> 'journey' ->> 'points')::numeric as journey_points,
  (h.breakdown -> 'support_tickets' ->> 'points')::numeric as support_tickets_points,
  (h.breakdown -> 'nps_csat' ->> 'points')::numeric as nps_csat_points,
  (h.breakdown -> 'payment_health' ->> 'points')::numeric as payment_health_points,
  (h.breakdown -> 'seat_utilisation' ->> 'points')::numeric as seat_utilisation_points,
  l.churn_risk,
  l.top_churn_factor,
  l.expansion_score,
  l.contract_end,
  l.next_renewal_date,
  l.next_renewal_risk,
  l.is_active,
  l.owner_id
from public.customer_list l
left join public.customer_health_scores h on h.org_id = l.org_id and h.customer_id = l.id and h.day = l.health_scored_on;

comment on view public.customer_health_report is 'The CSV health report (CS-9): one row per customer, the indicator points of its latest score (null: indicator not enabled). Filter owner_id for one CSM''s report.';
