-- Accounts (companies, PRODUCT.md CRM-1) and their contacts (CRM-2).
--
-- Accounts are the organisation's shared company directory: every member reads them, like
-- profiles. A rep must find the account another rep already owns (de-duplication by domain, lead
-- conversion linking "the account found by domain", the account name on their own deal), and a
-- domain is unique in the organisation. Only the owner, their manager and admins change one.
-- Contacts hold people's emails and phones: the owner-scoped rule applies, and a lead CSM reads
-- all of them (customer success works every customer's people).

create type public.account_segment as enum ('smb', 'mid_market', 'enterprise');
create type public.contact_deal_role as enum ('champion', 'economic_buyer', 'decision_maker', 'influencer', 'user', 'blocker', 'other');

create table public.accounts (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null default private.current_org_id() references public.organizations (id) on delete cascade,
  owner_id uuid not null default auth.uid(),
  name text not null constraint accounts_name_length check (char_length(btrim(name)) between 1 and 200),
  domain text constraint accounts_domain_format check (char_length(domain) <= 253 and domain ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$'),
  industry text constraint accounts_industry_length check (char_length(industry) <= 100),
  employee_count integer constraint accounts_employee_count_range check (employee_count between 0 and 10000000),
  segment public.account_segment,
  tier smallint constraint accounts_tier_range check (tier between 1 and 3),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint accounts_domain_key unique (org_id, domain),
  unique (org_id, id),
  foreign key (org_id, owner_id) references public.profiles (org_id, id)
);
create index accounts_org_id_owner_id_idx on public.accounts (org_id, owner_id);
create index accounts_org_id_name_idx on public.accounts (org_id, name);
create index accounts_name_trgm_idx on public.accounts using gin (name extensions.gin_trgm_ops);

comment on column public.accounts.domain is 'Stored lowercased, without scheme or path (acme.com); unique in the organisation.';
comment on column public.accounts.tier is '1 (most important) to 3.';

create table public.contacts (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null default private.current_org_id() references public.organizations (id) on delete cascade,
  owner_id uuid not null default auth.uid(),
  account_id uuid,
  first_name text constraint contacts_first_name_length check (char_length(first_name) <= 100),
  last_name text not null constraint contacts_last_name_length check (char_length(btrim(last_name)) between 1 and 100),
  full_name text generated always as (coalesce(first_name || ' ', '') || last_name) stored,
  title text constraint contacts_title_length check (char_length(title) <= 200),
  email text constraint contacts_email_format check (char_length(email) <= 320 and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  phone text constraint contacts_phone_length check (char_length(phone) <= 50),
  deal_role public.contact_deal_role,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint contacts_email_key unique (org_id, email),
  unique (org_id, id),
  foreign key (org_id, owner_id) references public.profiles (org_id, id),
  foreign key (org_id, account_id) references public.accounts (org_id, id) on delete set null (account_id)
);
create index contacts_org_id_owner_id_idx on public.contacts (org_id, owner_id);
create index contacts_org_id_account_id_idx on public.contacts (org_id, account_id);
create index contacts_full_name_trgm_idx on public.contacts using gin (full_name extensions.gin_trgm_ops);

comment on column public.contacts.email is 'Stored lowercased; unique in the organisation.';

create trigger accounts_domain_lowercase before insert or update of domain on public.accounts
  for each row execute function private.lowercase_column('domain');
create trigger contacts_email_lowercase before insert or update of email on public.contacts
  for each row execute function private.lowercase_column('email');
create trigger accounts_updated_at before update on public.accounts
  for each row execute function private.set_updated_at();
create trigger contacts_updated_at before update on public.contacts
  for each row execute function private.set_updated_at();
create trigger accounts_keep_org_id before update of org_id on public.accounts
  for each row execute function private.keep_org_id();
create trigger contacts_keep_org_id before update of org_id on public.contacts
  for each row execute function private.keep_org_id();

alter table public.accounts enable row level security;
alter table public.contacts enable row level security;

grant select, delete on public.accounts, public.contacts to authenticated;
grant insert (org_id, owner_id, name, domain, industry, employee_count, segment, tier),
      update (owner_id, name, domain, industry, employee_count, segment, tier)
  on public.accounts to authenticated;
grant insert (org_id, owner_id, account_id, first_name, last_name, title, email, phone, deal_role),
      update (owner_id, account_id, first_name, last_name, title, email, phone, deal_role)
  on public.contacts to authenticated;
grant select, insert, update, delete on public.accounts, public.contacts to service_role;

select private.create_owner_policies('public.accounts', 'organisation');
select private.create_owner_policies('public.contacts', 'customer_success');
