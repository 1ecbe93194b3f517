-- One-click lead conversion (PRODUCT.md CRM-3): account + contact + deal from a lead, in one
-- transaction, with the caller's rights. The account is the one the organisation already has
-- with the lead's domain, or a new one; the contact the one with the lead's email, or a new one;
-- the deal starts in the first open stage of the default pipeline. Any failure undoes all of it.
--
-- A lead records what it became (converted_*); converted_at is the database's and follows the
-- status, so a client may also link a lead to records it made by hand.

grant update (converted_account_id, converted_contact_id, converted_deal_id) on public.leads to authenticated;

create function private.set_lead_converted_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.converted_at := case when new.status = 'converted' then coalesce(new.converted_at, now()) end;
  return new;
end;
$$;
revoke execute on function private.set_lead_converted_at() from public;

create trigger leads_converted_at before insert or update of status on public.leads
  for each row execute function private.set_lead_converted_at();

create function public.convert_lead(
  lead_id uuid,
  deal_name text default null,
  amount numeric default null,
  expected_close_date date default null
) returns table (account_id uuid, contact_id uuid, deal_id uuid, account_created boolean, contact_created boolean)
language plpgsql
set search_path = ''
as $$
declare
  lead public.leads;
  first_stage public.pipeline_stages;
  person_name text;
begin
  -- FOR UPDATE also applies the update policy: only someone who may change the lead converts it.
  select * into lead from public.leads l where l.id = convert_lead.lead_id for update;
  if not found then
    raise exception 'Lead not found' using errcode = 'PT404', hint = 'not_found';
  elsif lead.status = 'converted' then
    raise exception 'This lead was already converted' using errcode = 'P0001', hint = 'already_converted',
      detail = jsonb_build_object('deal_id', lead.converted_deal_id)::text;
  end if;

  select s.* into first_stage
  from public.pipelines p join public.pipeline_stages s on s.pipeline_id = p.id
  where p.org_id = lead.org_id and p.is_default and not s.is_won and not s.is_lost
  order by s.position, s.id
  limit 1;
  if not found then
    raise exception 'There is no default pipeline with an open stage for the new deal: ask an admin to set one'
      using errcode = 'P0001', hint = 'no_default_pipeline';
  end if;

  account_created := false;
  if lead.domain is not null then
    select a.id into account_id from public.accounts a where a.org_id = lead.org_id and a.domain = lead.domain;
  end if;
  if account_id is null then
    insert into public.accounts (org_id, owner_id, name, domain, industry, employee_count)
    values (lead.org_id, lead.owner_id, lead.company, lead.domain, lead.industry, lead.company_size)
    returning id into account_id;
    account_created := true;
  end if;

  contact_created := false;
  if lead.email is not null then
    select c.id into contact_id from public.contacts c where c.org_id = lead.org_id and c.email = lead.email;
  end if;
  person_name := coalesce(nullif(btrim(lead.last_name), ''), nullif(btrim(lead.first_name), ''), split_part(lead.email, '@', 1));
  if contact_id is null and person_name is not null then
    begin
      insert into public.contacts (org_id, owner_id, account_id, first_name, last_name, title, email, phone)
      values (lead.org_id, lead.owner_id, account_id, case when nullif(btrim(lead.last_name), '') is not null then lead.first_name end,
              person_name, lead.title, lead.email, lead.phone)
      returning id into contact_id;
    exception when unique_violation then
      raise exception 'A contact with the email % already exists and belongs to someone else: ask them or an admin to share it', lead.email
        using errcode = '23505', hint = 'contact_exists';
    end;
    contact_created := true;
  end if;

  insert into public.deals (org_id, owner_id, account_id, primary_contact_id, pipeline_id, stage_id, name, amount, currency, expected_close_date)
  values (lead.org_id, lead.owner_id, account_id, contact_id, first_stage.pipeline_id, first_stage.id,
          coalesce(nullif(btrim(convert_lead.deal_name), ''), left(lead.company, 195) || ' deal'),
          coalesce(convert_lead.amount, lead.value), lead.currency, coalesce(convert_lead.expected_close_date, current_date + 30))
  returning id into deal_id;

  update public.leads l
  set status = 'converted', converted_account_id = account_id, converted_contact_id = contact_id, converted_deal_id = deal_id
  where l.id = lead.id;

  return next;
end;
$$;
revoke execute on function public.convert_lead(uuid, text, numeric, date) from public, anon;
grant execute on function public.convert_lead(uuid, text, numeric, date) to authenticated, service_role;
