-- Read models of the lead, account and contact lists (PRODUCT.md CRM-8), the companions of
-- deal_list (*_crm_read_models.sql): one flat row per record with the names the list shows, so
-- the list page and the CSV export (`export-csv`) read the same columns, sort, filter and search
-- the same way. security_invoker: each reader sees exactly the rows the table's policies give them.
-- The joins are left joins on primary keys, so a count or a filter on the record's own columns
-- never touches the joined tables.

create view public.lead_list with (security_invoker = true) as
select
  l.id,
  l.org_id,
  l.owner_id,
  owner.full_name as owner_name,
  nullif(btrim(concat_ws(' ', l.first_name, l.last_name)), '') as full_name,
  l.first_name,
  l.last_name,
  l.title,
  l.email,
  l.phone,
  l.company,
  l.domain,
  l.company_size,
  l.industry,
  l.source,
  l.status,
  l.value,
  l.currency,
  l.probability,
  l.score,
  l.last_contacted_at,
  l.converted_at,
  l.converted_deal_id,
  l.created_at,
  l.updated_at
from public.leads l
left join public.profiles owner on owner.id = l.owner_id;

comment on view public.lead_list is 'Leads as the list shows them. Sort by score desc (then id) for speed; search company, name and email with ilike.';

create view public.account_list with (security_invoker = true) as
select
  a.id,
  a.org_id,
  a.owner_id,
  owner.full_name as owner_name,
  a.name,
  a.domain,
  a.industry,
  a.employee_count,
  a.segment,
  a.tier,
  a.created_at,
  a.updated_at
from public.accounts a
left join public.profiles owner on owner.id = a.owner_id;

comment on view public.account_list is 'Accounts as the list shows them. Sort by name for speed; search name and domain with ilike.';

create view public.contact_list with (security_invoker = true) as
select
  c.id,
  c.org_id,
  c.owner_id,
  owner.full_name as owner_name,
  c.account_id,
  a.name as account_name,
  c.full_name,
  c.first_name,
  c.last_name,
  c.title,
  c.email,
  c.phone,
  c.deal_role,
  c.created_at,
  c.updated_at
from public.contacts c
left join public.accounts a on a.id = c.account_id
left join public.profiles owner on owner.id = c.owner_id;

comment on view public.contact_list is 'Contacts as the list shows them. Search full_name and email with ilike.';

grant select on public.lead_list, public.account_list, public.contact_list to authenticated, service_role;

-- Searching by name or email part ("@acme"), and the contact list's default order.
create index leads_first_name_trgm_idx on public.leads using gin (first_name extensions.gin_trgm_ops);
create index leads_last_name_trgm_idx on public.leads using gin (last_name extensions.gin_trgm_ops);
create index leads_email_trgm_idx on public.leads using gin (email extensions.gin_trgm_ops);
create index contacts_email_trgm_idx on public.contacts using gin (email extensions.gin_trgm_ops);
create index accounts_domain_trgm_idx on public.accounts using gin (domain extensions.gin_trgm_ops);
create index contacts_org_id_full_name_idx on public.contacts (org_id, full_name, id);
