-- The deal score (PRODUCT.md GOV-1, GOV-2, GOV-6): one engine for the trigger that keeps every
-- deal's score current, the rescoring after a model change, the settings preview and the deal
-- page's explanation.
--
--   private.deal_score_inputs(ids)   each deal's nine factor inputs (one query: the deal, its
--                                    account's segment median, its stage norm, its last activity)
--   private.score_values(model, x)   score 0-100, classification and each factor's contribution;
--                                    the contributions add up to the score exactly (cumulative
--                                    rounding: contribution i = round(sum of raw points up to i)
--                                    - round(sum up to i - 1))
--   private.refresh_deal_scores(ids) stores what changed in deal_scores and deal_score_history
--   public.score_deal(id)            the explanation: contributions, and per factor the best
--                                    achievable gain and the change that earns it
--   public.score_deal_values(...)    the pure function, for tests, what-ifs and set-based use
--
-- Scores live in deal_scores (one row per deal, keyed by deal_id) rather than in columns of deals:
-- rescoring a million deals writes a narrow table with two indexes instead of rewriting every deal
-- row and its nine indexes (measured 3x slower), and it neither bumps deals.version (a rescore is
-- not an edit anyone could conflict with) nor floods the audit log; deal_score_history is the
-- score's audit trail. PostgREST embeds it one-to-one: deals?select=*,deal_scores(score,classification).
--
-- A closed deal keeps the score it closed with; renewals and expansions are scored like new deals
-- by the same model (GOV-6). Time-based inputs (days since the last activity, days in stage) are
-- measured up to now for open deals and up to the close for closed ones; the daily rescore
-- (*_gov_rescore.sql) catches the drift of deals nobody touched.

create table public.deal_scores (
  deal_id uuid primary key references public.deals (id) on delete cascade,
  org_id uuid not null references public.organizations (id) on delete cascade,
  owner_id uuid not null,
  status public.deal_status not null,
  score smallint not null constraint deal_scores_score_range check (score between 0 and 100),
  classification text not null,
  contributions jsonb not null,
  model_version integer not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
) with (fillfactor = 70);
-- Row level security reads by owner like deals (owner and status follow the deal).
create index deal_scores_owner_idx on public.deal_scores (org_id, owner_id);

comment on table public.deal_scores is 'Each deal''s current score, kept by the database (triggers on deals and activities, rescoring after a model change, the daily rescore). Embed from deals: select=*,deal_scores(score,classification,contributions).';
comment on column public.deal_scores.contributions is 'Points each factor contributes, {"discount": 8, "margin": 12, ...}; they add up to score.';
comment on column public.deal_scores.updated_at is 'When the score, classification or contributions last changed.';

create table public.deal_score_history (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  deal_id uuid not null,
  score smallint not null constraint deal_score_history_score_range check (score between 0 and 100),
  classification text not null,
  previous_score smallint,
  previous_classification text,
  model_version integer not null,
  reason text not null constraint deal_score_history_reason_known
    check (reason in ('created', 'deal_change', 'activity', 'model_change', 'daily', 'manual')),
  scored_at timestamptz not null default clock_timestamp(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (org_id, deal_id) references public.deals (org_id, id) on delete cascade
);
create index deal_score_history_deal_idx on public.deal_score_history (org_id, deal_id, scored_at);
create index deal_score_history_org_idx on public.deal_score_history (org_id, scored_at);

comment on table public.deal_score_history is 'One row each time a deal''s score or classification changed, with why (reason) and the model version.';

alter table public.deal_scores enable row level security;
alter table public.deal_score_history enable row level security;
grant select on public.deal_scores, public.deal_score_history to authenticated;
grant select, insert, update, delete on public.deal_scores, public.deal_score_history to service_role;

-- Executives and admins read every owner's: said once per statement, so their reads at a million
-- deals do not search the organisation's owner array row by row.
create policy "members read the scores of deals they read" on public.deal_scores
  for select to authenticated
  using (org_id = (select private.current_org_id())
         and ((select private.has_role('executive', 'admin')) or owner_id = any (array(select private.visible_owner_ids()))));

create policy "members read the score history of deals they read" on public.deal_score_history
  for select to authenticated
  using (org_id = (select private.current_org_id())
         and exists (select from public.deals d where d.org_id = deal_score_history.org_id and d.id = deal_score_history.deal_id));

create trigger deal_scores_keep_org_id before update of org_id on public.deal_scores
  for each row execute function private.keep_org_id();
create trigger deal_score_history_keep_org_id before update of org_id on public.deal_score_history
  for each row execute function private.keep_org_id();

-- ---------------------------------------------------------------------------------------------
-- The compiled model: per factor its weight, whether it is bands or a curve, and its x / score
-- arrays as float8, so that scoring a deal is arithmetic and width_bucket() (a binary search),
-- no jsonb. Factors are always the nine of public.scoring_factor, in that order; a factor the model
-- leaves out has weight null (scores nothing).

do $$
declare
  fields text;
begin
  select string_agg(format('%1$s_w float8, %1$s_bands boolean, %1$s_x float8[], %1$s_y float8[]', f), ', ' order by ord)
  into fields
  from unnest(enum_range(null::public.scoring_factor)) with ordinality as u (f, ord);
  execute format('create type private.scoring_compiled as (model_id uuid, version integer, %s, class_min float8[], class_label text[])', fields);
end;
$$;

create type private.scoring_result as (
  score smallint,
  classification text,
  contributions smallint[],
  points float8[]
);

-- A definition (the jsonb of private.scoring_model_definition) compiled. Classification bands are
-- stored ascending (lowest first) for width_bucket.
create function private.compile_scoring(definition jsonb, model_id uuid default null, version integer default null)
returns private.scoring_compiled
language sql immutable
set search_path = ''
as $$
  select jsonb_populate_record(
    null::private.scoring_compiled,
    jsonb_build_object(
      'model_id', model_id,
      'version', version,
      'class_min', (select jsonb_agg(b -> 'min_score' order by (b ->> 'min_score')::numeric) from jsonb_array_elements(definition -> 'classification_bands') b),
      'class_label', (select jsonb_agg(b -> 'label' order by (b ->> 'min_score')::numeric) from jsonb_array_elements(definition -> 'classification_bands') b))
    || coalesce((
      select jsonb_object_agg(f.key || v.suffix, v.value)
      from jsonb_each(definition -> 'factors') f
      cross join lateral (
        values ('_w', f.value -> 'weight'),
               ('_bands', to_jsonb(f.value -> 'curve' ->> 'type' = 'bands')),
               ('_x', (select jsonb_agg(p -> case when f.value -> 'curve' ->> 'type' = 'bands' then 'from' else 'x' end)
                       from jsonb_array_elements(f.value -> 'curve' -> case when f.value -> 'curve' ->> 'type' = 'bands' then 'bands' else 'points' end) p)),
               ('_y', (select jsonb_agg(p -> 'score')
                       from jsonb_array_elements(f.value -> 'curve' -> case when f.value -> 'curve' ->> 'type' = 'bands' then 'bands' else 'points' end) p))
      ) as v (suffix, value)
    ), '{}'))
$$;

-- The active model of each organisation, compiled once when it is activated (an activated version
-- is frozen), so that scoring a deal on every update reads one row instead of compiling jsonb.
-- Private: only the scoring functions read it.
create table private.active_scoring_models (
  org_id uuid primary key references public.organizations (id) on delete cascade,
  model_id uuid not null references public.scoring_models (id) on delete cascade,
  version integer not null,
  compiled private.scoring_compiled not null
);
create index active_scoring_models_model_idx on private.active_scoring_models (model_id);

create function private.cache_active_scoring_model() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into private.active_scoring_models (org_id, model_id, version, compiled)
  values (new.org_id, new.id, new.version, private.compile_scoring(private.scoring_model_definition(new.id), new.id, new.version))
  on conflict (org_id) do update set model_id = excluded.model_id, version = excluded.version, compiled = excluded.compiled;
  return null;
end;
$$;
revoke execute on function private.cache_active_scoring_model() from public;

-- Named to fire before scoring_models_rescore_on_activation (*_gov_rescore.sql): the rescore reads it.
create trigger scoring_models_cache_on_activation after update of is_active on public.scoring_models
  for each row when (new.is_active and not old.is_active) execute function private.cache_active_scoring_model();

insert into private.active_scoring_models (org_id, model_id, version, compiled)
select m.org_id, m.id, m.version, private.compile_scoring(private.scoring_model_definition(m.id), m.id, m.version)
from public.scoring_models m where m.is_active;

-- The active model of an organisation, compiled.
create function private.active_scoring_model(org uuid) returns private.scoring_compiled
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (select a.compiled from private.active_scoring_models a where a.org_id = org);
end;
$$;

-- The engine. x holds the nine inputs in factor order (null = unknown: the factor scores 0). A
-- factor earns points = weight × (its curve's or band's score at x) / 100; contributions are the
-- points rounded cumulatively so that they add up to the rounded total, the score. Written once
-- per factor from the template below (plpgsql loops and per-factor calls cost 5x more at a
-- million deals).
do $do$
declare
  template constant text := $t$
  -- %1$s
  if x[%2$s] is null or coalesce(m.%1$s_w, 0) = 0 then
    p[%2$s] := 0;
  else
    b := width_bucket(x[%2$s], m.%1$s_x);
    n := cardinality(m.%1$s_x);
    p[%2$s] := case
      when m.%1$s_bands then m.%1$s_y[greatest(b, 1)]
      when b = 0 then m.%1$s_y[1]
      when b >= n then m.%1$s_y[n]
      else m.%1$s_y[b] + (x[%2$s] - m.%1$s_x[b]) * (m.%1$s_y[b + 1] - m.%1$s_y[b]) / (m.%1$s_x[b + 1] - m.%1$s_x[b])
    end;
  end if;
  total := total + coalesce(m.%1$s_w, 0) * p[%2$s] / 100;
  rounded := floor(total + 0.5 + 1e-9);
  c[%2$s] := rounded - previous;
  previous := rounded;
$t$;
  body text;
begin
  select string_agg(format(template, f, ord), '' order by ord) into body
  from unnest(enum_range(null::public.scoring_factor)) with ordinality as u (f, ord);
  execute format($f$
create function private.score_values(m private.scoring_compiled, x float8[]) returns private.scoring_result
language plpgsql immutable parallel safe
set search_path = ''
as $body$
declare
  p float8[] := array_fill(0::float8, array[9]);
  c smallint[] := array_fill(0::smallint, array[9]);
  b integer;
  n integer;
  total float8 := 0;
  rounded integer;
  previous integer := 0;
begin
%s
  return row(previous, m.class_label[greatest(width_bucket(previous, m.class_min), 1)], c, p)::private.scoring_result;
end;
$body$$f$, body);
end;
$do$;

-- {"discount": 8, ...} from the contributions array (one jsonb_build_object: an aggregate per deal
-- costs more than scoring it).
do $do$
begin
  execute format($f$
create function private.contributions_json(c smallint[]) returns jsonb
language plpgsql immutable parallel safe
set search_path = ''
as $body$
begin
  return jsonb_build_object(%s);
end;
$body$
$f$, (select string_agg(format('%L, c[%s]', f, ord), ', ' order by ord)
      from unnest(enum_range(null::public.scoring_factor)) with ordinality as u (f, ord)));
end;
$do$;

-- The MEDDPICC fields, in order, with the labels public.deal_fields() gives them.
create function private.meddpicc_fields() returns text[]
language sql immutable
set search_path = ''
as $$
  select '{metrics,economic_buyer,decision_criteria,decision_process,paper_process,identified_pain,champion,competition}'::text[]
$$;

-- Each deal's inputs, as of now for an open deal and as of its close for a closed one:
--   1 discount       discount_pct (none = 0)
--   2 margin         margin_pct
--   3 deal_size      amount as % of the median won amount of the account's segment (else of the
--                    organisation; with no won deals yet every deal counts as at the median)
--   4 term           contract_term_months
--   5 payment_terms  payment_terms_days
--   6 meddpicc       MEDDPICC fields filled in (0-8)
--   7 engagement     whole days since the last call, meeting, email, note or completed task (none:
--                    since the deal was created)
--   8 days_in_stage  whole days in the stage as % of the stage norm (scoring_stage_norms, else the
--                    stage's rotting days, else 30)
--   9 competition    competitors named
-- Security definer: a score counts every activity of the deal, whoever logged it. plpgsql, so that
-- its plan is kept for the session instead of planned on every deal update.
create function private.deal_score_inputs(deal_ids uuid[])
returns table (
  deal_id uuid,
  org_id uuid,
  owner_id uuid,
  status public.deal_status,
  segment_median numeric,
  stage_norm_days numeric,
  last_activity_at timestamptz,
  days_since_activity integer,
  days_in_stage integer,
  meddpicc_filled integer,
  x float8[]
)
language plpgsql stable security definer
set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
  select d.id, d.org_id, d.owner_id, d.status, v.median, v.norm, act.occurred_at, v.idle_days, v.stage_days, v.meddpicc,
         array[
           coalesce(d.discount_pct, 0)::float8,
           d.margin_pct::float8,
           case when d.amount is null then null when v.median is null then 100 else d.amount::float8 / v.median::float8 * 100 end,
           d.contract_term_months::float8,
           d.payment_terms_days::float8,
           v.meddpicc::float8,
           v.idle_days::float8,
           v.stage_days::float8 / v.norm::float8 * 100,
           cardinality(d.competitors)::float8
         ]
  from public.deals d
  left join public.accounts a on a.id = d.account_id
  left join public.scoring_segment_medians seg on seg.org_id = d.org_id and seg.segment = a.segment
  left join public.scoring_segment_medians org_wide on org_wide.org_id = d.org_id and org_wide.segment is null
  left join public.pipeline_stages s on s.id = d.stage_id
  left join public.scoring_stage_norms sn on sn.org_id = d.org_id and sn.stage_id = d.stage_id
  cross join lateral (select coalesce(d.closed_at, now()) as as_of) t
  left join lateral (
    select a2.occurred_at from public.activities a2
    where a2.org_id = d.org_id and a2.deal_id = d.id and a2.occurred_at <= t.as_of and (a2.type <> 'task' or a2.done)
    order by a2.occurred_at desc
    limit 1
  ) act on true
  cross join lateral (
    select coalesce(seg.median_amount, org_wide.median_amount) as median,
           coalesce(sn.norm_days, s.rotting_days, 30) as norm,
           greatest(floor(extract(epoch from t.as_of - coalesce(act.occurred_at, d.created_at)) / 86400), 0)::integer as idle_days,
           greatest(floor(extract(epoch from t.as_of - d.stage_entered_at) / 86400), 0)::integer as stage_days,
           (num_nonnulls(nullif(btrim(d.metrics), ''), nullif(btrim(d.economic_buyer), ''), nullif(btrim(d.decision_criteria), ''),
                         nullif(btrim(d.decision_process), ''), nullif(btrim(d.paper_process), ''), nullif(btrim(d.identified_pain), ''),
                         nullif(btrim(d.champion), ''), nullif(btrim(d.competition), '')))::integer as meddpicc
  ) v
  where d.id = any (deal_ids);
end;
$$;

-- Hook for approvals (replaced by *_gov_approvals.sql): called with the deals whose values or
-- score changed, and with the deals a statement is moving into a won stage.
create function private.sync_deal_approvals(deal_ids uuid[], closing_ids uuid[] default '{}') returns void
language plpgsql
set search_path = ''
as $$
begin
end;
$$;

-- Scores the given deals with their organisation's active model and stores what changed: the
-- score row (open deals, and deals that have none yet; a closed deal keeps the score it closed
-- with and only follows its owner and status) and a history row when the score or class moved.
-- Returns the deals whose score or class changed. Set-based: the triggers pass one statement's
-- deals, the rescore a batch.
create function private.refresh_deal_scores(deal_ids uuid[], reason text) returns uuid[]
language plpgsql security definer
set search_path = ''
as $$
declare
  changed uuid[];
begin
  with computed as (
    select i.deal_id, i.org_id, i.owner_id, i.status,
           coalesce(r.score, cur.score) as score,
           coalesce(r.classification, cur.classification) as classification,
           coalesce(private.contributions_json(r.contributions), cur.contributions) as contributions,
           case when r.score is not null then (mo.compiled).version else cur.model_version end as model_version,
           cur.deal_id is not null as existed, cur.score as previous_score, cur.classification as previous_classification
    from private.deal_score_inputs(deal_ids) i
    join private.active_scoring_models mo on mo.org_id = i.org_id
    left join public.deal_scores cur on cur.deal_id = i.deal_id
    left join lateral (
      select sv.* from private.score_values(mo.compiled, i.x) sv
      where i.status = 'open' or cur.deal_id is null
    ) r on true
    where r.score is not null or (cur.owner_id, cur.status) is distinct from (i.owner_id, i.status)
  ),
  stored as (
    insert into public.deal_scores as s (deal_id, org_id, owner_id, status, score, classification, contributions, model_version)
    select c.deal_id, c.org_id, c.owner_id, c.status, c.score, c.classification, c.contributions, c.model_version
    from computed c
    on conflict (deal_id) do update
      set owner_id = excluded.owner_id, status = excluded.status, score = excluded.score, classification = excluded.classification,
          contributions = excluded.contributions, model_version = excluded.model_version,
          updated_at = case when (s.score, s.classification, s.contributions) is distinct from (excluded.score, excluded.classification, excluded.contributions)
                            then now() else s.updated_at end
      where (s.owner_id, s.status, s.score, s.classification, s.contributions, s.model_version)
            is distinct from (excluded.owner_id, excluded.status, excluded.score, excluded.classification, excluded.contributions, excluded.model_version)
    returning s.deal_id
  ),
  recorded as (
    insert into public.deal_score_history (org_id, deal_id, score, classification, previous_score, previous_classification, model_version, reason)
    select c.org_id, c.deal_id, c.score, c.classification, c.previous_score, c.previous_classification, c.model_version,
           case when not c.existed then 'created' else refresh_deal_scores.reason end
    from computed c
    where c.deal_id in (select deal_id from stored)
      and (c.score, c.classification) is distinct from (c.previous_score, c.previous_classification)
    returning deal_id
  )
  select coalesce(array_agg(deal_id), '{}') into changed from recorded;
  return changed;
end;
$$;

revoke execute on function private.compile_scoring(jsonb, uuid, integer), private.active_scoring_model(uuid),
  private.score_values(private.scoring_compiled, float8[]), private.contributions_json(smallint[]), private.meddpicc_fields(),
  private.deal_score_inputs(uuid[]), private.sync_deal_approvals(uuid[], uuid[]), private.refresh_deal_scores(uuid[], text) from public;
grant execute on function private.compile_scoring(jsonb, uuid, integer), private.score_values(private.scoring_compiled, float8[]),
  private.contributions_json(smallint[]), private.meddpicc_fields() to authenticated, service_role;
grant execute on function private.active_scoring_model(uuid) to authenticated;
grant execute on function private.active_scoring_model(uuid), private.deal_score_inputs(uuid[]), private.sync_deal_approvals(uuid[], uuid[]),
  private.refresh_deal_scores(uuid[], text) to service_role;

-- ---------------------------------------------------------------------------------------------
-- Triggers. Statement-level with transition tables: one set-based pass per statement, whether a
-- rep edits one deal or an import writes thousands. Only changes of what a score or an approval
-- reads count. They run as definer: the score row and history are the database's to write.

create function private.rescore_changed_deals() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  ids uuid[];
  closing uuid[];
  changed uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(n.id) into ids from new_deals n;
  else
    select array_agg(n.id),
           coalesce(array_agg(n.id) filter (where n.status = 'won' and o.status <> 'won'), '{}')
    into ids, closing
    from new_deals n join old_deals o on o.id = n.id
    where (n.discount_pct, n.margin_pct, n.amount, n.list_price, n.currency, n.account_id, n.contract_term_months, n.payment_terms_days,
           n.metrics, n.economic_buyer, n.decision_criteria, n.decision_process, n.paper_process, n.identified_pain, n.champion,
           n.competition, n.competitors, n.pipeline_id, n.stage_id, n.stage_entered_at, n.status, n.closed_at, n.owner_id, n.deal_type)
          is distinct from
          (o.discount_pct, o.margin_pct, o.amount, o.list_price, o.currency, o.account_id, o.contract_term_months, o.payment_terms_days,
           o.metrics, o.economic_buyer, o.decision_criteria, o.decision_process, o.paper_process, o.identified_pain, o.champion,
           o.competition, o.competitors, o.pipeline_id, o.stage_id, o.stage_entered_at, o.status, o.closed_at, o.owner_id, o.deal_type);
  end if;
  if ids is null then
    return null;
  end if;
  changed := private.refresh_deal_scores(ids, case when tg_op = 'INSERT' then 'created' else 'deal_change' end);
  perform private.sync_deal_approvals(ids, coalesce(closing, '{}'));
  return null;
end;
$$;

-- A logged (or deleted) activity moves the deal's engagement input.
create function private.rescore_deals_of_activities() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  ids uuid[];
  changed uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct n.deal_id) into ids from new_activities n where n.deal_id is not null;
  elsif tg_op = 'DELETE' then
    select array_agg(distinct o.deal_id) into ids from old_activities o where o.deal_id is not null;
  else
    select array_agg(distinct x.deal_id) into ids
    from new_activities n join old_activities o on o.id = n.id
    cross join lateral (values (n.deal_id), (o.deal_id)) x (deal_id)
    where x.deal_id is not null
      and (n.deal_id, n.occurred_at, n.type, n.done) is distinct from (o.deal_id, o.occurred_at, o.type, o.done);
  end if;
  if ids is null then
    return null;
  end if;
  changed := private.refresh_deal_scores(ids, 'activity');
  if cardinality(changed) > 0 then
    perform private.sync_deal_approvals(changed);
  end if;
  return null;
end;
$$;

revoke execute on function private.rescore_changed_deals(), private.rescore_deals_of_activities() from public;

-- After triggers fire in name order: deals_score_* (scores) before deals_seek_approval_* if any.
create trigger deals_score_on_insert after insert on public.deals
  referencing new table as new_deals
  for each statement execute function private.rescore_changed_deals();
create trigger deals_score_on_update after update on public.deals
  referencing old table as old_deals new table as new_deals
  for each statement execute function private.rescore_changed_deals();

create trigger activities_score_deals_on_insert after insert on public.activities
  referencing new table as new_activities
  for each statement execute function private.rescore_deals_of_activities();
create trigger activities_score_deals_on_update after update on public.activities
  referencing old table as old_activities new table as new_activities
  for each statement execute function private.rescore_deals_of_activities();
create trigger activities_score_deals_on_delete after delete on public.activities
  referencing old table as old_activities
  for each statement execute function private.rescore_deals_of_activities();

-- ---------------------------------------------------------------------------------------------
-- The explanation (GOV-2). For each factor: its input, the points its curve gives, the
-- contribution, the most it could contribute, and the best achievable gain with the change that
-- earns it: the nearest input value (within what the field allows, in its own steps: cents of a
-- per cent, whole days and months) at which the score is highest. The gain is the whole score
-- recomputed with that one input changed, so applying the change raises the score by exactly the
-- gain (as long as nothing else changes meanwhile).

-- Candidate inputs for factor k: its curve's points or each band's first and last value, within
-- the field's range and steps.
create function private.scoring_candidates(m private.scoring_compiled, k integer, current float8) returns float8[]
language plpgsql immutable
set search_path = ''
as $$
declare
  factor constant text := (enum_range(null::public.scoring_factor))[k]::text;
  xs float8[];
  bands boolean;
  raw float8[] := '{}';
  step float8;
  low float8;
  high float8;
  result float8[] := '{}';
  v float8;
  rounded numeric;
  i integer;
begin
  execute format('select ($1).%1$s_x, ($1).%1$s_bands', factor) into xs, bands using m;
  if factor in ('engagement', 'days_in_stage') then
    return array[0::float8];
  end if;
  step := case when factor in ('discount', 'margin', 'deal_size') then 0.01 else 1 end;
  low := case factor when 'margin' then -100 when 'term' then 1 when 'meddpicc' then coalesce(current, 0) else 0 end;
  high := case factor when 'discount' then 100 when 'margin' then 100 when 'term' then 120 when 'payment_terms' then 365
                      when 'meddpicc' then 8 when 'competition' then 20 else 1e9 end;
  if xs is null then
    return '{}';
  end if;
  for i in 1 .. cardinality(xs) loop
    raw := raw || xs[i];
    if bands and i < cardinality(xs) then
      raw := raw || (xs[i + 1] - step);
    end if;
  end loop;
  raw := raw || low || high;
  -- in the field's steps (numeric: 19.99 / 0.01 is not 1999 in float8), both neighbours
  foreach v in array raw loop
    foreach rounded in array array[floor(v::numeric / step::numeric) * step::numeric, ceil(v::numeric / step::numeric) * step::numeric] loop
      if rounded between low and high and not rounded::float8 = any (result) then
        result := result || rounded::float8;
      end if;
    end loop;
  end loop;
  return result;
end;
$$;

create function private.format_number(value numeric) returns text
language sql immutable
set search_path = ''
as $$
  select case when value = trunc(value) and abs(value) < 1e15 then to_char(value, 'FM999,999,999,999,990')
              else to_char(value, 'FM999,999,999,999,990.00') end
$$;

create function private.explain_deal_score(deal uuid) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  d public.deals;
  i record;
  m private.scoring_compiled;
  model public.scoring_models;
  base private.scoring_result;
  trial private.scoring_result;
  x float8[];
  k integer;
  candidate float8;
  best_score integer;
  best_x float8;
  best_amount numeric;
  amount numeric;
  factors jsonb := '[]';
  suggestion jsonb;
  best jsonb;
  catalog record;
  weight float8;
  missing text[];
  text_ text;
  gain integer;
  stage_name text;
begin
  select * into d from public.deals where id = deal;
  select * into i from private.deal_score_inputs(array[deal]);
  select * into model from public.scoring_models where org_id = d.org_id and is_active;
  m := private.active_scoring_model(d.org_id);
  base := private.score_values(m, i.x);
  missing := array(
    select f from unnest(private.meddpicc_fields()) f
    where nullif(btrim(to_jsonb(d) ->> f), '') is null
  );
  select s.name into stage_name from public.pipeline_stages s where s.id = d.stage_id;

  for catalog in select * from public.scoring_factor_catalog() c order by c.position loop
    k := catalog.position;
    execute format('select ($1).%s_w', catalog.factor) into weight using m;
    suggestion := null;
    best_score := base.score;
    best_x := null;
    best_amount := null;
    if d.status = 'open' and coalesce(weight, 0) > 0 then
      foreach candidate in array private.scoring_candidates(m, k, i.x[k]) loop
        amount := null;
        x := i.x;
        if catalog.factor = 'deal_size' then
          if i.segment_median is null then
            continue when d.amount is not null;
            candidate := 100;
          else
            -- the amount that gives this ratio, in cents, rounded towards the candidate's side
            amount := case when candidate >= coalesce(i.x[k], 0) then ceil(candidate::numeric * i.segment_median) / 100
                           else floor(candidate::numeric * i.segment_median) / 100 end;
            candidate := amount::float8 / i.segment_median::float8 * 100;
          end if;
        end if;
        x[k] := candidate;
        trial := private.score_values(m, x);
        if trial.score > best_score
           or (trial.score = best_score and best_x is not null
               and abs(candidate - coalesce(i.x[k], 0)) < abs(best_x - coalesce(i.x[k], 0))) then
          best_score := trial.score;
          best_x := candidate;
          best_amount := amount;
        end if;
      end loop;
    end if;

    gain := best_score - base.score;
    if gain > 0 then
      text_ := case catalog.factor
        when 'discount' then format('%s the discount from %s %% to %s %%', case when best_x < i.x[k] then 'Lower' else 'Raise' end,
                                    private.format_number(i.x[k]::numeric), private.format_number(best_x::numeric))
        when 'margin' then case when i.x[k] is null then format('Set the margin to %s %%', private.format_number(best_x::numeric))
                                else format('%s the margin from %s %% to %s %%', case when best_x < i.x[k] then 'Lower' else 'Raise' end,
                                            private.format_number(i.x[k]::numeric), private.format_number(best_x::numeric)) end
        when 'deal_size' then case
          when d.amount is null and best_amount is null then 'Fill in the amount'
          when d.amount is null then format('Set the amount to %s', private.format_number(best_amount))
          else format('%s the amount from %s to %s (%s %% of the segment median)', case when best_amount < d.amount then 'Lower' else 'Raise' end,
                      private.format_number(d.amount), private.format_number(best_amount), private.format_number(round(best_x::numeric))) end
        when 'term' then case when i.x[k] is null then format('Set the term to %s months', best_x)
                              else format('%s the term from %s to %s months', case when best_x < i.x[k] then 'Shorten' else 'Extend' end, i.x[k], best_x) end
        when 'payment_terms' then case when i.x[k] is null then format('Set payment terms to %s days', best_x)
                                       else format('%s payment terms from %s to %s days', case when best_x < i.x[k] then 'Shorten' else 'Lengthen' end, i.x[k], best_x) end
        when 'meddpicc' then format('Fill in %s more MEDDPICC %s: %s', best_x - i.x[k], case when best_x - i.x[k] = 1 then 'field' else 'fields' end,
                                    (select string_agg(f.label, ', ' order by u.ord)
                                     from unnest(missing[1:(best_x - i.x[k])::integer]) with ordinality as u (key, ord)
                                     join public.deal_fields() f using (key)))
        when 'engagement' then case when i.last_activity_at is null then 'Log an activity: there is none on this deal yet'
                                    else format('Log an activity: the last one was %s days ago', i.days_since_activity) end
        when 'days_in_stage' then format('Move the deal to its next stage: %s days in %s against a norm of %s', i.days_in_stage, stage_name,
                                         private.format_number(round(coalesce(i.stage_norm_days, 30), 1)))
        when 'competition' then format('Displace %s', case when best_x = 0 then 'the competition (' || array_to_string(d.competitors, ', ') || ')'
                                                        else (i.x[k] - best_x) || ' competitors' end)
      end;
      suggestion := jsonb_build_object(
        'factor', catalog.factor,
        'field', catalog.field,
        'action', case
          when catalog.factor = 'engagement' then 'log_activity'
          when catalog.factor = 'days_in_stage' then 'advance_stage'
          when catalog.factor = 'meddpicc' then 'fill_fields'
          when catalog.factor = 'deal_size' and d.amount is null then 'set'
          when i.x[k] is null then 'set'
          when best_x < i.x[k] then 'lower'
          else 'raise' end,
        'from', case when catalog.factor = 'deal_size' then to_jsonb(d.amount) else to_jsonb(round(i.x[k]::numeric, 2)) end,
        'to', case when catalog.factor = 'deal_size' then to_jsonb(best_amount) else to_jsonb(round(best_x::numeric, 2)) end,
        'fields', case when catalog.factor = 'meddpicc' then to_jsonb(missing[1:(best_x - i.x[k])::integer]) end,
        'gain', gain,
        'text', text_ || ': +' || gain);
      if best is null or gain > (best ->> 'gain')::integer then
        best := suggestion;
      end if;
    end if;

    factors := factors || jsonb_build_object(
      'factor', catalog.factor,
      'label', catalog.label,
      'measures', catalog.measures,
      'unit', catalog.unit,
      'weight', coalesce(weight, 0),
      'input', round(i.x[k]::numeric, 2),
      'points', round(base.points[k]::numeric, 2),
      'contribution', base.contributions[k],
      'max_contribution', coalesce(weight, 0),
      'suggestion', suggestion);
  end loop;

  return jsonb_build_object(
    'deal_id', d.id,
    'status', d.status,
    'model_id', model.id,
    'model_version', model.version,
    'model_name', model.name,
    'score', base.score,
    'classification', base.classification,
    'factors', factors,
    'best_suggestion', best,
    'inputs', jsonb_build_object(
      'segment_median', i.segment_median,
      'stage_norm_days', i.stage_norm_days,
      'last_activity_at', i.last_activity_at,
      'days_since_activity', i.days_since_activity,
      'days_in_stage', i.days_in_stage,
      'meddpicc_filled', i.meddpicc_filled,
      'meddpicc_missing', to_jsonb(missing)),
    'computed_at', now());
end;
$$;

revoke execute on function private.scoring_candidates(private.scoring_compiled, integer, float8), private.format_number(numeric),
  private.explain_deal_score(uuid) from public;
grant execute on function private.scoring_candidates(private.scoring_compiled, integer, float8), private.format_number(numeric),
  private.explain_deal_score(uuid) to authenticated, service_role;

-- The deal page's explanation of a deal the caller may read (row level security decides), as
-- computed now with the active model. A closed deal is explained without suggestions.
create function public.score_deal(deal_id uuid) returns jsonb
language plpgsql stable
set search_path = ''
as $$
begin
  if not exists (select from public.deals d where d.id = score_deal.deal_id) then
    raise exception 'Deal not found' using errcode = 'PT404', hint = 'not_found';
  end if;
  return private.explain_deal_score(score_deal.deal_id);
end;
$$;
revoke execute on function public.score_deal(uuid) from public, anon;
grant execute on function public.score_deal(uuid) to authenticated, service_role;

-- A definition checked the way saving it would check it, with the same messages, without saving.
create function private.validate_scoring_definition(definition jsonb) returns void
language plpgsql stable
set search_path = ''
as $$
declare
  unknown text;
  problem text;
  factor record;
  total numeric := 0;
begin
  if jsonb_typeof(definition) is distinct from 'object' or jsonb_typeof(definition -> 'factors') is distinct from 'object' then
    raise exception 'A scoring model is a JSON object with classification_bands and factors' using errcode = '22023', hint = 'invalid_definition';
  end if;
  select string_agg(k, ', ') into unknown from jsonb_object_keys(definition -> 'factors') k
  where k not in (select c.factor::text from public.scoring_factor_catalog() c);
  if unknown is not null then
    raise exception 'Unknown scoring factor: %', unknown using errcode = '22023', hint = 'invalid_definition';
  end if;
  problem := private.classification_bands_problem(definition -> 'classification_bands');
  if problem is not null then
    raise exception 'Classification: %', problem using errcode = '23514', hint = 'invalid_classification_bands';
  end if;
  for factor in select f.key, f.value, c.label from jsonb_each(definition -> 'factors') f
                join public.scoring_factor_catalog() c on c.factor::text = f.key order by c.position loop
    if jsonb_typeof(factor.value -> 'weight') is distinct from 'number' then
      raise exception '%: give the weight as a number', factor.label using errcode = '22023', hint = 'invalid_weight';
    end if;
    if (factor.value ->> 'weight')::numeric not between 0 and 100 then
      raise exception '%: a weight is between 0 and 100 (got %)', factor.label, factor.value ->> 'weight' using errcode = '23514', hint = 'invalid_weight';
    end if;
    problem := private.scoring_curve_problem(factor.value -> 'curve');
    if problem is not null then
      raise exception '%: %', factor.label, problem using errcode = '23514', hint = 'invalid_curve';
    end if;
    total := total + (factor.value ->> 'weight')::numeric;
  end loop;
  if total <> 100 then
    raise exception 'The weights must add up to 100; they add up to %', trim_scale(total)
      using errcode = '23514', hint = 'weights_sum', detail = jsonb_build_object('total', total)::text;
  end if;
end;
$$;
revoke execute on function private.validate_scoring_definition(jsonb) from public;
grant execute on function private.validate_scoring_definition(jsonb) to authenticated, service_role;

-- The engine on explicit inputs: for tests, what-if questions and set-based use
-- (`from deals d cross join lateral score_deal_values(...)`). `model` is a definition as
-- save_scoring_model takes it; null means the caller's active model.
create function public.score_deal_values(
  discount_pct numeric,
  margin_pct numeric,
  amount numeric,
  segment_median numeric,
  contract_term_months integer,
  payment_terms_days integer,
  meddpicc_filled integer,
  days_since_activity integer,
  days_in_stage integer,
  stage_norm_days numeric,
  competitors integer,
  model jsonb default null
) returns table (score smallint, classification text, contributions jsonb, points jsonb)
language plpgsql stable
set search_path = ''
as $$
declare
  m private.scoring_compiled;
  r private.scoring_result;
begin
  if model is null then
    m := private.active_scoring_model((select private.current_org_id()));
    if m.model_id is null then
      raise exception 'No active scoring model: pass one as `model`' using errcode = 'PT404', hint = 'no_model';
    end if;
  else
    perform private.validate_scoring_definition(model);
    m := private.compile_scoring(model);
  end if;
  r := private.score_values(m, array[
    coalesce(discount_pct, 0)::float8,
    margin_pct::float8,
    case when amount is null then null when segment_median is null then 100 else amount::float8 / segment_median::float8 * 100 end,
    contract_term_months::float8,
    payment_terms_days::float8,
    meddpicc_filled::float8,
    days_since_activity::float8,
    days_in_stage::float8 / coalesce(stage_norm_days, 30)::float8 * 100,
    competitors::float8]);
  return query select r.score, r.classification, private.contributions_json(r.contributions),
    (select jsonb_object_agg(f, round(r.points[ord]::numeric, 2) order by ord)
     from unnest(enum_range(null::public.scoring_factor)) with ordinality as u (f, ord));
end;
$$;
revoke execute on function public.score_deal_values(numeric, numeric, numeric, numeric, integer, integer, integer, integer, integer, numeric, integer, jsonb)
  from public, anon;
grant execute on function public.score_deal_values(numeric, numeric, numeric, numeric, integer, integer, integer, integer, integer, numeric, integer, jsonb)
  to authenticated, service_role;
