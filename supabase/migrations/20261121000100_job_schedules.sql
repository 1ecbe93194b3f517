-- Scheduled jobs are declared once, as rows of private.job_schedules. On hosted Supabase pg_cron
-- runs them through pg_net; the local stack's scheduler reads the same rows and sends the same
-- request. Later migrations add a job with one insert.

create table private.job_schedules (
  name text primary key check (name ~ '^[a-z0-9-]+$'),
  schedule text not null,
  function_name text not null check (function_name ~ '^[a-z0-9_-]+$'),
  body jsonb not null default '{}'::jsonb,
  active boolean not null default true
);
alter table private.job_schedules enable row level security;

-- Registers every schedule with pg_cron where it exists (hosted). Locally pg_cron does not exist and
-- this does nothing. The project URL and service key come from Vault, never from the migration.
create function private.sync_cron_jobs() returns void
language plpgsql
set search_path = ''
as $$
declare
  job record;
begin
  if not exists (select from pg_extension where extname = 'pg_cron')
     or not exists (select from pg_extension where extname = 'pg_net') then
    return;
  end if;
  for job in select * from private.job_schedules loop
    execute format(
      'select cron.schedule(%L, %L, %L)',
      job.name,
      job.schedule,
      format(
        $cmd$select net.http_post(
          url := (select decrypted_secret from vault.decrypted_secrets where name = 'project_url') || '/functions/v1/%s',
          headers := jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer ' ||
            (select decrypted_secret from vault.decrypted_secrets where name = 'service_role_key')),
          body := %L::jsonb)$cmd$,
        job.function_name, job.body::text)
    );
    if not job.active then
      execute format('select cron.unschedule(%L)', job.name);
    end if;
  end loop;
end;
$$;
revoke execute on function private.sync_cron_jobs() from public;

select private.sync_cron_jobs();
