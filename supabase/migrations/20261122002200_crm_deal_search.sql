-- Searching deals by name across a whole organisation (executives, admins) at a million deals.
--
-- Under row level security Postgres may not use an index for a condition whose operator is not
-- leakproof, and ILIKE is not: the policies must filter every row before `name ilike ...` sees it.
-- For a rep or a manager that is cheap (their owners' index comes first); for someone who reads the
-- whole organisation it is a scan of every deal. search_deal_list applies the same rule as the
-- deals policy (the caller's organisation, owners from private.visible_owner_ids()) itself, so the
-- trigram index answers the words, and returns deal_list rows for PostgREST to filter, sort and
-- page like the view. The list uses it when it searches without an owner filter.

create function private.search_deal_list(search text) returns setof public.deal_list
language plpgsql stable security definer
set search_path = ''
as $$
declare
  -- Up to five words; each must appear in the name (ilike), with %, _ and \ taken literally.
  patterns text[] := array(
    select '%' || replace(replace(replace(left(w, 100), '\', '\\'), '%', '\%'), '_', '\_') || '%'
    from regexp_split_to_table(btrim(coalesce(search, '')), '\s+') w
    where w <> ''
    limit 5
  );
  conditions text := '';
begin
  if cardinality(patterns) = 0 then
    return;
  end if;
  for i in 1 .. cardinality(patterns) loop
    conditions := conditions || format(' and dl.name ilike $1[%s]', i);
  end loop;
  -- Planned for these words (EXECUTE), so the planner sees how rare each one is.
  return query execute
    'select dl.* from public.deal_list dl
     where dl.org_id = private.current_org_id()
       and dl.owner_id = any (array(select private.visible_owner_ids()))' || conditions
    using patterns;
end;
$$;
revoke execute on function private.search_deal_list(text) from public;
grant execute on function private.search_deal_list(text) to authenticated, service_role;

-- What the API calls: rpc/search_deal_list?search=...&status=eq.open&order=expected_close_date&limit=26
create function public.search_deal_list(search text) returns setof public.deal_list
language sql stable
rows 100
set search_path = ''
as $$
  select * from private.search_deal_list(search)
$$;
revoke execute on function public.search_deal_list(text) from public, anon;
grant execute on function public.search_deal_list(text) to authenticated, service_role;

comment on function public.search_deal_list(text) is 'Deals (deal_list rows) whose name contains every word of search, of those the caller may read; fast across a whole organisation.';
