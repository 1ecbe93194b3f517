-- The lead score of PRODUCT.md CRM-3, one definition for the UI, the jobs and the tests:
--   base                 = probability (0-100)
--   value                + 10 if value > 50,000, else + 5 if value > 25,000
--   recency              + 5 if last contacted within the 7 days before `as_of`
--   engagement signals   + 1 per email open (at most 5), + 2 per email click (at most 10),
--                        + 1 per site visit (at most 5), + 5 per meeting booked (at most 10)
--   clamped to 0-100.
-- The engagement caps keep a noisy signal (a hundred opens) from outweighing what the rep knows.
-- leads.score is kept current by a trigger on every write; the recency point fades with time, so
-- rescore_leads() brings every score up to date in one statement (a daily job, the bench).
-- PL/pgSQL, not SQL: both functions set search_path, so Postgres would not inline SQL ones and would
-- run the executor for every call; a PL/pgSQL expression is evaluated directly, which keeps scoring
-- 200,000 leads within the API's statement timeout (npm run bench).

create function public.score_lead(
  probability integer,
  value numeric,
  last_contacted_at timestamptz,
  email_opens integer default 0,
  email_clicks integer default 0,
  site_visits integer default 0,
  meetings_booked integer default 0,
  as_of timestamptz default now()
) returns smallint
language plpgsql immutable
set search_path = ''
as $$
begin
  return greatest(0, least(100,
    coalesce(probability, 0)
    + case when value > 50000 then 10 when value > 25000 then 5 else 0 end
    + case when last_contacted_at between as_of - interval '7 days' and as_of then 5 else 0 end
    + least(coalesce(email_opens, 0), 5)
    + least(2 * coalesce(email_clicks, 0), 10)
    + least(coalesce(site_visits, 0), 5)
    + least(5 * coalesce(meetings_booked, 0), 10)
  ))::smallint;
end;
$$;

-- The score of a lead now; PostgREST also offers it as a computed column (`select=*,lead_score`).
create function public.lead_score(lead public.leads) returns smallint
language plpgsql stable
set search_path = ''
as $$
begin
  return public.score_lead(lead.probability, lead.value, lead.last_contacted_at,
                           lead.email_opens, lead.email_clicks, lead.site_visits, lead.meetings_booked, now());
end;
$$;

create function private.set_lead_score() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.score := public.lead_score(new);
  return new;
end;
$$;
revoke execute on function private.set_lead_score() from public;

create trigger leads_score before insert or update on public.leads
  for each row execute function private.set_lead_score();

-- Whatever a client sends as score, the trigger replaces; the grant lets rescore_leads run with the
-- caller's rights (and RLS) instead of as a definer.
grant update (score) on public.leads to authenticated;

-- Rescores every lead the caller may change whose score is out of date; returns how many changed.
create function public.rescore_leads() returns integer
language sql
set search_path = ''
as $$
  with changed as (
    update public.leads l set score = public.lead_score(l)
    where l.score <> public.lead_score(l)
    returning 1
  )
  select count(*)::integer from changed
$$;

revoke execute on function public.score_lead(integer, numeric, timestamptz, integer, integer, integer, integer, timestamptz),
  public.lead_score(public.leads), public.rescore_leads() from public, anon;
grant execute on function public.score_lead(integer, numeric, timestamptz, integer, integer, integer, integer, timestamptz),
  public.lead_score(public.leads), public.rescore_leads() to authenticated, service_role;
