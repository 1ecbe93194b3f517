-- Saving a playbook with its actions in one transaction (CS-4). Settings → Playbooks wrote the
-- playbook, then deleted, updated and inserted its actions in separate requests: a failure half
-- way (a refused action, a lost connection) left the playbook with only some of its changes, and
-- the daily job ran it like that. public.save_playbook checks the whole input first and names
-- every problem, then writes the playbook and its actions in one statement. It runs as the caller
-- (security invoker), so the admins-only policies of playbooks and playbook_actions still decide;
-- whatever fails, nothing is changed.

-- A JSON number that is a whole number between low and high.
create function private.whole_between(value jsonb, low integer, high integer) returns boolean
language sql immutable
set search_path = ''
as $$
  select case when jsonb_typeof(value) = 'number'
              then (value #>> '{}')::numeric between low and high and (value #>> '{}')::numeric % 1 = 0
              else false end
$$;

-- What is wrong with a playbook and its actions, one readable sentence each (empty when valid):
-- the table's checks, plus whole numbers and 1-20 actions as the settings form asks.
create function private.playbook_problems(p_name text, p_description text, p_trigger text, p_params jsonb, p_actions jsonb) returns text[]
language plpgsql immutable
set search_path = ''
as $$
declare
  problems text[] := '{}';
  action jsonb;
  n integer := 0;
  ids text[] := '{}';
begin
  if char_length(btrim(coalesce(p_name, ''))) not between 1 and 100 then
    problems := problems || 'name: enter between 1 and 100 characters'::text;
  end if;
  if char_length(p_description) > 1000 then
    problems := problems || 'description: use at most 1,000 characters'::text;
  end if;
  if p_trigger is null or p_trigger not in ('no_login_after_onboarding', 'score_drop', 'critical_status') then
    problems := problems || format('trigger: choose no_login_after_onboarding, score_drop or critical_status, not %s', coalesce(quote_literal(p_trigger), 'nothing'));
  elsif jsonb_typeof(p_params) is distinct from 'object' then
    problems := problems || 'params: must be a JSON object'::text;
  elsif p_trigger = 'no_login_after_onboarding' and not private.whole_between(p_params -> 'days', 1, 365) then
    problems := problems || 'params.days: no login for a whole number of days between 1 and 365'::text;
  elsif p_trigger = 'score_drop' then
    if not private.whole_between(p_params -> 'points', 1, 100) then
      problems := problems || 'params.points: a drop of a whole number of points between 1 and 100'::text;
    end if;
    if not private.whole_between(p_params -> 'days', 1, 90) then
      problems := problems || 'params.days: within a whole number of days between 1 and 90'::text;
    end if;
  end if;

  if jsonb_typeof(p_actions) is distinct from 'array' then
    return problems || 'actions: must be a JSON array of actions'::text;
  end if;
  if jsonb_array_length(p_actions) not between 1 and 20 then
    problems := problems || format('actions: add between 1 and 20 actions, not %s', jsonb_array_length(p_actions));
  end if;
  for action in select a.value from jsonb_array_elements(p_actions) a loop
    n := n + 1;
    if jsonb_typeof(action) <> 'object' then
      problems := problems || format('action %s: must be a JSON object', n);
      continue;
    end if;
    if jsonb_typeof(action -> 'id') is distinct from 'null' and action ? 'id' then
      if jsonb_typeof(action -> 'id') <> 'string' or (action ->> 'id') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
        problems := problems || format('action %s: id must be one of the playbook''s action ids, or left out for a new action', n);
      elsif lower(action ->> 'id') = any (ids) then
        problems := problems || format('action %s: the same action is listed twice', n);
      else
        ids := ids || lower(action ->> 'id');
      end if;
    end if;
    if jsonb_typeof(action -> 'kind') is distinct from 'string' or (action ->> 'kind') not in ('email', 'task', 'in_app') then
      problems := problems || format('action %s: kind must be email, task or in_app', n);
    end if;
    if jsonb_typeof(action -> 'subject') is distinct from 'string' or char_length(btrim(action ->> 'subject')) not between 1 and 200 then
      problems := problems || format('action %s: subject: enter between 1 and 200 characters', n);
    end if;
    if coalesce(jsonb_typeof(action -> 'body'), 'null') not in ('string', 'null') or char_length(action ->> 'body') > 10000 then
      problems := problems || format('action %s: body: text of at most 10,000 characters', n);
    end if;
    if coalesce(jsonb_typeof(action -> 'due_in_days'), 'null') <> 'null' and not private.whole_between(action -> 'due_in_days', 0, 90) then
      problems := problems || format('action %s: due_in_days: a whole number of days between 0 and 90', n);
    end if;
  end loop;
  return problems;
end;
$$;

-- Creates (no p_id) or replaces a playbook and its actions, in the order given: actions with an
-- `id` are kept and updated, those without are added, the playbook's other actions are deleted.
-- p_actions: [{"id"?: uuid, "kind": "email" | "task" | "in_app", "subject": text, "body"?: text,
-- "due_in_days"?: 0-90 (default 2)}]. Returns the playbook's id. Errors: 42501 not an admin,
-- 22023 invalid input (every problem in the message, as a JSON array in the detail), P0002 no such
-- playbook, 23505 playbooks_name_key.
create function public.save_playbook(p_name text, p_trigger text, p_params jsonb, p_actions jsonb, p_id uuid default null,
                                     p_description text default null, p_active boolean default true) returns uuid
language plpgsql
security invoker
set search_path = ''
as $$
declare
  v_problems text[];
  v_id uuid := p_id;
  v_params jsonb;
  v_stray bigint;
begin
  if not (select private.has_role('admin')) then
    raise exception 'permission denied: only admins may change playbooks' using errcode = '42501';
  end if;
  v_problems := private.playbook_problems(p_name, p_description, p_trigger, p_params, p_actions);
  if cardinality(v_problems) > 0 then
    raise exception 'invalid playbook: %', array_to_string(v_problems, '; ')
      using errcode = '22023', detail = to_jsonb(v_problems)::text;
  end if;

  select a.n into v_stray
  from jsonb_array_elements(p_actions) with ordinality a (value, n)
  where a.value ->> 'id' is not null
    and not exists (select from public.playbook_actions pa where pa.id = (a.value ->> 'id')::uuid and pa.playbook_id = p_id)
  order by a.n
  limit 1;
  if v_stray is not null then
    raise exception 'invalid playbook: action %: id is not one of this playbook''s actions (leave it out for a new action)', v_stray
      using errcode = '22023';
  end if;

  v_params := case p_trigger
    when 'no_login_after_onboarding' then jsonb_build_object('days', p_params -> 'days')
    when 'score_drop' then jsonb_build_object('points', p_params -> 'points', 'days', p_params -> 'days')
    else '{}'::jsonb end;
  if v_id is null then
    insert into public.playbooks (name, description, trigger, params, active)
    values (btrim(p_name), nullif(btrim(p_description), ''), p_trigger::public.playbook_trigger, v_params, coalesce(p_active, true))
    returning id into v_id;
  else
    update public.playbooks
    set name = btrim(p_name), description = nullif(btrim(p_description), ''), trigger = p_trigger::public.playbook_trigger,
        params = v_params, active = coalesce(p_active, true)
    where id = v_id;
    if not found then
      raise exception 'playbook % not found', v_id using errcode = 'P0002';
    end if;
  end if;

  delete from public.playbook_actions pa
  where pa.playbook_id = v_id
    and pa.id not in (select (a.value ->> 'id')::uuid from jsonb_array_elements(p_actions) a where a.value ->> 'id' is not null);

  with wanted as (
    select (a.value ->> 'id')::uuid as id, (a.n - 1)::smallint as position, (a.value ->> 'kind')::public.playbook_action_kind as kind,
           btrim(a.value ->> 'subject') as subject, nullif(btrim(a.value ->> 'body'), '') as body,
           coalesce((a.value ->> 'due_in_days')::numeric::smallint, 2) as due_in_days
    from jsonb_array_elements(p_actions) with ordinality a (value, n)
  ),
  changed as (
    update public.playbook_actions pa
    set position = w.position, kind = w.kind, subject = w.subject, body = w.body, due_in_days = w.due_in_days
    from wanted w
    where pa.id = w.id and pa.playbook_id = v_id
      and (pa.position, pa.kind, pa.subject, pa.body, pa.due_in_days) is distinct from (w.position, w.kind, w.subject, w.body, w.due_in_days)
  )
  insert into public.playbook_actions (playbook_id, position, kind, subject, body, due_in_days)
  select v_id, w.position, w.kind, w.subject, w.body, w.due_in_days
  from wanted w
  where w.id is null;

  return v_id;
end;
$$;

revoke execute on function private.whole_between(jsonb, integer, integer),
  private.playbook_problems(text, text, text, jsonb, jsonb) from public;
grant execute on function private.whole_between(jsonb, integer, integer),
  private.playbook_problems(text, text, text, jsonb, jsonb) to authenticated, service_role;
revoke execute on function public.save_playbook(text, text, jsonb, jsonb, uuid, text, boolean) from public, anon;
grant execute on function public.save_playbook(text, text, jsonb, jsonb, uuid, text, boolean) to authenticated, service_role;
comment on function public.save_playbook(text, text, jsonb, jsonb, uuid, text, boolean) is
  'Creates (no p_id) or replaces a playbook and its ordered actions in one transaction, as the caller (admins). Invalid input: 22023 naming every problem; nothing is changed.';
