-- What the daily health job leaves behind besides scores:
--   email_outbox              every email the platform sends (re-engagement emails of playbooks,
--                             "customer turned critical" to the CSM, CS-9). Rows are queued in the
--                             same transaction as the event that causes them, under a unique
--                             dedupe_key, so a job that runs twice queues once; the job then hands
--                             queued rows to the email provider configured in the function's
--                             secrets. Without a provider they stay queued, visible on the outbox
--                             page. No HTTP from the database: sending is the edge function's.
--   job_runs                  one row per run of a job and organisation: when, how many customers
--                             were scored, how many actions taken, which customers failed and why.
--   health_score_validations  how well the score 60 days before each renewal separated the
--                             customers who churned from those who renewed (AUC, precision and
--                             recall at the at-risk threshold), recomputed by every run.
-- All three are written only by the job (service role). Admins and lead CSMs read the outbox, a
-- CSM the emails about their own customers; admins, executives and CSMs read runs and validations.

create type public.email_status as enum ('queued', 'sending', 'sent', 'failed');
create type public.job_run_status as enum ('running', 'succeeded', 'partial', 'failed');

create table public.email_outbox (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  customer_id uuid,
  kind text not null constraint email_outbox_kind_format check (kind ~ '^[a-z][a-z0-9_.]{0,62}$'),
  to_email text not null constraint email_outbox_to_email_format check (char_length(to_email) <= 320 and to_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  to_name text constraint email_outbox_to_name_length check (char_length(to_name) <= 200),
  subject text not null constraint email_outbox_subject_length check (char_length(btrim(subject)) between 1 and 300),
  body text not null constraint email_outbox_body_length check (char_length(body) <= 50000),
  dedupe_key text not null constraint email_outbox_dedupe_key_length check (char_length(dedupe_key) <= 200),
  status public.email_status not null default 'queued',
  attempts smallint not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text constraint email_outbox_last_error_length check (char_length(last_error) <= 2000),
  provider_id text constraint email_outbox_provider_id_length check (char_length(provider_id) <= 200),
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint email_outbox_dedupe_key unique (org_id, dedupe_key),
  constraint email_outbox_sent_at_when_sent check ((status = 'sent') = (sent_at is not null)),
  foreign key (org_id, customer_id) references public.customers (org_id, id) on delete set null (customer_id)
);
-- The sender's queue per organisation; the outbox page, newest first; a customer's emails.
create index email_outbox_queue_idx on public.email_outbox (org_id, next_attempt_at) where status in ('queued', 'sending');
create index email_outbox_org_created_idx on public.email_outbox (org_id, created_at desc);
create index email_outbox_customer_idx on public.email_outbox (org_id, customer_id);

comment on table public.email_outbox is 'Every email the platform sends (CS-4, CS-9). Queued by the database, sent by the health job through the provider in its secrets (EMAIL_API_URL, EMAIL_API_KEY, EMAIL_FROM).';
comment on column public.email_outbox.dedupe_key is 'Unique per organisation: the event that queued it (and the Idempotency-Key sent to the provider).';
comment on column public.email_outbox.status is 'queued → sending → sent, or back to queued with last_error (retried with back-off), failed after 5 attempts.';
comment on column public.email_outbox.provider_id is 'The provider''s id for the sent message.';

create table public.job_runs (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  job text not null constraint job_runs_job_format check (job ~ '^[a-z0-9-]{1,50}$'),
  day date not null,
  status public.job_run_status not null default 'running',
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  customers_scored integer not null default 0,
  customers_failed integer not null default 0,
  actions integer not null default 0,
  emails_sent integer not null default 0,
  emails_failed integer not null default 0,
  errors jsonb not null default '[]' constraint job_runs_errors_shape check (jsonb_typeof(errors) = 'array'),
  triggered_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint job_runs_finished_after_start check (finished_at >= started_at),
  foreign key (org_id, triggered_by) references public.profiles (org_id, id) on delete set null (triggered_by)
);
create index job_runs_org_job_idx on public.job_runs (org_id, job, started_at desc);
create index job_runs_triggered_by_idx on public.job_runs (org_id, triggered_by);

comment on table public.job_runs is 'One row per run of a scheduled job for one organisation.';
comment on column public.job_runs.actions is 'Interventions, tasks, in-app messages, notifications and emails queued by the run.';
comment on column public.job_runs.errors is 'JSON array of {"customer_id", "message"} (or {"message"} for the run itself); at most 100 kept.';
comment on column public.job_runs.triggered_by is 'The admin who pressed "Run now"; null for the schedule.';

create table public.health_score_validations (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  computed_on date not null,
  horizon_days smallint not null,
  threshold smallint not null,
  renewals_evaluated integer not null,
  churned integer not null,
  renewed integer not null,
  auc numeric(4, 3),
  precision numeric(4, 3),
  recall numeric(4, 3),
  true_positives integer not null,
  false_positives integer not null,
  false_negatives integer not null,
  true_negatives integer not null,
  config_version integer not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint health_score_validations_once_a_day unique (org_id, computed_on, horizon_days)
);

comment on table public.health_score_validations is 'How well the score horizon_days before each decided renewal predicted churn. AUC: chance a renewed customer scored above a churned one (0.5 = coin toss). Precision and recall of "score under threshold (at risk or critical) means churn".';
comment on column public.health_score_validations.threshold is 'The healthy_min in force: a score below it counts as predicting churn.';

create trigger email_outbox_updated_at before update on public.email_outbox for each row execute function private.set_updated_at();
create trigger job_runs_updated_at before update on public.job_runs for each row execute function private.set_updated_at();
create trigger health_score_validations_updated_at before update on public.health_score_validations for each row execute function private.set_updated_at();
create trigger email_outbox_keep_org_id before update of org_id on public.email_outbox for each row execute function private.keep_org_id();
create trigger job_runs_keep_org_id before update of org_id on public.job_runs for each row execute function private.keep_org_id();
create trigger health_score_validations_keep_org_id before update of org_id on public.health_score_validations for each row execute function private.keep_org_id();

alter table public.email_outbox enable row level security;
alter table public.job_runs enable row level security;
alter table public.health_score_validations enable row level security;

grant select on public.email_outbox, public.job_runs, public.health_score_validations to authenticated;
grant select, insert, update, delete on public.email_outbox, public.job_runs, public.health_score_validations to service_role;

create policy "admins and lead CSMs read the outbox, CSMs their customers' emails" on public.email_outbox
  for select to authenticated
  using (org_id = (select private.current_org_id())
         and ((select private.manages_all_customers()) or customer_id in (select private.editable_customer_ids())));

create policy "admins, executives and CSMs read job runs" on public.job_runs
  for select to authenticated
  using (org_id = (select private.current_org_id()) and (select private.has_role('admin', 'executive', 'cs_manager')));

create policy "admins, executives and CSMs read health score validations" on public.health_score_validations
  for select to authenticated
  using (org_id = (select private.current_org_id()) and (select private.has_role('admin', 'executive', 'cs_manager')));
