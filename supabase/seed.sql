-- Deterministic demo data: two organisations (the second proves isolation) and a login for every
-- role. Works with `npm run db:reset` here and `supabase db reset` with the Supabase CLI.
-- Every demo password is `demo-password`.

insert into public.organizations (id, name, currency) values
  ('00000000-0000-4000-a000-000000000001', 'Acme Demo', 'USD'),
  ('00000000-0000-4000-a000-000000000002', 'Globex', 'EUR');

with demo (id, email, full_name, role, org_id) as (
  values
    ('00000000-0000-4000-b000-000000000001'::uuid, 'admin@acme.test', 'Ada Admin', 'admin', '00000000-0000-4000-a000-000000000001'),
    ('00000000-0000-4000-b000-000000000002'::uuid, 'exec@acme.test', 'Evelyn Executive', 'executive', '00000000-0000-4000-a000-000000000001'),
    ('00000000-0000-4000-b000-000000000003'::uuid, 'manager@acme.test', 'Marco Manager', 'manager', '00000000-0000-4000-a000-000000000001'),
    ('00000000-0000-4000-b000-000000000004'::uuid, 'rep@acme.test', 'Rita Rep', 'rep', '00000000-0000-4000-a000-000000000001'),
    ('00000000-0000-4000-b000-000000000005'::uuid, 'cs@acme.test', 'Casey Success', 'cs_manager', '00000000-0000-4000-a000-000000000001'),
    ('00000000-0000-4000-b000-000000000006'::uuid, 'rep@globex.test', 'Gus Globex', 'rep', '00000000-0000-4000-a000-000000000002')
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
