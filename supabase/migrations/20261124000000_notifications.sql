-- In-app notifications (PRODUCT.md CRM-11's inbox and badge, CS-4's in-app messages, CS-9's "a
-- customer turned critical", approvals in GOV-3): one generic table that every feature writes to,
-- so the bell in the shell reads one place. A row is addressed to one user; only that user reads,
-- marks read or deletes it. Nobody creates one through the API: the jobs (service role) and
-- security-definer functions of each feature do, and `dedupe_key` makes that idempotent (a job that
-- runs twice notifies once: `insert ... on conflict (user_id, dedupe_key) do nothing`).

create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null,
  kind text not null constraint notifications_kind_format check (kind ~ '^[a-z][a-z0-9_.]{0,62}$'),
  title text not null constraint notifications_title_length check (char_length(btrim(title)) between 1 and 200),
  body text constraint notifications_body_length check (char_length(body) <= 2000),
  link text constraint notifications_link_format check (char_length(link) <= 500 and link ~ '^/'),
  dedupe_key text constraint notifications_dedupe_key_length check (char_length(dedupe_key) <= 200),
  read_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint notifications_dedupe_key unique (user_id, dedupe_key),
  foreign key (org_id, user_id) references public.profiles (org_id, id) on delete cascade
);
-- The inbox (newest first) and the badge (unread count); also the foreign key.
create index notifications_inbox_idx on public.notifications (org_id, user_id, created_at desc);
create index notifications_unread_idx on public.notifications (user_id) where read_at is null;

comment on table public.notifications is 'In-app notifications, one user each. Written by jobs and feature functions; the user reads, marks read (read_at) and deletes.';
comment on column public.notifications.kind is 'What it is about, dotted: customer.critical, playbook.in_app, milestone.reached, approval.requested, ...';
comment on column public.notifications.link is 'A path in the app to open (/customers/<id>), never an external URL.';
comment on column public.notifications.dedupe_key is 'Set by the writer so that writing the same event twice makes one row per user.';

create trigger notifications_updated_at before update on public.notifications
  for each row execute function private.set_updated_at();
create trigger notifications_keep_org_id before update of org_id on public.notifications
  for each row execute function private.keep_org_id();

alter table public.notifications enable row level security;

grant select, delete on public.notifications to authenticated;
grant update (read_at) on public.notifications to authenticated;
grant select, insert, update, delete on public.notifications to service_role;

create policy "users read their notifications" on public.notifications
  for select to authenticated
  using (org_id = (select private.current_org_id()) and user_id = (select auth.uid()));

create policy "users mark their notifications read" on public.notifications
  for update to authenticated
  using (org_id = (select private.current_org_id()) and user_id = (select auth.uid()))
  with check (org_id = (select private.current_org_id()) and user_id = (select auth.uid()));

create policy "users delete their notifications" on public.notifications
  for delete to authenticated
  using (org_id = (select private.current_org_id()) and user_id = (select auth.uid()));
