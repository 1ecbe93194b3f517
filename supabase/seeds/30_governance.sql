-- Governance demo (PRODUCT.md GOV-1..GOV-6): Acme's deals scored against its own won deals, a score
-- history that drifts over each deal's life, three approval policies with requests in every state
-- (pending, approved after one or two steps, rejected, overridden with an exception) on open and on
-- closed deals over the past year, and the approvers' notifications. Deterministic (a hash of each
-- deal's id picks its fate) and set-based, so it stays well under a second.

-- Baselines from the demo's own won deals, then every deal scored afresh against them (closed deals
-- too: the CRM seed inserted them before their activities existed).
select private.refresh_scoring_baselines(o.id) from public.organizations o;
delete from public.deal_score_history;
delete from public.deal_scores;
select private.refresh_deal_scores(array(select d.id from public.deals d), 'created');

-- A history per deal: the first score when it was created, then two steps towards today's (or the
-- closing) score a third and two thirds into its life; most deals improve as they are qualified.
create temporary table seed_score on commit drop as
select d.id, d.org_id, d.created_at, coalesce(d.closed_at, now()) as ended_at, s.score, s.model_version,
       (abs(hashtext(d.id::text)) % 11) - 3 as drift,
       private.active_scoring_model(d.org_id) as model
from public.deals d join public.deal_scores s on s.deal_id = d.id;

update public.deal_score_history h
set scored_at = x.created_at, created_at = x.created_at, updated_at = x.created_at,
    score = case when x.ended_at - x.created_at > interval '28 days' then greatest(least(x.score - 2 * x.drift, 100), 0) else x.score end
from seed_score x
where h.deal_id = x.id;

insert into public.deal_score_history (org_id, deal_id, score, classification, model_version, reason, scored_at, created_at, updated_at)
select x.org_id, x.id, v.score, '', x.model_version, v.reason, v.at, v.at, v.at
from seed_score x
cross join lateral (values
  (greatest(least(x.score - x.drift, 100), 0), 'deal_change', x.created_at + (x.ended_at - x.created_at) / 3),
  (x.score, 'activity', x.created_at + (x.ended_at - x.created_at) * 2 / 3)
) as v (score, reason, at)
where x.ended_at - x.created_at > interval '28 days';

update public.deal_score_history h
set classification = (x.model).class_label[greatest(width_bucket(h.score, (x.model).class_min), 1)]
from seed_score x
where h.deal_id = x.id;

update public.deal_score_history h
set previous_score = prev.score, previous_classification = prev.classification
from (
  select id, lag(score) over w as score, lag(classification) over w as classification
  from public.deal_score_history window w as (partition by deal_id order by scored_at)
) prev
where prev.id = h.id;

-- Acme's approval policies, as its admin would save them.
select set_config('request.jwt.claims', '{"sub": "00000000-0000-4000-b000-000000000001", "role": "authenticated"}', true);
select public.save_approval_policy('{
  "name": "Discounts above 20 %", "description": "Anything beyond the standard discount band needs the team manager.",
  "discount_above": 20, "steps": [{"name": "Sales manager", "approver_role": "manager"}]}');
select public.save_approval_policy('{
  "name": "Large deals", "description": "Deals above 200,000 go to the team manager, then to the CRO.",
  "amount_above": 200000, "steps": [{"name": "Sales manager", "approver_role": "manager"}, {"name": "CRO", "approver_role": "executive"}]}');
select public.save_approval_policy('{
  "name": "D-class deals above 50,000", "description": "Sizeable deals the scoring model rates D are reviewed before they go further.",
  "classification_in": ["D"], "amount_above": 50000, "steps": [{"name": "Sales manager", "approver_role": "manager"}]}');
select set_config('request.jwt.claims', '', true);

-- The open deals that cross a policy get their requests (and their approvers a notification)...
select private.sync_deal_approvals(array(select d.id from public.deals d where d.status = 'open'));

-- ...and the managers and the CRO have worked through part of their inbox.
create temporary table seed_decision on commit drop as
select r.id, r.deal_id, p.name as policy, abs(hashtext(r.id::text)) % 20 as fate,
       (select t.manager_id from public.profiles o join public.teams t on t.id = o.team_id where o.id = d.owner_id) as manager_id,
       d.owner_id
from public.approval_requests r
join public.approval_policies p on p.id = r.policy_id
join public.deals d on d.id = r.deal_id
where r.status = 'pending';

do $$
declare
  manager uuid;
begin
  for manager in select distinct x.manager_id from seed_decision x where x.manager_id is not null order by 1 loop
    perform set_config('request.jwt.claims', json_build_object('sub', manager, 'role', 'authenticated')::text, true);
    perform private.decide_approval(x.id, case when x.fate < 3 then 'reject' else 'approve' end,
                                    case when x.fate < 3 then 'Too deep for this account: come back at 15 % with a two-year term'
                                         when x.fate % 2 = 0 then 'OK, the account is strategic' end)
    from seed_decision x
    where x.manager_id = manager and x.owner_id <> manager and x.fate < 12
    order by x.id;
  end loop;
end;
$$;

select set_config('request.jwt.claims', '{"sub": "00000000-0000-4000-b000-000000000002", "role": "authenticated"}', true);
select private.decide_approval(x.id, 'approve', 'Fine by me at this margin')
from seed_decision x join public.approval_requests r on r.id = x.id
where r.status = 'pending' and r.current_step = 2 and x.fate between 3 and 7;
select private.override_approval(x.id, 'Strategic logo for the region: the CRO accepts the terms this once')
from seed_decision x join public.approval_requests r on r.id = x.id
where r.status in ('pending', 'rejected') and (x.fate in (1, 13) or (x.manager_id = x.owner_id and x.fate < 8));
select set_config('request.jwt.claims', '', true);

-- Spread the open deals' requests over the past three weeks, each decision some hours after the
-- request (the approval cycle time chart), and mark older notifications read.
update public.approval_requests r
set created_at = now() - make_interval(days => 1 + x.fate, hours => x.fate % 7),
    decided_at = case when r.decided_at is not null
                      then least(now() - make_interval(days => 1 + x.fate, hours => x.fate % 7) + make_interval(hours => 2 + (x.fate * 7) % 40),
                                 now() - interval '10 minutes') end
from seed_decision x where x.id = r.id;
update public.approval_steps s
set opened_at = case when s.opened_at is not null then r.created_at + make_interval(hours => (s.position - 1) * 5) end,
    decided_at = case when s.decided_at is not null then least(r.created_at + make_interval(hours => s.position * 5 + 1), coalesce(r.decided_at, now())) end
from public.approval_requests r where r.id = s.request_id;
update public.notifications n set read_at = n.created_at
where n.kind like 'approval.%' and abs(hashtext(n.id::text)) % 3 = 0;

-- The past year's closed deals that crossed a policy: their requests as they went, decided by the
-- owner's manager some hours later (the CRO for large deals' second step); a deal a manager owns,
-- and one in nine others, went through an exception granted by the CRO; some lost deals were
-- rejected first.
create temporary table seed_closed on commit drop as
select d.id as deal_id, d.org_id, d.owner_id, d.closed_at, d.status, p.id as policy_id, p.name as policy,
       abs(hashtext(d.id::text || p.name)) % 18 as fate,
       (select t.manager_id from public.profiles o join public.teams t on t.id = o.team_id where o.id = d.owner_id) as manager_id,
       private.approval_deal_values(d, s.score, s.classification) as deal_values,
       array_remove(array[
         case when p.discount_above is not null then format('Discount %s %% is above %s %%', private.format_number(d.discount_pct), private.format_number(p.discount_above)) end,
         case when p.amount_above is not null then format('Amount %s is above %s', private.format_number(d.amount), private.format_number(p.amount_above)) end,
         case when p.classification_in is not null then format('Classification %s', s.classification) end], null) as reasons
from public.deals d
join public.deal_scores s on s.deal_id = d.id
join public.approval_policies p on p.org_id = d.org_id
where d.status in ('won', 'lost') and d.closed_at > now() - interval '12 months'
  and (p.discount_above is null or d.discount_pct > p.discount_above)
  and (p.amount_above is null or d.amount > p.amount_above)
  and (p.classification_in is null or s.classification = any (p.classification_in));
-- A manager's own deal has nobody to approve it: one in three of theirs went through an exception,
-- the others predate the policies.
delete from seed_closed c where c.manager_id = c.owner_id and c.fate % 3 <> 0;

create temporary table seed_closed_request on commit drop as
select c.*, md5('seed-request-' || c.deal_id || c.policy_id)::uuid as request_id,
       c.closed_at - make_interval(days => 2 + c.fate % 9, hours => c.fate) as requested_at,
       case when c.status = 'lost' and c.fate < 6 then 'rejected'
            when c.manager_id is null or c.manager_id = c.owner_id or c.fate = 4 then 'overridden'
            else 'approved' end::public.approval_status as outcome
from seed_closed c;

insert into public.approval_requests (id, org_id, deal_id, policy_id, status, reasons, deal_values, created_at, decided_at, updated_at)
select r.request_id, r.org_id, r.deal_id, r.policy_id, r.outcome, r.reasons, r.deal_values, r.requested_at,
       r.requested_at + make_interval(hours => 3 + (r.fate * 11) % 60), r.requested_at + make_interval(hours => 3 + (r.fate * 11) % 60)
from seed_closed_request r;

insert into public.approval_steps (org_id, request_id, position, name, approver_role, approver_ids, status, opened_at, decided_by, decided_at, comment,
                                   created_at, updated_at)
select r.org_id, r.request_id, ps.position, ps.name, ps.approver_role, ps.approver_ids,
       case when r.outcome = 'overridden' then 'skipped'
            when r.outcome = 'rejected' and ps.position = 1 then 'rejected'
            when r.outcome = 'rejected' then 'skipped'
            else 'approved' end::public.approval_step_status,
       r.requested_at,
       case when r.outcome in ('approved', 'rejected') and (r.outcome = 'approved' or ps.position = 1)
            then case when ps.approver_role = 'executive' then '00000000-0000-4000-b000-000000000002'::uuid else r.manager_id end end,
       case when r.outcome in ('approved', 'rejected') and (r.outcome = 'approved' or ps.position = 1)
            then r.requested_at + make_interval(hours => 3 + (r.fate * 11) % 60) end,
       case when r.outcome = 'rejected' then 'Not at this discount: the margin does not carry it' end,
       r.requested_at, r.requested_at
from seed_closed_request r
join public.approval_policy_steps ps on ps.policy_id = r.policy_id;

insert into public.approval_exceptions (org_id, request_id, deal_id, policy_id, reason, granted_by, deal_values, created_at, updated_at)
select r.org_id, r.request_id, r.deal_id, r.policy_id,
       (array['Strategic logo for the region: the CRO accepts the terms this once',
              'Competitive takeout against the incumbent; reviewed with finance',
              'Multi-year commitment offsets the discount'])[1 + r.fate % 3],
       '00000000-0000-4000-b000-000000000002', r.deal_values,
       r.requested_at + make_interval(hours => 3 + (r.fate * 11) % 60), r.requested_at + make_interval(hours => 3 + (r.fate * 11) % 60)
from seed_closed_request r
where r.outcome = 'overridden';
