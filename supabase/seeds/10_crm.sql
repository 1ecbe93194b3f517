-- CRM demo (PRODUCT.md CRM-1..CRM-8): Acme's Default and PEAK pipelines, 300 accounts with two
-- contacts each, 1,500 deals created over the last 24 months whose stage histories end won, lost
-- or still open (some stale), ten activities per deal, 400 leads from every source, and a few
-- Globex records to show isolation. Everything derives from generate_series arithmetic, so every
-- run gives the same data (dates are relative to today). The database's own triggers set each
-- deal's status, probability and first history row and each lead's score, as they would for a user.

-- Pipelines come from the same templates an admin uses (as Acme's admin, then Globex's rep).
select set_config('request.jwt.claims', '{"sub": "00000000-0000-4000-b000-000000000001"}', true);
select public.create_pipeline_from_template('Sales', 'default', is_default => true);
select public.create_pipeline_from_template('PEAK', 'peak');
select set_config('request.jwt.claims', '{"sub": "00000000-0000-4000-b000-000000000006"}', true);
select public.create_pipeline_from_template('Sales', 'default', is_default => true);
select set_config('request.jwt.claims', '', true);

-- Fields a deal must have before it leaves a stage, and the order PEAK deals follow.
update public.pipeline_stages s set exit_criteria = c.fields
from (values ('Qualified', '{economic_buyer,identified_pain}'::text[]), ('Proposal', '{amount,decision_criteria}'), ('Negotiation', '{paper_process}')) c (name, fields)
where s.name = c.name and s.pipeline_id in (select id from public.pipelines where name = 'Sales');

insert into public.pipeline_stage_transitions (org_id, pipeline_id, from_stage_id, to_stage_id)
select f.org_id, f.pipeline_id, f.id, t.id
from public.pipelines p
join public.pipeline_stages f on f.pipeline_id = p.id
join public.pipeline_stages t on t.pipeline_id = p.id
join (values ('Prospect', 'Engage'), ('Prospect', 'Lost'), ('Engage', 'Prospect'), ('Engage', 'Acquire'), ('Engage', 'Lost'),
             ('Acquire', 'Engage'), ('Acquire', 'Keep'), ('Acquire', 'Lost')) m (from_name, to_name)
  on f.name = m.from_name and t.name = m.to_name
where p.name = 'PEAK';

-- Acme's sellers; reps own more than managers.
create temporary table seed_owner (n int primary key, id uuid not null) on commit drop;
insert into seed_owner values
  (0, '00000000-0000-4000-b000-000000000004'), (1, '00000000-0000-4000-b000-000000000007'), (2, '00000000-0000-4000-b000-000000000009'),
  (3, '00000000-0000-4000-b000-000000000004'), (4, '00000000-0000-4000-b000-000000000007'), (5, '00000000-0000-4000-b000-000000000009'),
  (6, '00000000-0000-4000-b000-000000000003'), (7, '00000000-0000-4000-b000-000000000008');

-- Stages by pipeline and position; `open_stages` counts the stages a deal passes before closing.
create temporary table seed_stage on commit drop as
select p.name as pipeline, s.*, count(*) filter (where not s.is_won and not s.is_lost) over (partition by p.id) as open_stages
from public.pipelines p join public.pipeline_stages s on s.pipeline_id = p.id
where p.org_id = '00000000-0000-4000-a000-000000000001';

insert into public.accounts (id, org_id, owner_id, name, domain, industry, employee_count, segment, tier)
select md5('acme-account-' || g)::uuid, '00000000-0000-4000-a000-000000000001', o.id,
       prefix || ' ' || suffix, regexp_replace(lower(prefix || '-' || suffix), '[^a-z0-9]+', '-', 'g') || '.example',
       (array['Software', 'Manufacturing', 'Retail', 'Healthcare', 'Financial Services', 'Logistics', 'Education', 'Energy'])[1 + g % 8],
       employees,
       case when employees < 200 then 'smb' when employees < 2000 then 'mid_market' else 'enterprise' end::public.account_segment,
       1 + g % 3
from generate_series(0, 299) g
cross join lateral (select
  (array['Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Wingtip', 'Litware', 'Adatum', 'Proseware', 'Woodgrove', 'Lucerne',
         'Alpine', 'Blue Yonder', 'Coho', 'Fourth Coffee', 'Graphic Design', 'Humongous', 'Margie', 'Nod', 'Relecloud', 'Southridge',
         'Trey', 'VanArsdel', 'Wide World', 'Consolidated', 'Datum', 'Bellows', 'Cascade', 'Granite', 'Harbor', 'Summit'])[1 + g % 30] as prefix,
  (array['Labs', 'Systems', 'Industries', 'Group', 'Partners', 'Holdings', 'Works', 'Networks', 'Dynamics', 'Solutions'])[1 + g / 30] as suffix,
  10 + (g * 7919) % 20000 as employees) names
join seed_owner o on o.n = g % 8;

insert into public.contacts (id, org_id, owner_id, account_id, first_name, last_name, title, email, phone, deal_role)
select md5('acme-contact-' || a.g || '-' || c)::uuid, a.org_id, a.owner_id, a.id, first_name, last_name,
       (array['VP Sales', 'CFO', 'Head of Operations', 'IT Director', 'Procurement Manager', 'CEO'])[1 + (a.g + c) % 6],
       lower(first_name || '.' || last_name || '@' || a.domain), '+1 555 ' || lpad(((a.g * 2 + c) * 37 % 10000)::text, 4, '0'),
       (array['champion', 'economic_buyer', 'decision_maker', 'influencer', 'user', 'blocker', 'other'])[1 + (a.g + c * 3) % 7]::public.contact_deal_role
from (select g, a.* from generate_series(0, 299) g join public.accounts a on a.id = md5('acme-account-' || g)::uuid) a
cross join generate_series(0, 1) c
cross join lateral (select
  (array['Ana', 'Ben', 'Chloe', 'David', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kara', 'Liam'])[1 + (a.g + c * 5) % 12] as first_name,
  (array['Novak', 'Okafor', 'Silva', 'Berg', 'Kowalski', 'Tanaka', 'Moreau', 'Haddad', 'Larsen', 'Rossi', 'Schmidt'])[1 + (a.g * 3 + c) % 11] as last_name) n;

-- Each deal's story: its pipeline, how many stages it passed (`reached`), how it ended, when it
-- was created and closed, how long it has sat in its current stage.
create temporary table seed_deal on commit drop as
select g, pipeline, open_stages, outcome,
       case outcome when 'open' then (g / 5 + g / 3) % open_stages when 'won' then open_stages - 1 else (g * 5) % open_stages end as reached,
       created, closed,
       case when outcome = 'open' then now() - make_interval(days => least((g * 11) % 45, age_days - 1)) end as entered_current
from generate_series(1, 1500) g
cross join lateral (select 730 - (g - 1) * 730 / 1500 as age_days, case when g % 5 = 0 then 'PEAK' else 'Sales' end as pipeline) a
cross join lateral (select max(open_stages) as open_stages from seed_stage where seed_stage.pipeline = a.pipeline) s
cross join lateral (select case
    when age_days > 90 then case when (g * 7) % 10 < 4 then 'won' when (g * 7) % 10 < 9 then 'lost' else 'open' end
    when age_days > 30 then case when (g * 7) % 10 = 0 then 'won' when (g * 7) % 10 = 1 then 'lost' else 'open' end
    else 'open'
  end as outcome) o
cross join lateral (select now() - make_interval(days => age_days, hours => g % 9) as created) c
cross join lateral (select case when outcome <> 'open'
  then created + make_interval(days => least(20 + (g * 13) % 100, age_days - 1)) end as closed) e;

-- The stages each deal entered, in order, with when it entered them.
create temporary table seed_move on commit drop as
select d.g, step, st.pipeline_id, st.id as stage_id,
       case
         when step = 0 then d.created
         when d.outcome = 'open' then d.created + (d.entered_current - d.created) * step / greatest(d.reached, 1)
         else d.created + (d.closed - d.created) * step / (d.reached + 1)
       end as entered_at,
       step = d.reached + case when d.outcome = 'open' then 0 else 1 end as is_last
from seed_deal d
cross join generate_series(0, d.reached + case when d.outcome = 'open' then 0 else 1 end) step
join seed_stage st on st.pipeline = d.pipeline
  and case when step <= d.reached then st.position = step
           else (d.outcome = 'won' and st.is_won) or (d.outcome = 'lost' and st.is_lost) end;

insert into public.deals (id, org_id, owner_id, account_id, primary_contact_id, pipeline_id, stage_id, name, deal_type, amount, currency,
                          expected_close_date, forecast_category, product_line, list_price, discount_pct, margin_pct, contract_term_months,
                          billing_cycle, payment_terms_days, competitors, next_step, metrics, economic_buyer, decision_criteria,
                          decision_process, paper_process, identified_pain, champion, competition, lost_reason, stage_entered_at, closed_at, created_at)
select md5('acme-deal-' || d.g)::uuid, a.org_id, a.owner_id, a.id, md5('acme-contact-' || (d.g * 7) % 300 || '-0')::uuid, last.pipeline_id, last.stage_id,
       a.name || ' – ' || product || case when d.g % 10 = 0 then ' renewal' when d.g % 10 = 5 then ' expansion' else '' end,
       case when d.g % 10 = 0 then 'renewal' when d.g % 10 = 5 then 'expansion' else 'new' end::public.deal_type,
       amount, 'USD',
       coalesce(d.closed::date, current_date + 5 + (d.g * 17) % 120),
       (array['pipeline', 'pipeline', 'best_case', 'commit'])[1 + least(d.reached, 3)]::public.forecast_category,
       product, round(amount / (1 - discount / 100.0), 2), discount, 40 + d.g % 30, (array[12, 24, 36, 12])[1 + d.g % 4],
       (array['annual', 'monthly', 'quarterly', 'annual', 'multi_year'])[1 + d.g % 5]::public.billing_cycle, (array[30, 45, 60, 0])[1 + d.g % 4],
       case when d.g % 3 = 0 then '{Globex,Initech}'::text[] when d.g % 3 = 1 then '{Umbrella}' else '{}' end,
       case when d.outcome = 'open' then (array['Send proposal', 'Book demo with IT', 'Confirm budget', 'Legal review'])[1 + d.g % 4] end,
       case when d.reached >= 1 then 'Cut onboarding time by ' || (10 + d.g % 40) || ' %' end,
       case when d.reached >= 1 then 'CFO' end,
       case when d.reached >= 2 then 'Security review, SSO, price per seat' end,
       case when d.reached >= 2 then 'Team lead, then CFO sign-off' end,
       case when d.reached >= 3 then 'MSA and order form through procurement' end,
       case when d.reached >= 1 then 'Manual reporting takes ' || (2 + d.g % 5) || ' days a month' end,
       case when d.reached >= 1 then 'Head of Operations' end,
       case when d.g % 3 <> 2 then 'Incumbent spreadsheet process' end,
       case when d.outcome = 'lost' then (array['Price', 'Chose a competitor', 'No budget', 'No decision', 'Timing'])[1 + d.g % 5] end,
       last.entered_at, d.closed, d.created
from seed_deal d
join seed_move last on last.g = d.g and last.is_last
join public.accounts a on a.id = md5('acme-account-' || (d.g * 7) % 300)::uuid
cross join lateral (select (array['Platform', 'Analytics', 'Integrations', 'Services'])[1 + d.g % 4] as product,
                           ((d.g * 7919) % 240 + 10) * 1000.00 as amount, (d.g % 6) * 5 as discount) p;

-- The insert trigger recorded each deal's last stage; the stages before it complete the history.
insert into public.deal_stage_history (org_id, deal_id, from_stage_id, to_stage_id, moved_at)
select '00000000-0000-4000-a000-000000000001', md5('acme-deal-' || m.g)::uuid, prev.stage_id, m.stage_id, m.entered_at
from seed_move m left join seed_move prev on prev.g = m.g and prev.step = m.step - 1
where not m.is_last;
update public.deal_stage_history h set from_stage_id = prev.stage_id
from seed_move m join seed_move prev on prev.g = m.g and prev.step = m.step - 1
where m.is_last and h.deal_id = md5('acme-deal-' || m.g)::uuid and h.to_stage_id = m.stage_id;

-- Ten activities per deal over its life. Open deals get a task: due later (not stale), overdue,
-- due today, or done (stale once the stage's rotting days pass).
insert into public.activities (id, org_id, owner_id, deal_id, type, subject, body, outcome, sentiment, occurred_at, due_at, done, done_at)
select md5('acme-activity-' || d.g || '-' || i)::uuid, '00000000-0000-4000-a000-000000000001', deal.owner_id, deal.id, kind,
       (array['Discovery call', 'Intro email', 'Product demo', 'Call notes', 'Pricing email', 'Check-in call', 'Send follow-up',
              'Case study email', 'Stakeholder meeting', 'Next steps'])[1 + i],
       case when kind in ('note', 'meeting') then 'Discussed ' || lower(coalesce(deal.identified_pain, 'priorities and timeline')) || '.' end,
       case when kind = 'call' then (array['Connected', 'Left voicemail', 'No answer'])[1 + (d.g + i) % 3] end,
       case when kind in ('call', 'meeting') then (array['positive', 'neutral', 'negative', 'positive'])[1 + (d.g + i) % 4]::public.activity_sentiment end,
       at, due, done, case when done then coalesce(due, at) end
from seed_deal d
join public.deals deal on deal.id = md5('acme-deal-' || d.g)::uuid
cross join generate_series(0, 9) i
cross join lateral (select (array['call', 'email', 'meeting', 'note', 'email', 'call', 'task', 'email', 'meeting', 'note'])[1 + i]::public.activity_type as kind,
                           d.created + (coalesce(d.closed, now()) - d.created) * i / 10 as at) k
cross join lateral (select
  case when kind <> 'task' then null
       when d.outcome <> 'open' then at
       when d.g % 4 = 0 then date_trunc('day', now()) + make_interval(days => 1 + d.g % 10, hours => 10)
       when d.g % 4 = 1 then date_trunc('day', now()) - make_interval(days => 1 + d.g % 5) + interval '10 hours'
       when d.g % 4 = 2 then date_trunc('day', now()) + interval '23 hours'
       else at end as due) t
cross join lateral (select kind <> 'task' or d.outcome <> 'open' or d.g % 4 = 3 as done) f;

-- Leads from every source; a tenth share a domain with an account (conversion links it), a tenth
-- were converted into one of the deals above.
insert into public.leads (id, org_id, owner_id, first_name, last_name, title, email, phone, company, domain, company_size, industry, source,
                          status, value, currency, probability, last_contacted_at, email_opens, email_clicks, site_visits, meetings_booked,
                          converted_at, converted_account_id, converted_contact_id, converted_deal_id, created_at)
select md5('acme-lead-' || g)::uuid, '00000000-0000-4000-a000-000000000001', o.id, first_name, last_name,
       (array['Operations Manager', 'CTO', 'Head of Sales', 'Finance Director', 'Founder'])[1 + g % 5],
       lower(first_name || '.' || last_name || '@' || c.domain), '+1 555 ' || lpad((g * 53 % 10000)::text, 4, '0'),
       c.company, c.domain, 5 + (g * 337) % 5000,
       (array['Software', 'Manufacturing', 'Retail', 'Healthcare', 'Financial Services', 'Logistics'])[1 + g % 6],
       (array['website', 'referral', 'event', 'outbound', 'partner', 'advertising', 'other'])[1 + g % 7]::public.lead_source,
       n.status, ((g * 37) % 100) * 1000, 'USD', 5 + (g * 13) % 60,
       now() - make_interval(days => (g * 3) % 30, hours => g % 24),
       g % 12, g % 5, g % 9, case when g % 3 = 0 then 1 else 0 end,
       case when n.status = 'converted' then now() - make_interval(days => g % 60) end,
       case when n.status = 'converted' then deal.account_id end,
       case when n.status = 'converted' then deal.primary_contact_id end,
       case when n.status = 'converted' then deal.id end,
       now() - make_interval(days => (g * 7) % 120)
from generate_series(1, 400) g
join seed_owner o on o.n = g % 8
cross join lateral (select
  (array['Mia', 'Noah', 'Olivia', 'Paulo', 'Quinn', 'Rosa', 'Sam', 'Tariq', 'Uma', 'Viktor'])[1 + g % 10] as first_name,
  (array['Andersen', 'Bauer', 'Costa', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Horvat', 'Ivanova'])[1 + (g * 7) % 9] as last_name,
  (array['new', 'new', 'new', 'contacted', 'contacted', 'qualified', 'qualified', 'unqualified', 'new', 'converted'])[1 + g % 10]::public.lead_status as status) n
left join public.accounts shared on g % 10 = 5 and shared.id = md5('acme-account-' || (g * 3) % 300)::uuid
cross join lateral (select coalesce(shared.name, (array['Acorn', 'Beacon', 'Crescent', 'Delta', 'Ember', 'Fjord', 'Glacier', 'Horizon'])[1 + g % 8]
                                    || ' ' || (array['Analytics', 'Foods', 'Robotics', 'Media', 'Health', 'Freight'])[1 + (g / 8) % 6] || ' ' || g) as company,
                           coalesce(shared.domain, 'lead-' || g || '.example') as domain) c
left join public.deals deal on deal.id = md5('acme-deal-' || g)::uuid;

insert into public.saved_views (org_id, owner_id, record_type, name, filters, sort, columns, shared) values
  ('00000000-0000-4000-a000-000000000001', '00000000-0000-4000-b000-000000000004', 'deals', 'My open deals',
   '{"status": "open"}', '[{"column": "expected_close_date", "ascending": true}]', '{name,account_name,stage_name,amount,expected_close_date}', false),
  ('00000000-0000-4000-a000-000000000001', '00000000-0000-4000-b000-000000000003', 'deals', 'Commit this quarter',
   '{"forecast_category": "commit"}', '[{"column": "amount", "ascending": false}]', '{name,owner_name,amount,expected_close_date}', true),
  ('00000000-0000-4000-a000-000000000001', '00000000-0000-4000-b000-000000000004', 'leads', 'Hot leads',
   '{"score": {"gte": 60}}', '[{"column": "score", "ascending": false}]', '{company,full_name,score,source}', false);

-- Globex: a handful of records that no Acme user may ever see.
insert into public.accounts (id, org_id, owner_id, name, domain, industry, employee_count, segment, tier)
select md5('globex-account-' || g)::uuid, '00000000-0000-4000-a000-000000000002', '00000000-0000-4000-b000-000000000006',
       'Globex Client ' || g, 'globex-client-' || g || '.example', 'Manufacturing', 100 * g, 'smb', 2
from generate_series(1, 5) g;

insert into public.contacts (id, org_id, owner_id, account_id, first_name, last_name, email)
select md5('globex-contact-' || g)::uuid, '00000000-0000-4000-a000-000000000002', '00000000-0000-4000-b000-000000000006',
       md5('globex-account-' || g)::uuid, 'Hank', 'Scorpio ' || g, 'hank' || g || '@globex-client-' || g || '.example'
from generate_series(1, 5) g;

insert into public.deals (id, org_id, owner_id, account_id, primary_contact_id, pipeline_id, stage_id, name, amount, currency, expected_close_date)
select md5('globex-deal-' || g)::uuid, s.org_id, '00000000-0000-4000-b000-000000000006', md5('globex-account-' || (1 + g % 5))::uuid,
       md5('globex-contact-' || (1 + g % 5))::uuid, s.pipeline_id, s.id, 'Globex deal ' || g, 10000 * g, 'EUR', current_date + 10 * g
from generate_series(1, 10) g
join public.pipeline_stages s on s.org_id = '00000000-0000-4000-a000-000000000002' and s.position = g % 4;

insert into public.leads (org_id, owner_id, company, domain, source, value, currency, probability)
select '00000000-0000-4000-a000-000000000002', '00000000-0000-4000-b000-000000000006', 'Globex Prospect ' || g,
       'globex-prospect-' || g || '.example', 'referral', 20000 * g, 'EUR', 20 + g
from generate_series(1, 5) g;

insert into public.activities (org_id, owner_id, deal_id, type, subject, occurred_at)
select '00000000-0000-4000-a000-000000000002', '00000000-0000-4000-b000-000000000006', md5('globex-deal-' || (1 + g % 10))::uuid,
       'call', 'Globex call ' || g, now() - make_interval(days => g)
from generate_series(1, 20) g;
