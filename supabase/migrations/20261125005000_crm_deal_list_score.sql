-- The deals list shows each deal's score (GOV-1), which *_gov_deal_scores.sql keeps in
-- public.deal_scores; deal_list (*_crm_read_models.sql) did not expose it.
-- Redefines deal_list with two columns appended, score and score_class, and every other column as
-- before. The score is a left join on deal_scores' primary key, like the view's other joins: a
-- page of the list looks up one score per row, and a count or a filter on deal columns alone never
-- touches deal_scores. deal_scores' own policy applies (security invoker): it reads by owner like
-- deals, so a reader sees the scores of exactly the deals they see. A deal not scored yet has null.
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
    ), true) as is_stale,
  sc.score,
  sc.classification as score_class
from public.deals d
-- Left joins on primary keys: a count or a filter on deal columns alone never touches these tables.
left join public.accounts a on a.id = d.account_id
left join public.profiles owner on owner.id = d.owner_id
left join public.pipeline_stages s on s.id = d.stage_id
left join public.deal_scores sc on sc.deal_id = d.id;

comment on column public.deal_list.score is 'The deal''s current score 0-100 (public.deal_scores), null until it is first scored.';
comment on column public.deal_list.score_class is 'The class of that score (A/B/C/D by default).';
