-- CSV import of leads, accounts and contacts (PRODUCT.md CRM-9). The browser parses and validates
-- the file (src/domain/csvImport.ts, the same zod rules as the forms) and shows a preview; these
-- functions de-duplicate and write.
--
-- An import is all-or-nothing: import_records inserts every row it is given in the caller's one
-- transaction, with the caller's rights (RLS, column grants, checks). Rows whose key (email for
-- leads and contacts, domain for accounts) already exists in the organisation, or repeats an
-- earlier row of the same file, are skipped and reported, never inserted twice. If the database
-- refuses any other row, nothing is inserted and the error names that row's line of the file.

-- Which of `keys` (emails or domains, compared lowercased) the caller's organisation already has.
-- Security definer so a rep also learns of a lead or contact someone else owns (the unique
-- constraints would refuse a duplicate contact anyway); it answers nothing else about them.
create function private.existing_import_keys(record_type text, keys text[]) returns text[]
language plpgsql stable security definer
set search_path = ''
as $$
declare
  org uuid := private.current_org_id();
  found_keys text[];
begin
  if org is null or keys is null then
    return '{}';
  end if;
  if record_type = 'leads' then
    select coalesce(array_agg(distinct l.email), '{}') into found_keys
    from public.leads l where l.org_id = org and l.email = any (select lower(btrim(k)) from unnest(keys) k);
  elsif record_type = 'contacts' then
    select coalesce(array_agg(distinct c.email), '{}') into found_keys
    from public.contacts c where c.org_id = org and c.email = any (select lower(btrim(k)) from unnest(keys) k);
  elsif record_type = 'accounts' then
    select coalesce(array_agg(distinct a.domain), '{}') into found_keys
    from public.accounts a where a.org_id = org and a.domain = any (select lower(btrim(k)) from unnest(keys) k);
  else
    raise exception 'Unknown record type "%": import leads, accounts or contacts', record_type
      using errcode = '22023', hint = 'invalid_record_type';
  end if;
  return found_keys;
end;
$$;
revoke execute on function private.existing_import_keys(text, text[]) from public;
grant execute on function private.existing_import_keys(text, text[]) to authenticated, service_role;

-- The preview's question: which of these emails/domains would be skipped as already there.
create function public.import_duplicates(record_type text, keys text[]) returns text[]
language plpgsql stable
set search_path = ''
as $$
begin
  if cardinality(keys) > 10000 then
    raise exception 'Check at most 10,000 keys at a time' using errcode = '22023', hint = 'too_many_rows';
  end if;
  return private.existing_import_keys(record_type, keys);
end;
$$;
revoke execute on function public.import_duplicates(text, text[]) from public, anon;
grant execute on function public.import_duplicates(text, text[]) to authenticated, service_role;

-- Inserts rows (a JSON array of objects keyed by column) with the caller's rights; returns how
-- many. Columns a row leaves out take the table's defaults; the owner is the caller.
create function private.insert_import_rows(record_type text, rows jsonb) returns integer
language plpgsql
set search_path = ''
as $$
declare
  inserted integer;
begin
  if record_type = 'leads' then
    if exists (select from jsonb_array_elements(rows) r where r ->> 'status' = 'converted') then
      raise exception 'A lead cannot be imported as converted: convert it after the import' using errcode = '22023';
    end if;
    insert into public.leads (first_name, last_name, title, email, phone, company, domain, company_size, industry,
                              source, status, value, currency, probability, last_contacted_at)
    select p.first_name, p.last_name, p.title, p.email, p.phone, p.company, p.domain, p.company_size, p.industry,
           coalesce(p.source, 'other'), coalesce(p.status, 'new'), p.value,
           coalesce(p.currency, private.current_org_currency()), coalesce(p.probability, 10), p.last_contacted_at
    from jsonb_array_elements(rows) r, jsonb_populate_record(null::public.leads, r) p;
  elsif record_type = 'accounts' then
    insert into public.accounts (name, domain, industry, employee_count, segment, tier)
    select p.name, p.domain, p.industry, p.employee_count, p.segment, p.tier
    from jsonb_array_elements(rows) r, jsonb_populate_record(null::public.accounts, r) p;
  elsif record_type = 'contacts' then
    if exists (
      select from jsonb_array_elements(rows) r
      where nullif(btrim(r ->> 'account_domain'), '') is not null
        and not exists (select from public.accounts a
                        where a.org_id = (select private.current_org_id()) and a.domain = lower(btrim(r ->> 'account_domain')))
    ) then
      raise exception 'No account has the domain %: import the account first, or leave the account out',
        (select r ->> 'account_domain' from jsonb_array_elements(rows) r
         where nullif(btrim(r ->> 'account_domain'), '') is not null
           and not exists (select from public.accounts a
                           where a.org_id = (select private.current_org_id()) and a.domain = lower(btrim(r ->> 'account_domain')))
         limit 1)
        using errcode = '23503', hint = 'unknown_account';
    end if;
    insert into public.contacts (account_id, first_name, last_name, title, email, phone, deal_role)
    select (select a.id from public.accounts a
            where a.org_id = (select private.current_org_id()) and a.domain = lower(btrim(r ->> 'account_domain'))),
           p.first_name, p.last_name, p.title, p.email, p.phone, p.deal_role
    from jsonb_array_elements(rows) r, jsonb_populate_record(null::public.contacts, r) p;
  else
    raise exception 'Unknown record type "%": import leads, accounts or contacts', record_type
      using errcode = '22023', hint = 'invalid_record_type';
  end if;
  get diagnostics inserted = row_count;
  return inserted;
end;
$$;
revoke execute on function private.insert_import_rows(text, jsonb) from public;
grant execute on function private.insert_import_rows(text, jsonb) to authenticated, service_role;

-- The import: `rows` is a JSON array (at most 10,000) of objects keyed by column, each with the
-- `line` of the file it came from. Returns {"inserted": n, "skipped": [{"line", "key", "reason",
-- "duplicate_of"?}]}, reason = 'exists' (already in the organisation) or 'duplicate' (an earlier
-- line of the file has the same key). Any refusal rolls back every row and names the line.
create function public.import_records(record_type text, rows jsonb) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  key_column text := case record_type when 'accounts' then 'domain' when 'leads' then 'email' when 'contacts' then 'email' end;
  existing text[];
  kept jsonb;
  skipped jsonb;
  inserted integer;
  one record;
  failure_state text;
  failure_message text;
begin
  if key_column is null then
    raise exception 'Unknown record type "%": import leads, accounts or contacts', record_type
      using errcode = '22023', hint = 'invalid_record_type';
  end if;
  if jsonb_typeof(rows) is distinct from 'array' then
    raise exception 'rows must be a JSON array of objects' using errcode = '22023';
  end if;
  if jsonb_array_length(rows) > 10000 then
    raise exception 'An import takes at most 10,000 rows; split the file' using errcode = '22023', hint = 'too_many_rows';
  end if;
  if exists (select from jsonb_array_elements(rows) r where jsonb_typeof(r) <> 'object') then
    raise exception 'rows must be a JSON array of objects' using errcode = '22023';
  end if;

  existing := private.existing_import_keys(
    record_type,
    array(select lower(btrim(r ->> key_column)) from jsonb_array_elements(rows) r where nullif(btrim(r ->> key_column), '') is not null)
  );

  with input as (
    select r.value as data, coalesce((r.value ->> 'line')::integer, r.ordinality::integer + 1) as line, r.ordinality as n,
           nullif(lower(btrim(r.value ->> key_column)), '') as key
    from jsonb_array_elements(rows) with ordinality r
  ),
  judged as (
    select i.*,
           case when e.key is not null then 'exists'
                when i.key is not null and row_number() over (partition by i.key order by i.n) > 1 then 'duplicate'
           end as reason,
           first_value(i.line) over (partition by i.key order by i.n) as duplicate_of
    from input i
    left join (select distinct unnest(existing) as key) e on e.key = i.key
  )
  select coalesce(jsonb_agg(j.data || jsonb_build_object('line', j.line) order by j.n) filter (where j.reason is null), '[]'),
         coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('line', j.line, 'key', j.key, 'reason', j.reason,
                                                                 'duplicate_of', case when j.reason = 'duplicate' then j.duplicate_of end))
                            order by j.n) filter (where j.reason is not null), '[]')
  into kept, skipped
  from judged j;

  begin
    inserted := private.insert_import_rows(record_type, kept);
  exception when others then
    get stacked diagnostics failure_state = returned_sqlstate, failure_message = message_text;
    -- Name the first row the database refuses: insert one at a time (this whole call fails anyway).
    for one in select r.value as data, coalesce((r.value ->> 'line')::integer, 0) as line from jsonb_array_elements(kept) r loop
      begin
        perform private.insert_import_rows(record_type, jsonb_build_array(one.data));
      exception when others then
        get stacked diagnostics failure_state = returned_sqlstate, failure_message = message_text;
        raise exception 'Line %: %. Nothing was imported.', one.line, failure_message
          using errcode = failure_state, hint = 'import_row_refused', detail = jsonb_build_object('line', one.line)::text;
      end;
    end loop;
    raise exception '%. Nothing was imported.', failure_message using errcode = failure_state, hint = 'import_refused';
  end;

  return jsonb_build_object('inserted', inserted, 'skipped', skipped);
end;
$$;
revoke execute on function public.import_records(text, jsonb) from public, anon;
grant execute on function public.import_records(text, jsonb) to authenticated, service_role;
