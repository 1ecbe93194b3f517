-- Deal scoring models (PRODUCT.md GOV-1, issue 5): each organisation scores its deals with its own
-- model, edited in Settings → Scoring, instead of a vendor's fixed formula. A model is a version:
-- one scoring_models row (name, classification bands) and up to nine scoring_factors rows (a
-- weight and a curve or bands per factor). Exactly one version per organisation is active. Once a
-- version has been active it is frozen: deals were scored with it and their history names it, so
-- editing means saving a new version (save_scoring_model, in *_gov_rescore.sql, which also
-- rescores the open deals). Drafts may be edited freely by admins.
--
-- Shapes are jsonb because the settings page edits them as a whole; they are checked here with
-- messages a person can act on ("Discount: band thresholds must increase"), and the sum of the
-- weights is checked when the transaction commits, so a model and its factors can be written in
-- any order. Every organisation gets the documented default model (docs/governance-api.md) now and
-- whenever it is created.
--
-- The segment medians and stage norms that two factors compare a deal with are data, refreshed by
-- refresh_scoring_baselines() (the daily rescore calls it): reading them is one index lookup, where
-- computing a median per deal update would not be.

create type public.scoring_factor as enum (
  'discount', 'margin', 'deal_size', 'term', 'payment_terms', 'meddpicc', 'engagement', 'days_in_stage', 'competition'
);

-- What each factor measures, in the order the engine and the UI use; `field` is the deal column a
-- suggestion changes (null when the change is an action, not a field).
create function public.scoring_factor_catalog()
returns table (factor public.scoring_factor, label text, measures text, unit text, field text, "position" integer)
language sql immutable
set search_path = ''
as $$
  values
    ('discount'::public.scoring_factor, 'Discount', 'Discount off the list price', '%', 'discount_pct', 1),
    ('margin', 'Margin', 'Gross margin of the deal', '%', 'margin_pct', 2),
    ('deal_size', 'Deal size', 'Amount as a percentage of the median won deal of the account''s segment', '% of median', 'amount', 3),
    ('term', 'Term', 'Contract term', 'months', 'contract_term_months', 4),
    ('payment_terms', 'Payment terms', 'Days until payment is due (net days)', 'days', 'payment_terms_days', 5),
    ('meddpicc', 'MEDDPICC', 'MEDDPICC fields filled in (of 8)', 'fields', null, 6),
    ('engagement', 'Engagement', 'Days since the last call, meeting, email, note or completed task', 'days', null, 7),
    ('days_in_stage', 'Days in stage', 'Days in the current stage as a percentage of the stage norm', '% of norm', null, 8),
    ('competition', 'Competition', 'Competitors named on the deal', 'competitors', 'competitors', 9)
$$;

-- The problem with a factor's curve, or null when it is well formed. Two shapes:
--   {"type": "curve", "points": [{"x": 0, "score": 100}, {"x": 10, "score": 100}, {"x": 30, "score": 0}]}
--     straight lines between the points, flat before the first and after the last;
--   {"type": "bands", "bands": [{"from": 0, "score": 100}, {"from": 31, "score": 70}]}
--     a value earns the score of the last band whose `from` it reaches.
-- x and from are 0 or more and strictly increasing; scores are 0 to 100 (per cent of the weight).
create function private.scoring_curve_problem(curve jsonb) returns text
language plpgsql immutable
set search_path = ''
as $$
declare
  kind text;
  list jsonb;
  item jsonb;
  key text;
  previous numeric;
  value numeric;
  score numeric;
begin
  if jsonb_typeof(curve) is distinct from 'object' or coalesce(curve ->> 'type', '') not in ('curve', 'bands') then
    return 'the shape must be {"type": "curve", "points": [...]} or {"type": "bands", "bands": [...]}';
  end if;
  kind := curve ->> 'type';
  key := case kind when 'curve' then 'x' else 'from' end;
  if (select array_agg(k order by k) from jsonb_object_keys(curve) k) <> (case kind when 'curve' then '{points,type}'::text[] else '{bands,type}' end) then
    return case kind when 'curve' then 'a curve has exactly the keys "type" and "points"' else 'bands have exactly the keys "type" and "bands"' end;
  end if;
  list := curve -> case kind when 'curve' then 'points' else 'bands' end;
  if jsonb_typeof(list) is distinct from 'array'
     or jsonb_array_length(list) not between (case kind when 'curve' then 2 else 1 end) and 20 then
    return case kind when 'curve' then 'a curve needs 2 to 20 points' else 'give 1 to 20 bands' end;
  end if;
  for item in select e from jsonb_array_elements(list) e loop
    if jsonb_typeof(item) is distinct from 'object' then
      return case kind when 'curve' then 'every point is {"x": number, "score": number}' else 'every band is {"from": number, "score": number}' end;
    end if;
    if (select array_agg(k order by k) from jsonb_object_keys(item) k) <> (select array_agg(k order by k) from unnest(array[key, 'score']) k)
       or jsonb_typeof(item -> key) is distinct from 'number' or jsonb_typeof(item -> 'score') is distinct from 'number' then
      return case kind when 'curve' then 'every point is {"x": number, "score": number}' else 'every band is {"from": number, "score": number}' end;
    end if;
    value := (item ->> key)::numeric;
    score := (item ->> 'score')::numeric;
    if value < 0 then
      return case kind when 'curve' then format('x must be 0 or more (got %s)', value) else format('band thresholds must be 0 or more (got %s)', value) end;
    end if;
    if value > 1000000000 then
      return format('%s is too large (got %s)', case kind when 'curve' then 'x' else 'a band threshold' end, value);
    end if;
    if previous is not null and value <= previous then
      return case kind when 'curve' then format('x must increase from point to point (%s after %s)', value, previous)
                  else format('band thresholds must increase from band to band (%s after %s)', value, previous) end;
    end if;
    if previous is null and kind = 'bands' and value <> 0 then
      return format('the first band must start from 0 (it starts from %s)', value);
    end if;
    if score < 0 or score > 100 then
      return format('scores must be between 0 and 100 (got %s)', score);
    end if;
    previous := value;
  end loop;
  return null;
end;
$$;

-- The problem with a model's classification bands, or null: 1 to 10 bands
-- [{"label": "A", "min_score": 80}, ...], labels unique (1-30 characters), min_score whole numbers
-- from 100 down to exactly 0 for the last band, strictly decreasing.
create function private.classification_bands_problem(bands jsonb) returns text
language plpgsql immutable
set search_path = ''
as $$
declare
  item jsonb;
  previous numeric;
  minimum numeric;
  label text;
  labels text[] := '{}';
begin
  if jsonb_typeof(bands) is distinct from 'array' or jsonb_array_length(bands) not between 1 and 10 then
    return 'give 1 to 10 classification bands, e.g. [{"label": "A", "min_score": 80}, ..., {"label": "D", "min_score": 0}]';
  end if;
  for item in select e from jsonb_array_elements(bands) e loop
    if jsonb_typeof(item) is distinct from 'object' then
      return 'every classification band is {"label": text, "min_score": number}';
    end if;
    if (select array_agg(k order by k) from jsonb_object_keys(item) k) <> '{label,min_score}'
       or jsonb_typeof(item -> 'label') is distinct from 'string' or jsonb_typeof(item -> 'min_score') is distinct from 'number' then
      return 'every classification band is {"label": text, "min_score": number}';
    end if;
    label := btrim(item ->> 'label');
    minimum := (item ->> 'min_score')::numeric;
    if char_length(label) not between 1 and 30 then
      return 'classification labels have 1 to 30 characters';
    end if;
    if label = any (labels) then
      return format('classification label "%s" is used twice', label);
    end if;
    if minimum < 0 or minimum > 100 or minimum <> trunc(minimum) then
      return format('minimum scores are whole numbers from 0 to 100 (got %s)', minimum);
    end if;
    if previous is not null and minimum >= previous then
      return format('classification bands go from the highest minimum score down (%s after %s)', minimum, previous);
    end if;
    labels := labels || label;
    previous := minimum;
  end loop;
  if previous <> 0 then
    return format('the last classification band must start at 0 so that every score has a class (it starts at %s)', previous);
  end if;
  return null;
end;
$$;

revoke execute on function private.scoring_curve_problem(jsonb), private.classification_bands_problem(jsonb) from public;
grant execute on function private.scoring_curve_problem(jsonb), private.classification_bands_problem(jsonb) to authenticated, service_role;

create table public.scoring_models (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null default private.current_org_id() references public.organizations (id) on delete cascade,
  version integer not null constraint scoring_models_version_positive check (version > 0),
  name text not null constraint scoring_models_name_length check (char_length(btrim(name)) between 1 and 100),
  description text constraint scoring_models_description_length check (char_length(description) <= 2000),
  classification_bands jsonb not null
    constraint scoring_models_classification_bands_shape check (private.classification_bands_problem(classification_bands) is null),
  is_active boolean not null default false,
  created_by uuid default auth.uid(),
  activated_at timestamptz,
  activated_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint scoring_models_version_key unique (org_id, version),
  unique (org_id, id),
  foreign key (org_id, created_by) references public.profiles (org_id, id) on delete set null (created_by),
  foreign key (org_id, activated_by) references public.profiles (org_id, id) on delete set null (activated_by),
  constraint scoring_models_active_was_activated check (not is_active or activated_at is not null)
);
create unique index scoring_models_one_active on public.scoring_models (org_id) where is_active;
create index scoring_models_created_by_idx on public.scoring_models (org_id, created_by);
create index scoring_models_activated_by_idx on public.scoring_models (org_id, activated_by);

comment on table public.scoring_models is 'Versions of an organisation''s deal scoring model; one is active. Activated versions are frozen: save a new version to change weights, curves or bands.';
comment on column public.scoring_models.classification_bands is '[{"label": "A", "min_score": 80}, ..., {"label": "D", "min_score": 0}]: highest first, the last starts at 0.';
comment on column public.scoring_models.activated_at is 'When the version was first activated; from then on its factors and bands are frozen.';

create table public.scoring_factors (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null default private.current_org_id(),
  model_id uuid not null,
  factor public.scoring_factor not null,
  weight numeric(5, 2) not null constraint scoring_factors_weight_range check (weight between 0 and 100),
  curve jsonb not null constraint scoring_factors_curve_shape check (private.scoring_curve_problem(curve) is null),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint scoring_factors_factor_key unique (model_id, factor),
  foreign key (org_id, model_id) references public.scoring_models (org_id, id) on delete cascade
);
create index scoring_factors_model_idx on public.scoring_factors (org_id, model_id);

comment on table public.scoring_factors is 'A model''s factors: weight (points out of 100; the weights of a model add up to 100) and curve or bands (see private.scoring_curve_problem). A factor without a row scores nothing.';

-- Clear messages before the generic check constraints would fire.
create function private.check_scoring_factor() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  problem text := private.scoring_curve_problem(new.curve);
  label text := (select c.label from public.scoring_factor_catalog() c where c.factor = new.factor);
begin
  if problem is not null then
    raise exception '%: %', label, problem using errcode = '23514', hint = 'invalid_curve', detail = jsonb_build_object('factor', new.factor)::text;
  end if;
  if new.weight < 0 or new.weight > 100 then
    raise exception '%: a weight is between 0 and 100 (got %)', label, new.weight
      using errcode = '23514', hint = 'invalid_weight', detail = jsonb_build_object('factor', new.factor)::text;
  end if;
  return new;
end;
$$;

create function private.check_scoring_model() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  problem text := private.classification_bands_problem(new.classification_bands);
begin
  if problem is not null then
    raise exception 'Classification: %', problem using errcode = '23514', hint = 'invalid_classification_bands';
  end if;
  return new;
end;
$$;

-- The sum of a model's weights, checked once per model when the transaction commits.
create function private.check_scoring_weights(model uuid) returns void
language plpgsql
set search_path = ''
as $$
declare
  total numeric;
  model_version integer;
begin
  select m.version, coalesce((select sum(f.weight) from public.scoring_factors f where f.model_id = m.id), 0)
  into model_version, total
  from public.scoring_models m where m.id = model;
  if found and total <> 100 then
    raise exception 'The weights must add up to 100; they add up to %', trim_scale(total)
      using errcode = '23514', hint = 'weights_sum', detail = jsonb_build_object('model_version', model_version, 'total', total)::text;
  end if;
end;
$$;

create function private.check_scoring_weights_at_commit() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- one branch per record type: plpgsql resolves every field an expression names
  if tg_table_name = 'scoring_models' then
    perform private.check_scoring_weights(new.id);
  elsif tg_op = 'DELETE' then
    perform private.check_scoring_weights(old.model_id);
  else
    perform private.check_scoring_weights(new.model_id);
  end if;
  return null;
end;
$$;

-- A version that has been active is what deals were scored with: its factors and bands stay as
-- they were. Its name and description may change; it may be deleted only while it is a draft.
-- An organisation always has one active model: another version's activation deactivates it.
create function private.freeze_used_scoring_models() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  model public.scoring_models;
begin
  if tg_table_name = 'scoring_factors' then
    if tg_op = 'DELETE' then
      select * into model from public.scoring_models where id = old.model_id;
    else
      select * into model from public.scoring_models where id = new.model_id;
    end if;
    if model.activated_at is not null then
      raise exception 'Version % of the scoring model has been used to score deals: save a new version instead', model.version
        using errcode = '42501', hint = 'model_in_use';
    end if;
    return case when tg_op = 'DELETE' then old else new end;
  end if;

  if tg_op = 'DELETE' then
    if old.activated_at is not null and exists (select from public.organizations o where o.id = old.org_id) then
      raise exception 'Version % of the scoring model has been used to score deals and is kept with their history', old.version
        using errcode = '42501', hint = 'model_in_use';
    end if;
    return old;
  end if;

  if old.activated_at is not null
     and (new.classification_bands, new.version) is distinct from (old.classification_bands, old.version) then
    raise exception 'Version % of the scoring model has been used to score deals: save a new version instead', old.version
      using errcode = '42501', hint = 'model_in_use';
  end if;
  if old.is_active and not new.is_active and pg_trigger_depth() = 1 then
    raise exception 'An organisation always has an active scoring model: activate another version instead'
      using errcode = '42501', hint = 'model_in_use';
  end if;
  if new.is_active and not old.is_active then
    new.activated_at := coalesce(old.activated_at, now());
    new.activated_by := coalesce((select auth.uid()), old.activated_by);
    update public.scoring_models set is_active = false where org_id = new.org_id and is_active and id <> new.id;
  end if;
  return new;
end;
$$;

revoke execute on function private.check_scoring_factor(), private.check_scoring_model(), private.check_scoring_weights(uuid),
  private.check_scoring_weights_at_commit(), private.freeze_used_scoring_models() from public;
grant execute on function private.check_scoring_weights(uuid) to authenticated, service_role;

create trigger scoring_factors_check before insert or update on public.scoring_factors
  for each row execute function private.check_scoring_factor();
create trigger scoring_models_check before insert or update of classification_bands on public.scoring_models
  for each row execute function private.check_scoring_model();
create trigger scoring_factors_frozen before insert or update or delete on public.scoring_factors
  for each row execute function private.freeze_used_scoring_models();
create trigger scoring_models_frozen before update or delete on public.scoring_models
  for each row execute function private.freeze_used_scoring_models();
create constraint trigger scoring_models_weights after insert on public.scoring_models
  deferrable initially deferred for each row execute function private.check_scoring_weights_at_commit();
create constraint trigger scoring_factors_weights after insert or update or delete on public.scoring_factors
  deferrable initially deferred for each row execute function private.check_scoring_weights_at_commit();

create trigger scoring_models_updated_at before update on public.scoring_models
  for each row execute function private.set_updated_at();
create trigger scoring_factors_updated_at before update on public.scoring_factors
  for each row execute function private.set_updated_at();
create trigger scoring_models_keep_org_id before update of org_id on public.scoring_models
  for each row execute function private.keep_org_id();
create trigger scoring_factors_keep_org_id before update of org_id on public.scoring_factors
  for each row execute function private.keep_org_id();
create trigger audit after insert or update or delete on public.scoring_models
  for each row execute function private.audit_row();
create trigger audit after insert or update or delete on public.scoring_factors
  for each row execute function private.audit_row();

alter table public.scoring_models enable row level security;
alter table public.scoring_factors enable row level security;

-- Admins write drafts (save_scoring_model does it in one call); activation is an update of is_active.
grant select, delete on public.scoring_models, public.scoring_factors to authenticated;
grant insert (org_id, version, name, description, classification_bands), update (name, description, classification_bands, is_active)
  on public.scoring_models to authenticated;
grant insert (org_id, model_id, factor, weight, curve), update (weight, curve) on public.scoring_factors to authenticated;
grant select, insert, update, delete on public.scoring_models, public.scoring_factors to service_role;

select private.create_config_policies('public.scoring_models');
select private.create_config_policies('public.scoring_factors');

-- A model as one jsonb document, the form save_scoring_model and preview_scoring_model take:
--   {"name": ..., "description": ..., "classification_bands": [...],
--    "factors": {"discount": {"weight": 20, "curve": {...}}, ...}}
create function private.scoring_model_definition(model uuid) returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_build_object(
    'name', m.name,
    'description', m.description,
    'classification_bands', m.classification_bands,
    'factors', coalesce((select jsonb_object_agg(f.factor, jsonb_build_object('weight', f.weight, 'curve', f.curve))
                         from public.scoring_factors f where f.model_id = m.id), '{}'))
  from public.scoring_models m where m.id = model
$$;

-- The documented default (docs/governance-api.md, "The default model").
create function private.default_scoring_definition() returns jsonb
language sql immutable
set search_path = ''
as $$
  select '{
    "name": "Default",
    "description": "The starting model: a deal earns most for a modest discount, a healthy margin, a size at or above its segment''s median, a long term, prompt payment, full MEDDPICC qualification, recent engagement, steady progress through the stages and little competition.",
    "classification_bands": [
      {"label": "A", "min_score": 80}, {"label": "B", "min_score": 65}, {"label": "C", "min_score": 50}, {"label": "D", "min_score": 0}
    ],
    "factors": {
      "discount":      {"weight": 20, "curve": {"type": "curve", "points": [{"x": 0, "score": 100}, {"x": 10, "score": 100}, {"x": 20, "score": 50}, {"x": 30, "score": 10}, {"x": 40, "score": 0}]}},
      "margin":        {"weight": 15, "curve": {"type": "curve", "points": [{"x": 0, "score": 0}, {"x": 20, "score": 20}, {"x": 40, "score": 60}, {"x": 60, "score": 100}]}},
      "deal_size":     {"weight": 10, "curve": {"type": "curve", "points": [{"x": 0, "score": 0}, {"x": 50, "score": 40}, {"x": 100, "score": 80}, {"x": 150, "score": 100}]}},
      "term":          {"weight": 10, "curve": {"type": "bands", "bands": [{"from": 0, "score": 30}, {"from": 12, "score": 70}, {"from": 24, "score": 90}, {"from": 36, "score": 100}]}},
      "payment_terms": {"weight": 5,  "curve": {"type": "bands", "bands": [{"from": 0, "score": 100}, {"from": 31, "score": 70}, {"from": 46, "score": 40}, {"from": 61, "score": 20}, {"from": 91, "score": 0}]}},
      "meddpicc":      {"weight": 15, "curve": {"type": "curve", "points": [{"x": 0, "score": 0}, {"x": 8, "score": 100}]}},
      "engagement":    {"weight": 10, "curve": {"type": "bands", "bands": [{"from": 0, "score": 100}, {"from": 8, "score": 70}, {"from": 15, "score": 40}, {"from": 31, "score": 10}, {"from": 61, "score": 0}]}},
      "days_in_stage": {"weight": 10, "curve": {"type": "curve", "points": [{"x": 0, "score": 100}, {"x": 100, "score": 100}, {"x": 200, "score": 30}, {"x": 300, "score": 0}]}},
      "competition":   {"weight": 5,  "curve": {"type": "bands", "bands": [{"from": 0, "score": 100}, {"from": 1, "score": 60}, {"from": 2, "score": 30}, {"from": 3, "score": 0}]}}
    }
  }'::jsonb
$$;

-- Writes a definition as a new version of the organisation's model (a draft, or active at once).
-- Runs with the caller's rights: only admins get past the policies. Unknown factors and keys are
-- refused by name; the weights are checked before returning, not only at commit.
create function private.insert_scoring_model(org uuid, definition jsonb, activate boolean) returns public.scoring_models
language plpgsql
set search_path = ''
as $$
declare
  created public.scoring_models;
  unknown text;
begin
  if jsonb_typeof(definition) is distinct from 'object' then
    raise exception 'A scoring model is a JSON object with name, classification_bands and factors' using errcode = '22023', hint = 'invalid_definition';
  end if;
  select string_agg(k, ', ') into unknown from jsonb_object_keys(definition) k where k not in ('name', 'description', 'classification_bands', 'factors');
  if unknown is not null then
    raise exception 'Unknown key in the scoring model: %', unknown using errcode = '22023', hint = 'invalid_definition';
  end if;
  if jsonb_typeof(definition -> 'factors') is distinct from 'object' then
    raise exception 'Give the factors as an object: {"discount": {"weight": 20, "curve": {...}}, ...}' using errcode = '22023', hint = 'invalid_definition';
  end if;
  select string_agg(k, ', ') into unknown from jsonb_object_keys(definition -> 'factors') k
  where k not in (select c.factor::text from public.scoring_factor_catalog() c);
  if unknown is not null then
    raise exception 'Unknown scoring factor: % (the factors are %)', unknown,
      (select string_agg(c.factor::text, ', ' order by c.position) from public.scoring_factor_catalog() c)
      using errcode = '22023', hint = 'invalid_definition';
  end if;
  select string_agg(f.key, ', ') into unknown from jsonb_each(definition -> 'factors') f
  where jsonb_typeof(f.value) is distinct from 'object'
     or exists (select from jsonb_object_keys(f.value) k where k not in ('weight', 'curve'))
     or jsonb_typeof(f.value -> 'weight') is distinct from 'number' or not (f.value ? 'curve');
  if unknown is not null then
    raise exception 'Every factor is {"weight": number, "curve": {...}}; check %', unknown using errcode = '22023', hint = 'invalid_definition';
  end if;

  -- the sum is checked below and again at commit (also when a caller made every constraint immediate)
  set constraints public.scoring_models_weights, public.scoring_factors_weights deferred;
  insert into public.scoring_models (org_id, version, name, description, classification_bands)
  values (org,
          coalesce((select max(m.version) from public.scoring_models m where m.org_id = org), 0) + 1,
          coalesce(nullif(btrim(definition ->> 'name'), ''), 'Scoring model'),
          nullif(btrim(definition ->> 'description'), ''),
          coalesce(definition -> 'classification_bands', 'null'::jsonb))
  returning * into created;

  insert into public.scoring_factors (org_id, model_id, factor, weight, curve)
  select org, created.id, f.key::public.scoring_factor, (f.value ->> 'weight')::numeric, f.value -> 'curve'
  from jsonb_each(definition -> 'factors') f
  join public.scoring_factor_catalog() c on c.factor::text = f.key
  order by c.position;

  perform private.check_scoring_weights(created.id);

  if activate then
    update public.scoring_models set is_active = true where id = created.id returning * into created;
  end if;
  return created;
end;
$$;
revoke execute on function private.insert_scoring_model(uuid, jsonb, boolean) from public;
grant execute on function private.insert_scoring_model(uuid, jsonb, boolean) to authenticated, service_role;

revoke execute on function private.scoring_model_definition(uuid), private.default_scoring_definition() from public;
grant execute on function private.scoring_model_definition(uuid), private.default_scoring_definition() to authenticated, service_role;
revoke execute on function public.scoring_factor_catalog() from public, anon;
grant execute on function public.scoring_factor_catalog() to authenticated, service_role;

-- Every organisation starts with the default model, active: the ones that exist now and every new one.
create function private.create_default_scoring_model() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  perform private.insert_scoring_model(new.id, private.default_scoring_definition(), true);
  return null;
end;
$$;
revoke execute on function private.create_default_scoring_model() from public;

create trigger organizations_default_scoring_model after insert on public.organizations
  for each row execute function private.create_default_scoring_model();

select private.insert_scoring_model(o.id, private.default_scoring_definition(), true)
from public.organizations o
where not exists (select from public.scoring_models m where m.org_id = o.id);

-- ---------------------------------------------------------------------------------------------
-- Baselines: what "deal size against the segment median" and "days in stage against the stage
-- norm" compare with. Data, not configuration: members read them, nobody writes them but
-- refresh_scoring_baselines().

create table public.scoring_segment_medians (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  segment public.account_segment,
  median_amount numeric(14, 2) not null constraint scoring_segment_medians_median_positive check (median_amount > 0),
  won_deals integer not null constraint scoring_segment_medians_won_deals_positive check (won_deals > 0),
  computed_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint scoring_segment_medians_segment_key unique nulls not distinct (org_id, segment)
);

comment on table public.scoring_segment_medians is 'Median amount of the deals won in the last two years per account segment (segment null: the whole organisation), refreshed daily.';

create table public.scoring_stage_norms (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  stage_id uuid not null references public.pipeline_stages (id) on delete cascade,
  norm_days numeric(7, 1) not null constraint scoring_stage_norms_norm_positive check (norm_days > 0),
  sample_size integer not null constraint scoring_stage_norms_sample_size_not_negative check (sample_size >= 0),
  computed_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint scoring_stage_norms_stage_key unique (org_id, stage_id)
);
create index scoring_stage_norms_stage_idx on public.scoring_stage_norms (stage_id);

comment on table public.scoring_stage_norms is 'Median days deals stayed in a stage before leaving it (last two years, at least 5 stays), else the stage''s rotting days, else 30. Refreshed daily.';

create trigger scoring_segment_medians_updated_at before update on public.scoring_segment_medians
  for each row execute function private.set_updated_at();
create trigger scoring_stage_norms_updated_at before update on public.scoring_stage_norms
  for each row execute function private.set_updated_at();
create trigger scoring_segment_medians_keep_org_id before update of org_id on public.scoring_segment_medians
  for each row execute function private.keep_org_id();
create trigger scoring_stage_norms_keep_org_id before update of org_id on public.scoring_stage_norms
  for each row execute function private.keep_org_id();

alter table public.scoring_segment_medians enable row level security;
alter table public.scoring_stage_norms enable row level security;
grant select on public.scoring_segment_medians, public.scoring_stage_norms to authenticated;
grant select, insert, update, delete on public.scoring_segment_medians, public.scoring_stage_norms to service_role;

create policy "members read" on public.scoring_segment_medians
  for select to authenticated using (org_id = (select private.current_org_id()));
create policy "members read" on public.scoring_stage_norms
  for select to authenticated using (org_id = (select private.current_org_id()));

-- Recomputes one organisation's baselines from its won deals and stage history. Set-based; a few
-- seconds at a million deals, so it runs with the daily rescore, not on every deal change.
create function private.refresh_scoring_baselines(org uuid) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  delete from public.scoring_segment_medians where org_id = org;
  insert into public.scoring_segment_medians (org_id, segment, median_amount, won_deals)
  select org, a.segment, round(percentile_cont(0.5) within group (order by d.amount)::numeric, 2), count(*)
  from public.deals d
  join public.accounts a on a.id = d.account_id
  where d.org_id = org and d.status = 'won' and d.amount > 0 and d.closed_at > now() - interval '2 years'
  group by grouping sets ((a.segment), ())
  having count(*) >= case when grouping(a.segment) = 0 then 5 else 1 end
     and (grouping(a.segment) = 1 or a.segment is not null);

  delete from public.scoring_stage_norms where org_id = org;
  insert into public.scoring_stage_norms (org_id, stage_id, norm_days, sample_size)
  select s.org_id, s.id,
         greatest(coalesce(case when stays.n >= 5 then stays.median_days end, s.rotting_days, 30), 0.1),
         coalesce(stays.n, 0)
  from public.pipeline_stages s
  left join (
    select h.to_stage_id as stage_id, count(*) as n,
           round(percentile_cont(0.5) within group (order by extract(epoch from h.left_at - h.moved_at) / 86400)::numeric, 1) as median_days
    from (
      select h.to_stage_id, h.moved_at, lead(h.moved_at) over (partition by h.deal_id order by h.moved_at) as left_at
      from public.deal_stage_history h
      where h.org_id = org
    ) h
    where h.left_at is not null and h.moved_at > now() - interval '2 years'
    group by h.to_stage_id
  ) stays on stays.stage_id = s.id
  where s.org_id = org and not s.is_won and not s.is_lost;
end;
$$;
revoke execute on function private.refresh_scoring_baselines(uuid) from public;
grant execute on function private.refresh_scoring_baselines(uuid) to service_role;

-- Admins may refresh their organisation's baselines on demand (the daily job does it anyway).
create function public.refresh_scoring_baselines() returns void
language plpgsql
set search_path = ''
as $$
begin
  if not (select private.has_role('admin')) then
    raise exception 'permission denied: only an admin refreshes the scoring baselines' using errcode = '42501';
  end if;
  perform private.refresh_scoring_baselines_as_admin();
end;
$$;

create function private.refresh_scoring_baselines_as_admin() returns void
language sql security definer
set search_path = ''
as $$
  select private.refresh_scoring_baselines(private.current_org_id()) where private.has_role('admin')
$$;
revoke execute on function private.refresh_scoring_baselines_as_admin() from public;
grant execute on function private.refresh_scoring_baselines_as_admin() to authenticated, service_role;
revoke execute on function public.refresh_scoring_baselines() from public, anon;
grant execute on function public.refresh_scoring_baselines() to authenticated, service_role;
