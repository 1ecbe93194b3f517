-- Leads (PRODUCT.md CRM-3): a person at a company who may buy, before there is an account or a
-- deal. The score (0-100) is the database's, kept current by *_crm_lead_score.sql from
-- probability, value, last contact and the engagement counters here. Conversion links the account,
-- contact and deal it produced.

create type public.lead_source as enum ('website', 'referral', 'event', 'outbound', 'partner', 'advertising', 'other');
create type public.lead_status as enum ('new', 'contacted', 'qualified', 'unqualified', 'converted');

create table public.leads (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null default private.current_org_id() references public.organizations (id) on delete cascade,
  owner_id uuid not null default auth.uid(),
  first_name text constraint leads_first_name_length check (char_length(first_name) <= 100),
  last_name text constraint leads_last_name_length check (char_length(last_name) <= 100),
  title text constraint leads_title_length check (char_length(title) <= 200),
  email text constraint leads_email_format check (char_length(email) <= 320 and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  phone text constraint leads_phone_length check (char_length(phone) <= 50),
  company text not null constraint leads_company_length check (char_length(btrim(company)) between 1 and 200),
  domain text constraint leads_domain_format check (char_length(domain) <= 253 and domain ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$'),
  company_size integer constraint leads_company_size_range check (company_size between 0 and 10000000),
  industry text constraint leads_industry_length check (char_length(industry) <= 100),
  source public.lead_source not null default 'other',
  status public.lead_status not null default 'new',
  value numeric(14, 2) constraint leads_value_not_negative check (value >= 0),
  currency char(3) not null default private.current_org_currency() constraint leads_currency_format check (currency ~ '^[A-Z]{3}$'),
  probability smallint not null default 10 constraint leads_probability_range check (probability between 0 and 100),
  last_contacted_at timestamptz,
  email_opens integer not null default 0 constraint leads_email_opens_range check (email_opens between 0 and 100000),
  email_clicks integer not null default 0 constraint leads_email_clicks_range check (email_clicks between 0 and 100000),
  site_visits integer not null default 0 constraint leads_site_visits_range check (site_visits between 0 and 100000),
  meetings_booked integer not null default 0 constraint leads_meetings_booked_range check (meetings_booked between 0 and 10000),
  score smallint not null default 0 constraint leads_score_range check (score between 0 and 100),
  converted_at timestamptz,
  converted_account_id uuid,
  converted_contact_id uuid,
  converted_deal_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint leads_converted_when_status check ((status = 'converted') = (converted_at is not null)),
  unique (org_id, id),
  foreign key (org_id, owner_id) references public.profiles (org_id, id),
  foreign key (org_id, converted_account_id) references public.accounts (org_id, id) on delete set null (converted_account_id),
  foreign key (org_id, converted_contact_id) references public.contacts (org_id, id) on delete set null (converted_contact_id),
  foreign key (org_id, converted_deal_id) references public.deals (org_id, id) on delete set null (converted_deal_id)
);
-- Lists: the caller's owners, best leads first (also the owner foreign key).
create index leads_owner_score_idx on public.leads (org_id, owner_id, score desc, id);
create index leads_org_score_idx on public.leads (org_id, score desc, id);
-- De-duplication on import and conversion.
create index leads_email_idx on public.leads (org_id, email);
create index leads_company_trgm_idx on public.leads using gin (company extensions.gin_trgm_ops);
create index leads_converted_account_idx on public.leads (org_id, converted_account_id);
create index leads_converted_contact_idx on public.leads (org_id, converted_contact_id);
create index leads_converted_deal_idx on public.leads (org_id, converted_deal_id);

comment on column public.leads.score is 'Lead score 0-100 (public.lead_score), kept current by the database.';
comment on column public.leads.domain is 'The company''s web domain, lowercased; conversion links the account with this domain.';

create trigger leads_email_lowercase before insert or update of email on public.leads
  for each row execute function private.lowercase_column('email');
create trigger leads_domain_lowercase before insert or update of domain on public.leads
  for each row execute function private.lowercase_column('domain');
create trigger leads_updated_at before update on public.leads
  for each row execute function private.set_updated_at();
create trigger leads_keep_org_id before update of org_id on public.leads
  for each row execute function private.keep_org_id();

alter table public.leads enable row level security;

-- score, conversion and status "converted" are the database's (convert_lead).
grant select, delete on public.leads to authenticated;
grant insert (org_id, owner_id, first_name, last_name, title, email, phone, company, domain, company_size, industry, source,
              status, value, currency, probability, last_contacted_at, email_opens, email_clicks, site_visits, meetings_booked),
      update (owner_id, first_name, last_name, title, email, phone, company, domain, company_size, industry, source,
              status, value, currency, probability, last_contacted_at, email_opens, email_clicks, site_visits, meetings_booked)
  on public.leads to authenticated;
grant select, insert, update, delete on public.leads to service_role;

select private.create_owner_policies('public.leads', 'sales');
