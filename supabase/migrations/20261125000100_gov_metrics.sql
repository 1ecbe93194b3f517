-- Governance metrics (PRODUCT.md GOV-5, AN-4, AN-5) and the scoring preview of Settings → Scoring.
-- One SQL definition each, which the Governance page, the CSV export and the tests call. They run
-- with the caller's rights, so row level security scopes them: a manager measures their team, an
-- executive the organisation, a rep their own deals. Periods are [period_start, period_end);
-- `grain` is 'week' (ISO weeks, Monday first) or 'month', and trend rows carry the bucket's first day.
--
--   score_distribution        histogram of scores: the open pipeline now, or deals closed in a period
--   classification_trend      the open pipeline's mix of classes at the end of each week or month,
--                             from the score history (a deal counts with the class it had then)
--   approval_cycle_times      requests decided in each bucket: median and p90 hours from request to decision
--   exception_rate            deals won in each bucket, and how many of them went through an exception
--   discount_leakage          money given away beyond the lowest discount limit of the active policies
--                             on deals won in each bucket (list price × excess discount)
--   preview_scoring_model     a proposed model's distribution over a sample of open deals, next to
--                             the current one, without saving anything (admins)

create function private.check_period(period_start timestamptz, period_end timestamptz, grain text) returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  if period_start is null or period_end is null or period_end <= period_start then
    raise exception 'Give a period: period_start before period_end' using errcode = '22023', hint = 'invalid_period';
  end if;
  if period_end - period_start > interval '3 years' then
    raise exception 'A period is at most three years long' using errcode = '22023', hint = 'invalid_period';
  end if;
  if grain is null or grain not in ('week', 'month') then
    raise exception 'grain is "week" or "month"' using errcode = '22023', hint = 'invalid_grain';
  end if;
end;
$$;
revoke execute on function private.check_period(timestamptz, timestamptz, text) from public;
grant execute on function private.check_period(timestamptz, timestamptz, text) to authenticated, service_role;

-- scope 'open' (the open pipeline now; the period is ignored), 'won', 'lost' or 'closed' (deals
-- closed in the period, with the score they closed with). Buckets of `bucket_width` points from 0;
-- the last one includes 100. Every bucket is listed, empty ones with 0.
create function public.score_distribution(
  scope text default 'open',
  period_start timestamptz default null,
  period_end timestamptz default null,
  bucket_width integer default 10
) returns table (bucket_start smallint, bucket_end smallint, deals bigint, amount numeric)
language plpgsql stable
set search_path = ''
as $$
begin
  if scope is null or scope not in ('open', 'won', 'lost', 'closed') then
    raise exception 'scope is "open", "won", "lost" or "closed"' using errcode = '22023', hint = 'invalid_scope';
  end if;
  if bucket_width is null or bucket_width not in (1, 2, 5, 10, 20, 25, 50) then
    raise exception 'bucket_width is one of 1, 2, 5, 10, 20, 25 or 50' using errcode = '22023', hint = 'invalid_bucket_width';
  end if;
  if scope <> 'open' then
    perform private.check_period(period_start, period_end, 'month');
  end if;
  return query
    with scored as (
      select s.score, d.amount
      from public.deal_scores s
      join public.deals d on d.id = s.deal_id
      where s.org_id = (select private.current_org_id())
        and ((select private.has_role('executive', 'admin')) or s.owner_id = any (array(select private.visible_owner_ids())))
        and case scope
              when 'open' then d.status = 'open'
              when 'closed' then d.status <> 'open' and d.closed_at >= period_start and d.closed_at < period_end
              else d.status = scope::public.deal_status and d.closed_at >= period_start and d.closed_at < period_end
            end
    )
    select b::smallint, (case when b + bucket_width >= 100 then 100 else b + bucket_width - 1 end)::smallint, count(x.score), coalesce(sum(x.amount), 0)
    from generate_series(0, 100 - bucket_width, bucket_width) b
    left join scored x on x.score >= b and (x.score < b + bucket_width or (b + bucket_width > 100 - bucket_width and x.score <= 100))
    group by b
    order by b;
end;
$$;

-- For each bucket of the period: the deals open at its end (created before, not yet closed) by the
-- classification of their latest score at that moment. Rows for classes with deals only.
create function public.classification_trend(period_start timestamptz, period_end timestamptz, grain text default 'week')
returns table (bucket date, classification text, deals bigint, amount numeric)
language plpgsql stable
set search_path = ''
as $$
begin
  perform private.check_period(period_start, period_end, grain);
  return query
    with bounds as (
      select b as bucket_start, least(b + ('1 ' || grain)::interval, period_end) as bucket_end
      from generate_series(date_trunc(grain, period_start), period_end - interval '1 microsecond', ('1 ' || grain)::interval) b
    ),
    history as (
      select h.deal_id, h.classification, d.amount, h.scored_at as valid_from,
             least(coalesce(lead(h.scored_at) over (partition by h.deal_id order by h.scored_at, h.id), 'infinity'),
                   coalesce(d.closed_at, 'infinity')) as valid_to
      from public.deal_score_history h
      join public.deals d on d.org_id = h.org_id and d.id = h.deal_id
      where h.org_id = (select private.current_org_id())
        and ((select private.has_role('executive', 'admin')) or d.owner_id = any (array(select private.visible_owner_ids())))
        and h.scored_at < period_end
        and (d.closed_at is null or d.closed_at >= period_start)
    )
    select b.bucket_start::date, x.classification, count(*), coalesce(sum(x.amount), 0)
    from bounds b
    join history x on x.valid_from < b.bucket_end and x.valid_to >= b.bucket_end
    group by b.bucket_start, x.classification
    order by b.bucket_start, x.classification;
end;
$$;

-- Requests decided (approved, rejected or overridden) in each bucket, with the hours from request
-- to decision; a row with bucket null sums up the whole period.
create function public.approval_cycle_times(period_start timestamptz, period_end timestamptz, grain text default 'week')
returns table (bucket date, decided bigint, approved bigint, rejected bigint, overridden bigint, median_hours numeric, p90_hours numeric)
language plpgsql stable
set search_path = ''
as $$
begin
  perform private.check_period(period_start, period_end, grain);
  return query
    select date_trunc(grain, r.decided_at)::date,
           count(*), count(*) filter (where r.status = 'approved'), count(*) filter (where r.status = 'rejected'),
           count(*) filter (where r.status = 'overridden'),
           round((percentile_cont(0.5) within group (order by extract(epoch from r.decided_at - r.created_at) / 3600))::numeric, 1),
           round((percentile_cont(0.9) within group (order by extract(epoch from r.decided_at - r.created_at) / 3600))::numeric, 1)
    from public.approval_requests r
    where r.org_id = (select private.current_org_id())
      and r.status in ('approved', 'rejected', 'overridden')
      and r.decided_at >= period_start and r.decided_at < period_end
    group by grouping sets ((date_trunc(grain, r.decided_at)), ())
    order by 1 nulls last;
end;
$$;

-- Deals won in each bucket and how many of them needed an exception (GOV-4); bucket null: the period.
create function public.exception_rate(period_start timestamptz, period_end timestamptz, grain text default 'month')
returns table (bucket date, won_deals bigint, with_exception bigint, rate numeric)
language plpgsql stable
set search_path = ''
as $$
begin
  perform private.check_period(period_start, period_end, grain);
  return query
    select date_trunc(grain, d.closed_at)::date, count(*), count(*) filter (where x.has_exception),
           round(count(*) filter (where x.has_exception)::numeric / count(*), 4)
    from public.deals d
    cross join lateral (select exists (select from public.approval_exceptions e where e.org_id = d.org_id and e.deal_id = d.id) as has_exception) x
    where d.org_id = (select private.current_org_id())
      and ((select private.has_role('executive', 'admin')) or d.owner_id = any (array(select private.visible_owner_ids())))
      and d.status = 'won' and d.closed_at >= period_start and d.closed_at < period_end
    group by grouping sets ((date_trunc(grain, d.closed_at)), ())
    order by 1 nulls last;
end;
$$;

-- Discount given beyond policy on deals won in each bucket: the limit is the lowest discount_above
-- of the organisation's active policies; a won deal with a higher discount leaks list price ×
-- (discount - limit) / 100 (list price, or amount / (1 - discount) when it is missing). Split by
-- whether an exception let it through. Amounts are summed as stored (the organisation's currency).
create function public.discount_leakage(period_start timestamptz, period_end timestamptz, grain text default 'month')
returns table (bucket date, won_deals bigint, over_limit bigint, discount_limit numeric, leakage numeric, leakage_with_exception numeric)
language plpgsql stable
set search_path = ''
as $$
declare
  lim numeric := (select min(p.discount_above) from public.approval_policies p
                  where p.org_id = (select private.current_org_id()) and p.is_active and p.discount_above is not null);
begin
  perform private.check_period(period_start, period_end, grain);
  return query
    with won as (
      select d.closed_at,
             case when lim is not null and coalesce(d.discount_pct, 0) > lim then
               round(coalesce(d.list_price, d.amount / nullif(1 - coalesce(d.discount_pct, 0) / 100, 0), 0) * (d.discount_pct - lim) / 100, 2)
             end as leaked,
             exists (select from public.approval_exceptions e where e.org_id = d.org_id and e.deal_id = d.id) as has_exception
      from public.deals d
      where d.org_id = (select private.current_org_id())
        and ((select private.has_role('executive', 'admin')) or d.owner_id = any (array(select private.visible_owner_ids())))
        and d.status = 'won' and d.closed_at >= period_start and d.closed_at < period_end
    )
    select date_trunc(grain, w.closed_at)::date, count(*), count(w.leaked), lim,
           coalesce(sum(w.leaked), 0), coalesce(sum(w.leaked) filter (where w.has_exception), 0)
    from won w
    group by grouping sets ((date_trunc(grain, w.closed_at)), ())
    order by 1 nulls last;
end;
$$;

-- ---------------------------------------------------------------------------------------------
-- The preview: a proposed model (the document save_scoring_model takes) scored over up to
-- `sample_size` open deals (every one when there are fewer; otherwise the first by id, which is a
-- uniform sample of random ids), next to their current scores. Nothing is written.
-- Answers {"deals": n, "sampled": bool, "bucket_width": 10,
--          "current":  {"histogram": [{"bucket_start", "bucket_end", "deals"}...], "classes": [{"classification", "deals"}...], "average": x},
--          "proposed": {...same...}, "changed_class": n, "average_change": x}.

-- One side of the preview (the current scores, or the proposed ones), the same for both: the
-- histogram in buckets of 10 (the last one includes 100), the classes and the average. A null
-- score or class is a deal without one (no current score yet); no deals, no buckets.
create function private.preview_summary(scores smallint[], classes text[]) returns jsonb
language sql immutable
set search_path = ''
as $$
  select jsonb_build_object(
    'histogram', (select coalesce(jsonb_agg(jsonb_build_object('bucket_start', h.b, 'bucket_end', case when h.b = 90 then 100 else h.b + 9 end, 'deals', h.deals) order by h.b), '[]')
                  from (select b, count(*) filter (where s >= b and (s < b + 10 or b = 90)) as deals
                        from generate_series(0, 90, 10) b cross join unnest(scores) s
                        group by b) h),
    'classes', (select coalesce(jsonb_agg(jsonb_build_object('classification', x.c, 'deals', x.n) order by x.c), '[]')
                from (select c, count(*) as n from unnest(classes) c where c is not null group by c) x),
    'average', (select round(avg(s), 1) from unnest(scores) s))
$$;
revoke execute on function private.preview_summary(smallint[], text[]) from public;

-- The preview (admins).
create function private.preview_scoring_model(definition jsonb, sample_size integer) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  org constant uuid := private.current_org_id();
  proposed private.scoring_compiled;
  total bigint;
  ids uuid[];
  result jsonb;
begin
  if not private.has_role('admin') then
    raise exception 'permission denied: only an admin previews scoring models' using errcode = '42501';
  end if;
  if sample_size is null or sample_size not between 100 and 20000 then
    raise exception 'sample_size is between 100 and 20,000' using errcode = '22023', hint = 'invalid_sample_size';
  end if;
  perform private.validate_scoring_definition(definition);
  proposed := private.compile_scoring(definition);
  select count(*) into total from public.deals d where d.org_id = org and d.status = 'open';
  ids := array(select d.id from public.deals d where d.org_id = org and d.status = 'open' order by d.id limit sample_size);

  with scored as (
    select i.deal_id, cur.score as current_score, cur.classification as current_class, p.score as proposed_score, p.classification as proposed_class
    from private.deal_score_inputs(ids) i
    cross join lateral private.score_values(proposed, i.x) p
    left join public.deal_scores cur on cur.deal_id = i.deal_id
  )
  select jsonb_build_object(
    'deals', total,
    'sampled', total > cardinality(ids),
    'bucket_width', 10,
    'current', private.preview_summary(array_agg(s.current_score), array_agg(s.current_class)),
    'proposed', private.preview_summary(array_agg(s.proposed_score), array_agg(s.proposed_class)),
    'changed_class', count(*) filter (where s.current_class is distinct from s.proposed_class),
    'average_change', round(avg(s.proposed_score - s.current_score), 1))
  from scored s
  into result;
  return result;
end;
$$;
revoke execute on function private.preview_scoring_model(jsonb, integer) from public;
grant execute on function private.preview_scoring_model(jsonb, integer) to authenticated, service_role;

create function public.preview_scoring_model(definition jsonb, sample_size integer default 5000) returns jsonb
language sql stable
set search_path = ''
as $$
  select private.preview_scoring_model(definition, sample_size)
$$;

revoke execute on function public.score_distribution(text, timestamptz, timestamptz, integer),
  public.classification_trend(timestamptz, timestamptz, text), public.approval_cycle_times(timestamptz, timestamptz, text),
  public.exception_rate(timestamptz, timestamptz, text), public.discount_leakage(timestamptz, timestamptz, text),
  public.preview_scoring_model(jsonb, integer) from public, anon;
grant execute on function public.score_distribution(text, timestamptz, timestamptz, integer),
  public.classification_trend(timestamptz, timestamptz, text), public.approval_cycle_times(timestamptz, timestamptz, text),
  public.exception_rate(timestamptz, timestamptz, text), public.discount_leakage(timestamptz, timestamptz, text),
  public.preview_scoring_model(jsonb, integer) to authenticated, service_role;
