-- Approvals and exceptions (PRODUCT.md GOV-3, GOV-4). Admins write approval policies: conditions on
-- a deal (discount above, amount above, score below, classification in; all that are set must hold)
-- and one or more ordered steps, each decided by an approver role or named people. The database
-- keeps the rest, whatever path a change takes (the UI, an import, move_deal_stage, a rescore):
--
--   - a deal that crosses an active policy gets a pending request, raised by the trigger on deals
--     (private.sync_deal_approvals, filling the hook of *_gov_deal_scores.sql), one current request
--     per deal and policy; its steps are copied from the policy, the first opens and its approvers
--     are notified (public.notifications, shared with the other features);
--   - when the deal changes the request is re-evaluated: a pending one follows the deal (or is
--     withdrawn when the deal no longer crosses the policy, or is lost); a rejected one is replaced by
--     a new request when the terms change; an approved one holds while the discount and amount stay
--     within what was approved, and is superseded by a new request when either goes higher;
--   - decide_approval: only an approver of the open step decides, never on their own deal, and a
--     manager only for the deals of a team they manage; approving opens the next step or, after the
--     last, approves the request with the deal's terms at that moment;
--   - override_approval: an executive or admin lets a pending or rejected request through with a
--     required reason, recorded as an exception (GOV-4);
--   - a deal cannot move into a won stage (move_deal_stage or any update) while a request of it is
--     pending or rejected.
-- Requests, steps and exceptions are written only by these functions (security definer, each
-- checking who calls); everything is audited.

create type public.approval_status as enum ('pending', 'approved', 'rejected', 'overridden', 'withdrawn', 'superseded');
create type public.approval_step_status as enum ('waiting', 'pending', 'approved', 'rejected', 'skipped');

create table public.approval_policies (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null default private.current_org_id() references public.organizations (id) on delete cascade,
  name text not null constraint approval_policies_name_length check (char_length(btrim(name)) between 1 and 100),
  description text constraint approval_policies_description_length check (char_length(description) <= 2000),
  is_active boolean not null default true,
  discount_above numeric(5, 2) constraint approval_policies_discount_above_range check (discount_above between 0 and 100),
  amount_above numeric(14, 2) constraint approval_policies_amount_above_not_negative check (amount_above >= 0),
  score_below smallint constraint approval_policies_score_below_range check (score_below between 1 and 100),
  classification_in text[] constraint approval_policies_classification_in_size
    check (cardinality(classification_in) between 1 and 10 and char_length(array_to_string(classification_in, '')) <= 300),
  deal_types public.deal_type[] not null default '{}',
  created_by uuid default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint approval_policies_name_key unique (org_id, name),
  constraint approval_policies_has_condition check (num_nonnulls(discount_above, amount_above, score_below, classification_in) > 0),
  unique (org_id, id),
  foreign key (org_id, created_by) references public.profiles (org_id, id) on delete set null (created_by)
);
create index approval_policies_created_by_idx on public.approval_policies (org_id, created_by);

comment on table public.approval_policies is 'When a deal needs approval: every condition that is set must hold (discount_pct > discount_above, amount > amount_above, score < score_below, classification in classification_in, deal_type in deal_types when not empty).';

create table public.approval_policy_steps (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null default private.current_org_id(),
  policy_id uuid not null,
  position smallint not null constraint approval_policy_steps_position_range check (position between 1 and 10),
  name text constraint approval_policy_steps_name_length check (char_length(name) <= 100),
  approver_role public.app_role constraint approval_policy_steps_role_approves check (approver_role in ('manager', 'executive', 'admin')),
  approver_ids uuid[] not null default '{}' constraint approval_policy_steps_approver_ids_size check (cardinality(approver_ids) <= 20),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint approval_policy_steps_has_approver check (approver_role is not null or cardinality(approver_ids) > 0),
  constraint approval_policy_steps_position_key unique (policy_id, position),
  foreign key (org_id, policy_id) references public.approval_policies (org_id, id) on delete cascade
);
create index approval_policy_steps_policy_idx on public.approval_policy_steps (org_id, policy_id);

comment on column public.approval_policy_steps.approver_role is 'Anyone with this role decides (a manager: for deals of a team they manage); with approver_ids as well, either may.';

create table public.approval_requests (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  deal_id uuid not null,
  policy_id uuid not null,
  status public.approval_status not null default 'pending',
  current_step smallint,
  reasons text[] not null default '{}',
  deal_values jsonb not null,
  requested_by uuid,
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (org_id, id),
  foreign key (org_id, deal_id) references public.deals (org_id, id) on delete cascade,
  foreign key (org_id, policy_id) references public.approval_policies (org_id, id) on delete cascade,
  foreign key (org_id, requested_by) references public.profiles (org_id, id) on delete set null (requested_by)
);
-- One current request per deal and policy.
create unique index approval_requests_current_key on public.approval_requests (deal_id, policy_id)
  where status in ('pending', 'approved', 'rejected', 'overridden');
create index approval_requests_deal_idx on public.approval_requests (org_id, deal_id, created_at);
create index approval_requests_policy_idx on public.approval_requests (org_id, policy_id);
create index approval_requests_requested_by_idx on public.approval_requests (org_id, requested_by);
create index approval_requests_created_idx on public.approval_requests (org_id, created_at);

comment on column public.approval_requests.deal_values is 'The deal as asked about ({name, owner_id, owner_name, amount, currency, list_price, discount_pct, score, classification, stage, deal_type}); updated while pending, and the approved terms once approved or overridden.';
comment on column public.approval_requests.reasons is 'The conditions the deal crossed, in words: "Discount 25 % is above 20 %".';
comment on column public.approval_requests.current_step is 'Position of the open step while pending; null otherwise.';
comment on column public.approval_requests.decided_at is 'When the request stopped being pending (approved, rejected, overridden, withdrawn, superseded).';

create table public.approval_steps (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  request_id uuid not null,
  position smallint not null,
  name text,
  approver_role public.app_role,
  approver_ids uuid[] not null default '{}',
  status public.approval_step_status not null default 'waiting',
  opened_at timestamptz,
  decided_by uuid,
  decided_at timestamptz,
  comment text constraint approval_steps_comment_length check (char_length(comment) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint approval_steps_position_key unique (request_id, position),
  foreign key (org_id, request_id) references public.approval_requests (org_id, id) on delete cascade,
  foreign key (org_id, decided_by) references public.profiles (org_id, id) on delete set null (decided_by)
);
create index approval_steps_request_idx on public.approval_steps (org_id, request_id);
create index approval_steps_decided_by_idx on public.approval_steps (org_id, decided_by);
create index approval_steps_pending_idx on public.approval_steps (org_id) where status = 'pending';

comment on table public.approval_steps is 'A request''s steps, copied from its policy when it was raised: waiting, pending (the open one), approved or rejected (by decided_by, with comment), or skipped (the request ended otherwise).';

create table public.approval_exceptions (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  request_id uuid not null,
  deal_id uuid not null,
  policy_id uuid not null,
  reason text not null constraint approval_exceptions_reason_length check (char_length(btrim(reason)) between 10 and 2000),
  granted_by uuid,
  deal_values jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint approval_exceptions_request_key unique (org_id, request_id),
  foreign key (org_id, request_id) references public.approval_requests (org_id, id) on delete cascade,
  foreign key (org_id, deal_id) references public.deals (org_id, id) on delete cascade,
  foreign key (org_id, policy_id) references public.approval_policies (org_id, id) on delete cascade,
  foreign key (org_id, granted_by) references public.profiles (org_id, id) on delete set null (granted_by)
);
create index approval_exceptions_deal_idx on public.approval_exceptions (org_id, deal_id);
create index approval_exceptions_policy_idx on public.approval_exceptions (org_id, policy_id);
create index approval_exceptions_granted_by_idx on public.approval_exceptions (org_id, granted_by);
create index approval_exceptions_created_idx on public.approval_exceptions (org_id, created_at);

comment on table public.approval_exceptions is 'Deals let through against policy (GOV-4): who allowed it, why, and the terms they allowed.';

do $$
declare
  t text;
begin
  foreach t in array array['approval_policies', 'approval_policy_steps', 'approval_requests', 'approval_steps', 'approval_exceptions'] loop
    execute format('create trigger %1$s_updated_at before update on public.%1$s for each row execute function private.set_updated_at()', t);
    execute format('create trigger %1$s_keep_org_id before update of org_id on public.%1$s for each row execute function private.keep_org_id()', t);
    execute format('create trigger audit after insert or update or delete on public.%1$s for each row execute function private.audit_row()', t);
    execute format('alter table public.%s enable row level security', t);
  end loop;
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- Policies: admins write them (save_approval_policy writes a policy and its steps in one call);
-- every member reads them, so a rep can see why a deal needs approval.

create function private.check_approval_policy_step() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  unknown uuid;
begin
  if new.approver_role is null and cardinality(new.approver_ids) = 0 then
    raise exception 'Step %: name an approver role or approvers', new.position using errcode = '23514', hint = 'no_approver';
  end if;
  if new.approver_role is not null and new.approver_role not in ('manager', 'executive', 'admin') then
    raise exception 'Step %: approvals are decided by managers, executives or admins (or named people), not by the % role', new.position, new.approver_role
      using errcode = '23514', hint = 'invalid_approver_role';
  end if;
  select u into unknown from unnest(new.approver_ids) u
  where not exists (select from public.profiles p where p.id = u and p.org_id = new.org_id and p.active)
  limit 1;
  if unknown is not null then
    raise exception 'Step %: % is not an active member of this organisation', new.position, unknown
      using errcode = '23514', hint = 'unknown_approver', detail = jsonb_build_object('approver_id', unknown)::text;
  end if;
  return new;
end;
$$;

-- A policy with no steps would raise requests nobody can decide: refused when the transaction
-- commits (so a policy and its steps may be written in any order).
create function private.check_approval_policy_has_steps() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  policy public.approval_policies;
begin
  if tg_table_name = 'approval_policies' then
    policy := new;
  else
    select * into policy from public.approval_policies p where p.id = old.policy_id;
  end if;
  if policy.id is not null
     and not exists (select from public.approval_policy_steps s where s.policy_id = policy.id)
     and exists (select from public.approval_policies p where p.id = policy.id) then
    raise exception 'Approval policy "%" needs at least one step', policy.name using errcode = '23514', hint = 'no_steps';
  end if;
  return null;
end;
$$;

-- Requests are history: a policy that raised any is deactivated, not deleted.
create function private.keep_used_approval_policies() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if exists (select from public.approval_requests r where r.policy_id = old.id)
     and exists (select from public.organizations o where o.id = old.org_id) then
    raise exception 'Approval policy "%" has raised approval requests: deactivate it instead', old.name
      using errcode = '23503', hint = 'policy_in_use';
  end if;
  return old;
end;
$$;

revoke execute on function private.check_approval_policy_step(), private.check_approval_policy_has_steps(),
  private.keep_used_approval_policies() from public;

create trigger approval_policy_steps_check before insert or update on public.approval_policy_steps
  for each row execute function private.check_approval_policy_step();
create constraint trigger approval_policies_has_steps after insert or update on public.approval_policies
  deferrable initially deferred for each row execute function private.check_approval_policy_has_steps();
create constraint trigger approval_policy_steps_keep_one after delete on public.approval_policy_steps
  deferrable initially deferred for each row execute function private.check_approval_policy_has_steps();
create trigger approval_policies_keep_used before delete on public.approval_policies
  for each row execute function private.keep_used_approval_policies();

grant select, delete on public.approval_policies, public.approval_policy_steps to authenticated;
grant insert (org_id, name, description, is_active, discount_above, amount_above, score_below, classification_in, deal_types),
      update (name, description, is_active, discount_above, amount_above, score_below, classification_in, deal_types)
  on public.approval_policies to authenticated;
grant insert (org_id, policy_id, position, name, approver_role, approver_ids), update (position, name, approver_role, approver_ids)
  on public.approval_policy_steps to authenticated;
grant select, insert, update, delete on public.approval_policies, public.approval_policy_steps to service_role;

select private.create_config_policies('public.approval_policies');
select private.create_config_policies('public.approval_policy_steps');

-- Settings → Approval policies' save: creates a policy or, with "id", replaces one, steps included,
-- in one call. {name, description?, is_active?, discount_above?, amount_above?, score_below?,
-- classification_in?, deal_types?, steps: [{name?, approver_role?, approver_ids?}, ...]} (steps in
-- order). Requests already raised keep the steps they were raised with. Answers the policy with
-- its steps.
create function public.save_approval_policy(policy jsonb) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  saved public.approval_policies;
  unknown text;
  steps jsonb := policy -> 'steps';
begin
  if not (select private.has_role('admin')) then
    raise exception 'permission denied: only an admin edits approval policies' using errcode = '42501';
  end if;
  if jsonb_typeof(policy) is distinct from 'object' then
    raise exception 'An approval policy is a JSON object' using errcode = '22023', hint = 'invalid_policy';
  end if;
  select string_agg(k, ', ') into unknown from jsonb_object_keys(policy) k
  where k not in ('id', 'name', 'description', 'is_active', 'discount_above', 'amount_above', 'score_below', 'classification_in', 'deal_types', 'steps');
  if unknown is not null then
    raise exception 'Unknown key in the approval policy: %', unknown using errcode = '22023', hint = 'invalid_policy';
  end if;
  if jsonb_typeof(steps) is distinct from 'array' or jsonb_array_length(steps) = 0 then
    raise exception 'Approval policy "%" needs at least one step', coalesce(policy ->> 'name', '') using errcode = '23514', hint = 'no_steps';
  end if;
  if jsonb_array_length(steps) > 10 then
    raise exception 'An approval policy has at most 10 steps' using errcode = '23514', hint = 'too_many_steps';
  end if;
  if num_nonnulls(nullif(policy -> 'discount_above', 'null'), nullif(policy -> 'amount_above', 'null'),
                  nullif(policy -> 'score_below', 'null'), nullif(policy -> 'classification_in', 'null')) = 0 then
    raise exception 'Approval policy "%" needs a condition: a discount, an amount, a score or a classification', coalesce(policy ->> 'name', '')
      using errcode = '23514', hint = 'no_conditions';
  end if;

  -- checked at commit (also when a caller made every constraint immediate): steps come after the policy
  set constraints public.approval_policies_has_steps, public.approval_policy_steps_keep_one deferred;
  if policy ? 'id' then
    update public.approval_policies p
    set name = policy ->> 'name',
        description = policy ->> 'description',
        is_active = coalesce((policy ->> 'is_active')::boolean, p.is_active),
        discount_above = (policy ->> 'discount_above')::numeric,
        amount_above = (policy ->> 'amount_above')::numeric,
        score_below = (policy ->> 'score_below')::smallint,
        classification_in = (select array_agg(c) from jsonb_array_elements_text(nullif(policy -> 'classification_in', 'null')) c),
        deal_types = coalesce((select array_agg(t::public.deal_type) from jsonb_array_elements_text(nullif(policy -> 'deal_types', 'null')) t), '{}')
    where p.id = (policy ->> 'id')::uuid
    returning * into saved;
    if not found then
      raise exception 'Approval policy not found' using errcode = 'PT404', hint = 'not_found';
    end if;
    delete from public.approval_policy_steps s where s.policy_id = saved.id;
  else
    insert into public.approval_policies (name, description, is_active, discount_above, amount_above, score_below, classification_in, deal_types)
    values (policy ->> 'name', policy ->> 'description', coalesce((policy ->> 'is_active')::boolean, true),
            (policy ->> 'discount_above')::numeric, (policy ->> 'amount_above')::numeric, (policy ->> 'score_below')::smallint,
            (select array_agg(c) from jsonb_array_elements_text(nullif(policy -> 'classification_in', 'null')) c),
            coalesce((select array_agg(t::public.deal_type) from jsonb_array_elements_text(nullif(policy -> 'deal_types', 'null')) t), '{}'))
    returning * into saved;
  end if;

  insert into public.approval_policy_steps (org_id, policy_id, position, name, approver_role, approver_ids)
  select saved.org_id, saved.id, s.ord, nullif(btrim(s.step ->> 'name'), ''), (s.step ->> 'approver_role')::public.app_role,
         coalesce((select array_agg(a::uuid) from jsonb_array_elements_text(nullif(s.step -> 'approver_ids', 'null')) a), '{}')
  from jsonb_array_elements(steps) with ordinality as s (step, ord);

  return to_jsonb(saved) || jsonb_build_object('steps', (
    select jsonb_agg(to_jsonb(s) order by s.position) from public.approval_policy_steps s where s.policy_id = saved.id));
end;
$$;
revoke execute on function public.save_approval_policy(jsonb) from public, anon;
grant execute on function public.save_approval_policy(jsonb) to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Who decides a step: its named approvers and the active people with its role (a manager only for
-- deals of a team they manage), never the deal's owner.
create function private.step_approver_ids(org uuid, deal_owner uuid, approver_role public.app_role, approver_ids uuid[]) returns uuid[]
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return (
  select coalesce(array_agg(p.id order by p.id), '{}')
  from public.profiles p
  where p.org_id = org and p.active and p.id <> deal_owner
    and (p.id = any (approver_ids)
         or (p.role = approver_role
             and (approver_role <> 'manager'
                  or exists (select from public.profiles o join public.teams t on t.org_id = o.org_id and t.id = o.team_id
                             where o.id = deal_owner and t.manager_id = p.id)))));
end;
$$;

-- The requests on which the caller is named as an approver: they read those even when the deal
-- is not theirs to read.
create function private.named_approval_request_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select s.request_id from public.approval_steps s
  where s.org_id = private.current_org_id() and (select auth.uid()) = any (s.approver_ids)
$$;

revoke execute on function private.step_approver_ids(uuid, uuid, public.app_role, uuid[]), private.named_approval_request_ids() from public;
grant execute on function private.step_approver_ids(uuid, uuid, public.app_role, uuid[]), private.named_approval_request_ids() to authenticated, service_role;

grant select on public.approval_requests, public.approval_steps, public.approval_exceptions to authenticated;
grant select, insert, update, delete on public.approval_requests, public.approval_steps, public.approval_exceptions to service_role;

create policy "members read the requests of deals they read, approvers theirs" on public.approval_requests
  for select to authenticated
  using (org_id = (select private.current_org_id())
         and (exists (select from public.deals d where d.org_id = approval_requests.org_id and d.id = approval_requests.deal_id)
              or id = any (array(select private.named_approval_request_ids()))));

create policy "members read the steps of requests they read" on public.approval_steps
  for select to authenticated
  using (org_id = (select private.current_org_id())
         and exists (select from public.approval_requests r where r.org_id = approval_steps.org_id and r.id = approval_steps.request_id));

create policy "members read the exceptions of deals they read" on public.approval_exceptions
  for select to authenticated
  using (org_id = (select private.current_org_id())
         and exists (select from public.deals d where d.org_id = approval_exceptions.org_id and d.id = approval_exceptions.deal_id));

-- ---------------------------------------------------------------------------------------------
-- Notifications for the people a step waits for, and for the deal's owner when a request ends.

create function private.notify_step_approvers(step_ids uuid[]) returns void
language sql security definer
set search_path = ''
as $$
  insert into public.notifications (org_id, user_id, kind, title, body, link, dedupe_key)
  select s.org_id, approver, 'approval.requested',
         left('Approval needed: ' || (r.deal_values ->> 'name'), 200),
         left(format('%s asks for approval under "%s" (step %s%s): %s.', coalesce(r.deal_values ->> 'owner_name', 'A deal owner'), p.name, s.position,
                     coalesce(', ' || s.name, ''), array_to_string(r.reasons, '; ')), 2000),
         '/approvals?request=' || r.id,
         'approval-step:' || s.id
  from public.approval_steps s
  join public.approval_requests r on r.id = s.request_id
  join public.approval_policies p on p.id = r.policy_id
  cross join lateral unnest(private.step_approver_ids(s.org_id, (r.deal_values ->> 'owner_id')::uuid, s.approver_role, s.approver_ids)) approver
  where s.id = any (step_ids)
  on conflict (user_id, dedupe_key) do nothing
$$;

create function private.notify_request_outcome(request uuid) returns void
language sql security definer
set search_path = ''
as $$
  insert into public.notifications (org_id, user_id, kind, title, body, link, dedupe_key)
  select r.org_id, (r.deal_values ->> 'owner_id')::uuid, 'approval.' || r.status,
         left(format('%s: %s', case r.status when 'approved' then 'Approved' when 'rejected' then 'Rejected' else 'Exception granted' end,
                     r.deal_values ->> 'name'), 200),
         left(format('"%s" %s%s', p.name,
                     case r.status when 'approved' then 'is approved' when 'rejected' then 'was rejected' else 'was overridden' end,
                     coalesce(': ' || coalesce((select s.comment from public.approval_steps s where s.request_id = r.id and s.status = 'rejected'),
                                               (select e.reason from public.approval_exceptions e where e.request_id = r.id)), '')), 2000),
         '/deals/' || r.deal_id,
         'approval-outcome:' || r.id
  from public.approval_requests r
  join public.approval_policies p on p.id = r.policy_id
  where r.id = request and r.status in ('approved', 'rejected', 'overridden')
    and exists (select from public.profiles o where o.id = (r.deal_values ->> 'owner_id')::uuid and o.org_id = r.org_id)
  on conflict (user_id, dedupe_key) do nothing
$$;

revoke execute on function private.notify_step_approvers(uuid[]), private.notify_request_outcome(uuid) from public;

-- ---------------------------------------------------------------------------------------------
-- The evaluation (replacing the no-op hook of *_gov_deal_scores.sql). Set-based over the deals a
-- statement changed: the open ones, the ones being closed won by it (`closing_ids`), and lost ones
-- (whose pending requests are withdrawn). A deal already won is left alone.

create type private.approval_evaluation as (
  deal_id uuid,
  org_id uuid,
  policy_id uuid,
  matches boolean,
  reasons text[],
  deal_values jsonb,
  current_id uuid,
  current_status public.approval_status,
  current_values jsonb
);

-- The deal as an approver sees it, and what approval looks at. (plpgsql here and above: their plans
-- are kept for the session, not made again on every deal update.)
create function private.approval_deal_values(d public.deals, score smallint, classification text) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
begin
  return jsonb_build_object(
    'name', d.name, 'owner_id', d.owner_id, 'owner_name', (select p.full_name from public.profiles p where p.id = d.owner_id),
    'amount', d.amount, 'currency', d.currency, 'list_price', d.list_price, 'discount_pct', d.discount_pct,
    'score', score, 'classification', classification, 'deal_type', d.deal_type,
    'stage', (select s.name from public.pipeline_stages s where s.id = d.stage_id));
end;
$$;
revoke execute on function private.approval_deal_values(public.deals, smallint, text) from public;

create or replace function private.sync_deal_approvals(deal_ids uuid[], closing_ids uuid[] default '{}') returns void
language plpgsql security definer
set search_path = ''
as $$
declare
  evaluations private.approval_evaluation[];
  raised uuid[];
  first_steps uuid[];
  blocked jsonb;
begin
  if not exists (select from public.approval_policies p
                 where p.org_id in (select d.org_id from public.deals d where d.id = any (deal_ids))) then
    return;
  end if;

  evaluations := array(
    select row(d.id, d.org_id, p.id,
               p.is_active and (d.status = 'open' or d.id = any (closing_ids))
                 and (p.discount_above is null or coalesce(d.discount_pct, 0) > p.discount_above)
                 and (p.amount_above is null or coalesce(d.amount, 0) > p.amount_above)
                 and (p.score_below is null or coalesce(s.score < p.score_below, false))
                 and (p.classification_in is null or coalesce(s.classification = any (p.classification_in), false))
                 and (cardinality(p.deal_types) = 0 or d.deal_type = any (p.deal_types)),
               array_remove(array[
                 case when p.discount_above is not null then format('Discount %s %% is above %s %%', private.format_number(coalesce(d.discount_pct, 0)), private.format_number(p.discount_above)) end,
                 case when p.amount_above is not null then format('Amount %s is above %s', private.format_number(coalesce(d.amount, 0)), private.format_number(p.amount_above)) end,
                 case when p.score_below is not null then format('Score %s is below %s', s.score, p.score_below) end,
                 case when p.classification_in is not null then format('Classification %s', s.classification) end
               ], null),
               private.approval_deal_values(d, s.score, s.classification),
               r.id, r.status, r.deal_values)::private.approval_evaluation
    from public.deals d
    left join public.deal_scores s on s.deal_id = d.id
    join public.approval_policies p on p.org_id = d.org_id
    left join public.approval_requests r on r.deal_id = d.id and r.policy_id = p.id and r.status in ('pending', 'approved', 'rejected', 'overridden')
    where d.id = any (deal_ids)
      and (d.status <> 'won' or d.id = any (closing_ids))
      and (p.is_active or r.id is not null));

  -- No longer crossing the policy (or lost, or the policy deactivated): a pending or rejected
  -- request is withdrawn. Terms changed after a rejection, or raised past what was approved: the
  -- request is superseded and a new one raised below.
  with ended as (
    update public.approval_requests r
    set status = case when e.matches then 'superseded' else 'withdrawn' end::public.approval_status,
        decided_at = case when r.status = 'pending' then now() else r.decided_at end,
        current_step = null
    from unnest(evaluations) e
    where r.id = e.current_id
      and ((not e.matches and e.current_status in ('pending', 'rejected'))
           or (e.matches and e.current_status = 'rejected'
               and (e.deal_values -> 'discount_pct', e.deal_values -> 'amount', e.deal_values -> 'score', e.deal_values -> 'classification')
                   is distinct from
                   (e.current_values -> 'discount_pct', e.current_values -> 'amount', e.current_values -> 'score', e.current_values -> 'classification'))
           or (e.matches and e.current_status in ('approved', 'overridden')
               and (coalesce((e.deal_values ->> 'discount_pct')::numeric, 0) > coalesce((e.current_values ->> 'discount_pct')::numeric, 0)
                    or coalesce((e.deal_values ->> 'amount')::numeric, 0) > coalesce((e.current_values ->> 'amount')::numeric, 0))))
    returning r.id
  )
  update public.approval_steps st set status = 'skipped'
  where st.request_id in (select id from ended) and st.status in ('waiting', 'pending');

  -- A pending request follows the deal it asks about.
  update public.approval_requests r
  set deal_values = e.deal_values, reasons = e.reasons
  from unnest(evaluations) e
  where r.id = e.current_id and r.status = 'pending' and e.matches
    and (r.deal_values, r.reasons) is distinct from (e.deal_values, e.reasons);

  -- New requests, where a deal crosses a policy and has no current request for it.
  with created as (
    insert into public.approval_requests (org_id, deal_id, policy_id, status, current_step, reasons, deal_values, requested_by)
    select e.org_id, e.deal_id, e.policy_id, 'pending', 1, e.reasons, e.deal_values,
           (select p.id from public.profiles p where p.id = (select auth.uid()) and p.org_id = e.org_id)
    from unnest(evaluations) e
    where e.matches and not exists (
      select from public.approval_requests r
      where r.deal_id = e.deal_id and r.policy_id = e.policy_id and r.status in ('pending', 'approved', 'rejected', 'overridden'))
    returning id, org_id, policy_id
  )
  select array_agg(id) into raised from created;

  if raised is not null then
    with steps as (
      insert into public.approval_steps (org_id, request_id, position, name, approver_role, approver_ids, status, opened_at)
      select r.org_id, r.id, ps.position, ps.name, ps.approver_role, ps.approver_ids,
             case when ps.position = first.position then 'pending' else 'waiting' end::public.approval_step_status,
             case when ps.position = first.position then now() end
      from public.approval_requests r
      join public.approval_policy_steps ps on ps.policy_id = r.policy_id
      cross join lateral (select min(x.position) as position from public.approval_policy_steps x where x.policy_id = r.policy_id) first
      where r.id = any (raised)
      returning id, request_id, position, status
    ),
    numbered as (
      update public.approval_requests r set current_step = s.position
      from steps s where s.request_id = r.id and s.status = 'pending' and r.current_step is distinct from s.position
      returning r.id
    )
    select array_agg(s.id) into first_steps from steps s where s.status = 'pending';
    perform private.notify_step_approvers(first_steps);
  end if;

  -- A deal moving into a won stage must have no request pending or rejected.
  if cardinality(closing_ids) > 0 then
    select jsonb_agg(jsonb_build_object('request_id', r.id, 'deal_id', r.deal_id, 'policy', p.name, 'status', r.status) order by p.name)
    into blocked
    from public.approval_requests r join public.approval_policies p on p.id = r.policy_id
    where r.deal_id = any (closing_ids) and r.status in ('pending', 'rejected');
    if blocked is not null then
      raise exception 'This deal cannot be closed won: approval "%" is %', blocked -> 0 ->> 'policy',
        case when blocked -> 0 ->> 'status' = 'pending' then 'still pending' else 'rejected (an executive or admin may override it)' end
        using errcode = 'P0001', hint = 'approval_required', detail = blocked::text;
    end if;
  end if;
end;
$$;

-- Closed won needs the checks above even when nothing else about the deal changed, and a deal that
-- has no score yet: the hook runs after the scores of the same statement.

-- ---------------------------------------------------------------------------------------------
-- Decisions.

create function private.decide_approval(request_id uuid, decision text, comment text) returns public.approval_requests
language plpgsql security definer
set search_path = ''
as $$
declare
  me public.profiles;
  request public.approval_requests;
  step public.approval_steps;
  next_step public.approval_steps;
  deal public.deals;
begin
  select * into me from public.profiles p where p.id = (select auth.uid()) and p.active;
  select * into request from public.approval_requests r where r.id = decide_approval.request_id and r.org_id = me.org_id for update;
  if not found then
    raise exception 'Approval request not found' using errcode = 'PT404', hint = 'not_found';
  end if;
  if decision is null or decision not in ('approve', 'reject') then
    raise exception 'Decide with "approve" or "reject"' using errcode = '22023', hint = 'invalid_decision';
  end if;
  if request.status <> 'pending' then
    raise exception 'This request is % already', request.status using errcode = 'P0001', hint = 'not_pending',
      detail = jsonb_build_object('status', request.status)::text;
  end if;
  select * into deal from public.deals d where d.id = request.deal_id;
  select * into step from public.approval_steps s where s.request_id = request.id and s.status = 'pending' for update;
  if deal.owner_id = me.id then
    raise exception 'You cannot decide an approval of your own deal' using errcode = '42501', hint = 'own_deal';
  end if;
  if not me.id = any (private.step_approver_ids(request.org_id, deal.owner_id, step.approver_role, step.approver_ids)) then
    if step.approver_role = 'manager' and me.role = 'manager' then
      raise exception 'Managers decide approvals only for deals of a team they manage' using errcode = '42501', hint = 'other_team';
    end if;
    raise exception 'This step is for %: you are not one of its approvers',
      concat_ws(' or ', case step.approver_role when 'manager' then 'the manager of the deal owner''s team' when 'executive' then 'an executive'
                                                when 'admin' then 'an admin' end,
                       case when cardinality(step.approver_ids) > 0 then 'the people named on it' end)
      using errcode = '42501', hint = 'not_approver';
  end if;
  if decision = 'reject' and nullif(btrim(comment), '') is null then
    raise exception 'Say why you reject it: a comment is required' using errcode = '23514', hint = 'comment_required';
  end if;
  if char_length(comment) > 2000 then
    raise exception 'A comment has at most 2,000 characters' using errcode = '23514', hint = 'comment_too_long';
  end if;

  update public.approval_steps s
  set status = case when decision = 'approve' then 'approved' else 'rejected' end::public.approval_step_status,
      decided_by = me.id, decided_at = now(), comment = nullif(btrim(decide_approval.comment), '')
  where s.id = step.id;

  if decision = 'reject' then
    update public.approval_steps s set status = 'skipped' where s.request_id = request.id and s.status = 'waiting';
    update public.approval_requests r set status = 'rejected', decided_at = now(), current_step = null
    where r.id = request.id returning * into request;
    perform private.notify_request_outcome(request.id);
    return request;
  end if;

  select * into next_step from public.approval_steps s
  where s.request_id = request.id and s.status = 'waiting' order by s.position limit 1;
  if found then
    update public.approval_steps s set status = 'pending', opened_at = now() where s.id = next_step.id;
    update public.approval_requests r set current_step = next_step.position where r.id = request.id returning * into request;
    perform private.notify_step_approvers(array[next_step.id]);
  else
    update public.approval_requests r
    set status = 'approved', decided_at = now(), current_step = null,
        deal_values = private.approval_deal_values(deal, (select s.score from public.deal_scores s where s.deal_id = deal.id),
                                                   (select s.classification from public.deal_scores s where s.deal_id = deal.id))
    where r.id = request.id returning * into request;
    perform private.notify_request_outcome(request.id);
  end if;
  return request;
end;
$$;

create function private.override_approval(request_id uuid, reason text) returns public.approval_requests
language plpgsql security definer
set search_path = ''
as $$
declare
  me public.profiles;
  request public.approval_requests;
  deal public.deals;
  terms jsonb;
begin
  select * into me from public.profiles p where p.id = (select auth.uid()) and p.active;
  select * into request from public.approval_requests r where r.id = override_approval.request_id and r.org_id = me.org_id for update;
  if not found then
    raise exception 'Approval request not found' using errcode = 'PT404', hint = 'not_found';
  end if;
  if me.role not in ('executive', 'admin') then
    raise exception 'Only an executive or an admin may override an approval' using errcode = '42501', hint = 'not_allowed';
  end if;
  if request.status not in ('pending', 'rejected') then
    raise exception 'Only a pending or rejected request can be overridden; this one is %', request.status
      using errcode = 'P0001', hint = 'not_overridable', detail = jsonb_build_object('status', request.status)::text;
  end if;
  select * into deal from public.deals d where d.id = request.deal_id;
  if deal.owner_id = me.id then
    raise exception 'You cannot override an approval of your own deal' using errcode = '42501', hint = 'own_deal';
  end if;
  if char_length(btrim(coalesce(reason, ''))) < 10 then
    raise exception 'Give the reason for the exception (at least 10 characters)' using errcode = '23514', hint = 'reason_required';
  end if;
  if char_length(btrim(reason)) > 2000 then
    raise exception 'A reason has at most 2,000 characters' using errcode = '23514', hint = 'reason_too_long';
  end if;

  terms := private.approval_deal_values(deal, (select s.score from public.deal_scores s where s.deal_id = deal.id),
                                        (select s.classification from public.deal_scores s where s.deal_id = deal.id));
  update public.approval_steps s set status = 'skipped' where s.request_id = request.id and s.status in ('waiting', 'pending');
  update public.approval_requests r set status = 'overridden', decided_at = now(), current_step = null, deal_values = terms
  where r.id = request.id returning * into request;
  insert into public.approval_exceptions (org_id, request_id, deal_id, policy_id, reason, granted_by, deal_values)
  values (request.org_id, request.id, request.deal_id, request.policy_id, btrim(reason), me.id, terms);
  perform private.notify_request_outcome(request.id);
  return request;
end;
$$;

revoke execute on function private.decide_approval(uuid, text, text), private.override_approval(uuid, text) from public;
grant execute on function private.decide_approval(uuid, text, text), private.override_approval(uuid, text) to authenticated, service_role;

-- Approve or reject the open step of a request ("approve" | "reject"; a comment is required to
-- reject). Answers the request as it is afterwards. Refusals: docs/governance-api.md.
create function public.decide_approval(request_id uuid, decision text, comment text default null) returns public.approval_requests
language sql
set search_path = ''
as $$
  select private.decide_approval(request_id, decision, comment)
$$;

-- An executive's or admin's exception: lets a pending or rejected request through, with a reason.
create function public.override_approval(request_id uuid, reason text) returns public.approval_requests
language sql
set search_path = ''
as $$
  select private.override_approval(request_id, reason)
$$;

-- The caller's inbox: open steps they may decide, oldest first, with the deal as asked about.
create function public.approval_inbox()
returns table (
  request_id uuid,
  step_id uuid,
  step_position smallint,
  step_count integer,
  step_name text,
  deal_id uuid,
  policy_id uuid,
  policy_name text,
  reasons text[],
  deal_values jsonb,
  requested_at timestamptz,
  opened_at timestamptz
)
language sql stable
set search_path = ''
as $$
  select r.id, s.id, s.position, (select count(*)::integer from public.approval_steps x where x.request_id = r.id), s.name,
         r.deal_id, r.policy_id, p.name, r.reasons, r.deal_values, r.created_at, s.opened_at
  from public.approval_steps s
  join public.approval_requests r on r.id = s.request_id
  join public.approval_policies p on p.id = r.policy_id
  where s.org_id = (select private.current_org_id()) and s.status = 'pending' and r.status = 'pending'
    and (select auth.uid()) = any (private.step_approver_ids(r.org_id, (r.deal_values ->> 'owner_id')::uuid, s.approver_role, s.approver_ids))
  order by s.opened_at, r.id
$$;

revoke execute on function public.decide_approval(uuid, text, text), public.override_approval(uuid, text), public.approval_inbox() from public, anon;
grant execute on function public.decide_approval(uuid, text, text), public.override_approval(uuid, text), public.approval_inbox()
  to authenticated, service_role;
