-- The API roles hosted Supabase creates. PostgREST logs in as `authenticator` and switches to the
-- role named by the JWT. No default privileges: every migration must grant what it exposes, as on
-- hosted projects since 2026, so a missing grant fails here before it fails in production.
do $$
begin
  if not exists (select from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit password 'postgres';
  end if;
end
$$;

grant anon, authenticated, service_role to authenticator;

alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role authenticator set statement_timeout = '8s';

grant usage on schema public to anon, authenticated, service_role;

-- Hosted projects record the schemas PostgREST exposes here; the database advisors read it to
-- know which tables the API can reach.
alter database postgres set pgrst.db_schemas = 'public';
