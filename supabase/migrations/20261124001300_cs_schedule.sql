-- The daily health job (PRODUCT.md CS-3): health-score-job at 05:00 UTC, before the working day
-- starts in Europe and after it ends in the Americas, so the dashboards open on fresh scores. On
-- hosted Supabase private.sync_cron_jobs() registers it with pg_cron (where pg_cron and pg_net
-- exist); the local stack's scheduler reads the same row. A second run on the same day changes
-- nothing, so a retry or an admin's "Run now" is always safe.

insert into private.job_schedules (name, schedule, function_name, body)
values ('health-score-daily', '0 5 * * *', 'health-score-job', '{}');

select private.sync_cron_jobs();
