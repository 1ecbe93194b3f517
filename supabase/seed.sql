-- Deterministic demo data: two organisations (the second proves isolation) and a login for every
-- role, with Acme's sales people in two teams. Works with `npm run db:reset` here and
-- `supabase db reset` with the Supabase CLI. Every demo password is `demo-password`.
-- Each feature's demo data goes in its own file in supabase/seeds/ (e.g. 10_crm.sql), applied after
-- this one in name order (config.toml [db.seed] sql_paths).

insert into public.organizations (id, name, currency, fiscal_year_start_month) values
  ('00000000-0000-4000-a000-000000000001', 'Acme Demo', 'USD', 1),
  ('00000000-0000-4000-a000-000000000002', 'Globex', 'EUR', 4);

with demo (id, email, full_name, role, org_id) as (
  values
    ('00000000-0000-4000-b000-000000000001'::uuid, 'admin@acme.test', 'Ada Admin', 'admin', '00000000-0000-4000-a000-000000000001'),
    ('00000000-0000-4000-b000-000000000002'::uuid, 'exec@acme.test', 'Evelyn Executive', 'executive', '00000000-0000-4000-a000-000000000001'),
    ('00000000-0000-4000-b000-000000000003'::uuid, 'manager@acme.test', 'Marco Manager', 'manager', '00000000-0000-4000-a000-000000000001'),
    ('00000000-0000-4000-b000-000000000004'::uuid, 'rep@acme.test', 'Rita Rep', 'rep', '00000000-0000-4000-a000-000000000001'),
    ('00000000-0000-4000-b000-000000000005'::uuid, 'cs@acme.test', 'Casey Success', 'cs_manager', '00000000-0000-4000-a000-000000000001'),
    ('00000000-0000-4000-b000-000000000006'::uuid, 'rep@globex.test', 'Gus Globex', 'rep', '00000000-0000-4000-a000-000000000002'),
    ('00000000-0000-4000-b000-000000000007'::uuid, 'rep2@acme.test', 'Ravi Rep', 'rep', '00000000-0000-4000-a000-000000000001'),
    ('00000000-0000-4000-b000-000000000008'::uuid, 'manager.west@acme.test', 'Wendy West', 'manager', '00000000-0000-4000-a000-000000000001'),
    ('00000000-0000-4000-b000-000000000009'::uuid, 'rep.west@acme.test', 'Walt West', 'rep', '00000000-0000-4000-a000-000000000001')
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

-- Profiles are made when the transaction commits (20261121000500_user_provisioning.sql): now, please.
set constraints all immediate;

insert into public.teams (id, org_id, name, manager_id) values
  ('00000000-0000-4000-9000-000000000001', '00000000-0000-4000-a000-000000000001', 'East', '00000000-0000-4000-b000-000000000003'),
  ('00000000-0000-4000-9000-000000000002', '00000000-0000-4000-a000-000000000001', 'West', '00000000-0000-4000-b000-000000000008'),
  ('00000000-0000-4000-9000-000000000003', '00000000-0000-4000-a000-000000000002', 'Globex Sales', null);

-- The demo passwords are documented, so nobody is asked to change theirs.
update public.profiles p
set team_id = d.team_id::uuid, title = d.title, is_lead_csm = d.is_lead_csm, must_change_password = false
from (
  values
    ('00000000-0000-4000-b000-000000000001', null, 'Revenue Operations', false),
    ('00000000-0000-4000-b000-000000000002', null, 'Chief Revenue Officer', false),
    ('00000000-0000-4000-b000-000000000003', '00000000-0000-4000-9000-000000000001', 'Sales Manager, East', false),
    ('00000000-0000-4000-b000-000000000004', '00000000-0000-4000-9000-000000000001', 'Account Executive', false),
    ('00000000-0000-4000-b000-000000000005', null, 'Head of Customer Success', true),
    ('00000000-0000-4000-b000-000000000006', '00000000-0000-4000-9000-000000000003', 'Account Executive', false),
    ('00000000-0000-4000-b000-000000000007', '00000000-0000-4000-9000-000000000001', 'Account Executive', false),
    ('00000000-0000-4000-b000-000000000008', '00000000-0000-4000-9000-000000000002', 'Sales Manager, West', false),
    ('00000000-0000-4000-b000-000000000009', '00000000-0000-4000-9000-000000000002', 'Account Executive', false)
) as d (id, team_id, title, is_lead_csm)
where p.id = d.id::uuid;
