-- Stage moves (PRODUCT.md CRM-6, CRM-7). The rules live in triggers on deals, so they hold for
-- every path (move_deal_stage, an update of stage_id through the API, an import):
--   - the stage must belong to the deal's pipeline, and the pipeline must be one the caller may use;
--   - a move must be an allowed transition of the stage the deal leaves (none listed = any);
--   - the fields the leaving stage requires (its exit criteria), and a lost reason when entering a
--     lost stage, must be filled; the refusal names each missing field;
--   - entering a stage (a new deal too) sets the stage's win probability, stage_entered_at,
--     won/lost status, closed_at and the forecast category of a closed deal; every entry is a
--     deal_stage_history row;
--   - every change increments deals.version, and move_deal_stage refuses a stale version.
-- Refusals carry a machine-readable hint (docs/crm-api.md lists them) so the UI can react.

-- The keys of `fields` that `deal` leaves empty (null, blank text, empty list), in the given order.
create function private.missing_deal_fields(deal public.deals, fields text[]) returns text[]
language sql stable
set search_path = ''
as $$
  select coalesce(array_agg(f order by ord), '{}')
  from unnest(fields) with ordinality as u (f, ord)
  where nullif(btrim(to_jsonb(deal) ->> f), '') is null or to_jsonb(deal) -> f = '[]'::jsonb
$$;
revoke execute on function private.missing_deal_fields(public.deals, text[]) from public;
grant execute on function private.missing_deal_fields(public.deals, text[]) to authenticated, service_role;

create function private.apply_deal_stage_rules() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  entering public.pipeline_stages;
  leaving public.pipeline_stages;
  missing text[];
begin
  if tg_op = 'UPDATE' then
    new.version := old.version + 1;
    if (new.pipeline_id, new.stage_id) is not distinct from (old.pipeline_id, old.stage_id) then
      return new;
    end if;
  end if;

  -- Read with the caller's rights: a pipeline limited to other teams or roles is not theirs to use.
  select s.* into entering
  from public.pipeline_stages s join public.pipelines p on p.id = s.pipeline_id
  where s.id = new.stage_id and s.pipeline_id = new.pipeline_id;
  if not found then
    raise exception 'Unknown stage: % is not a stage of this deal''s pipeline', new.stage_id
      using errcode = 'P0001', hint = 'invalid_stage';
  end if;

  if tg_op = 'UPDATE' then
    select * into leaving from public.pipeline_stages where id = old.stage_id;
    if new.pipeline_id = old.pipeline_id
       and exists (select from public.pipeline_stage_transitions t where t.from_stage_id = old.stage_id)
       and not exists (select from public.pipeline_stage_transitions t where t.from_stage_id = old.stage_id and t.to_stage_id = new.stage_id) then
      raise exception 'A deal in "%" cannot move to "%"', leaving.name, entering.name
        using errcode = 'P0001', hint = 'transition_not_allowed',
              detail = (select coalesce(jsonb_agg(t.to_stage_id), '[]') from public.pipeline_stage_transitions t where t.from_stage_id = old.stage_id)::text;
    end if;
  end if;

  missing := private.missing_deal_fields(new, coalesce(leaving.exit_criteria, '{}') || case when entering.is_lost then '{lost_reason}'::text[] else '{}' end);
  if cardinality(missing) > 0 then
    raise exception 'Missing required fields: %',
      (select string_agg(f.label, ', ' order by u.ord) from unnest(missing) with ordinality as u (key, ord) join public.deal_fields() f using (key))
      using errcode = 'P0001', hint = 'missing_fields', detail = to_jsonb(missing)::text;
  end if;

  new.status := case when entering.is_won then 'won' when entering.is_lost then 'lost' else 'open' end;
  new.probability := entering.win_probability;
  if tg_op = 'UPDATE' then
    new.stage_entered_at := now();
    new.closed_at := case when new.status <> 'open' then now() end;
  else
    new.closed_at := case when new.status <> 'open' then coalesce(new.closed_at, now()) end;
  end if;
  new.forecast_category := case new.status
    when 'won' then 'closed'
    when 'lost' then 'omitted'
    else case when new.forecast_category in ('closed', 'omitted') then 'pipeline' else new.forecast_category end
  end;
  return new;
end;
$$;
revoke execute on function private.apply_deal_stage_rules() from public;

create trigger deals_stage_rules before insert or update on public.deals
  for each row execute function private.apply_deal_stage_rules();

-- Security definer: nobody writes deal_stage_history through the API.
create function private.record_deal_stage() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into public.deal_stage_history (org_id, deal_id, from_stage_id, to_stage_id, moved_at, moved_by)
  values (new.org_id, new.id, case when tg_op = 'UPDATE' then old.stage_id end, new.stage_id, new.stage_entered_at, (select auth.uid()));
  return null;
end;
$$;
revoke execute on function private.record_deal_stage() from public;

create trigger deals_stage_history_on_insert after insert on public.deals
  for each row execute function private.record_deal_stage();
create trigger deals_stage_history_on_move after update of stage_id on public.deals
  for each row when (old.stage_id is distinct from new.stage_id) execute function private.record_deal_stage();

-- A stage or pipeline holding deals cannot be deleted; the refusal says how many deals and where.
-- Security definer so the count includes deals the caller cannot read. Deleting a whole
-- organisation removes its deals too, so there is nothing to protect then.
create function private.refuse_deleting_with_deals() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  is_pipeline constant boolean := tg_table_name = 'pipelines';
  target_pipeline constant uuid := case when is_pipeline then old.id else (to_jsonb(old) ->> 'pipeline_id')::uuid end;
  holding bigint;
  pipeline_name text;
  deals text;
begin
  select count(*) into holding from public.deals d
  where d.org_id = old.org_id and d.pipeline_id = target_pipeline and (is_pipeline or d.stage_id = old.id);
  if holding = 0 or not exists (select from public.organizations o where o.id = old.org_id) then
    return old;
  end if;
  select p.name into pipeline_name from public.pipelines p where p.id = target_pipeline;
  deals := case when holding = 1 then '1 deal: move it' else holding || ' deals: move them' end;
  raise exception '%',
    case when is_pipeline then format('Pipeline "%s" holds %s to another pipeline first', pipeline_name, deals)
         else format('Stage "%s" of pipeline "%s" holds %s to another stage first', old.name, pipeline_name, deals) end
    using errcode = '23503', hint = 'has_deals',
          detail = jsonb_build_object('deals', holding, 'pipeline_id', target_pipeline, 'pipeline', pipeline_name,
                                      'stage', case when not is_pipeline then old.name end)::text;
end;
$$;
revoke execute on function private.refuse_deleting_with_deals() from public;

create trigger pipelines_keep_deals before delete on public.pipelines
  for each row execute function private.refuse_deleting_with_deals();
create trigger pipeline_stages_keep_deals before delete on public.pipeline_stages
  for each row execute function private.refuse_deleting_with_deals();

-- The board's drag and drop: move a deal the caller read at `expected_version` to another stage of
-- its pipeline, and return the deal as it is now. Refusals: docs/crm-api.md.
create function public.move_deal_stage(deal_id uuid, to_stage_id uuid, expected_version integer) returns public.deals
language plpgsql
set search_path = ''
as $$
declare
  moved public.deals;
  current_version integer;
begin
  update public.deals d set stage_id = move_deal_stage.to_stage_id
  where d.id = move_deal_stage.deal_id and d.version = move_deal_stage.expected_version
  returning d.* into moved;
  if found then
    return moved;
  end if;

  select d.version into current_version from public.deals d where d.id = move_deal_stage.deal_id;
  if not found then
    raise exception 'Deal not found' using errcode = 'PT404', hint = 'not_found';
  elsif current_version = move_deal_stage.expected_version then
    raise exception 'permission denied: you may read this deal but not change it' using errcode = '42501';
  end if;
  raise exception 'This deal changed since you loaded it'
    using errcode = 'PT409', hint = 'stale_version', detail = jsonb_build_object('version', current_version)::text;
end;
$$;
revoke execute on function public.move_deal_stage(uuid, uuid, integer) from public, anon;
grant execute on function public.move_deal_stage(uuid, uuid, integer) to authenticated, service_role;
