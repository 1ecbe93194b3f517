-- Deals (PRODUCT.md CRM-4) and their stage history (CRM-6), built for a million deals per
-- organisation: the lists sort by close date within the caller's owners, the board counts and pages
-- one stage of one pipeline, search is trigram. A deal's stage belongs to its pipeline and its
-- organisation by one composite foreign key, so a stage of another pipeline is refused whatever a
-- client sends. The stage rules (transitions, exit criteria, probability, closing) and the history
-- rows are written by the triggers of *_crm_stage_moves.sql; `version` counts every change so a
-- client can refuse to overwrite a deal that changed since it read it.

create type public.deal_status as enum ('open', 'won', 'lost');
create type public.deal_type as enum ('new', 'renewal', 'expansion');
create type public.forecast_category as enum ('pipeline', 'best_case', 'commit', 'closed', 'omitted');
create type public.billing_cycle as enum ('monthly', 'quarterly', 'semi_annual', 'annual', 'multi_year', 'one_time');

create table public.deals (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null default private.current_org_id() references public.organizations (id) on delete cascade,
  owner_id uuid not null default auth.uid(),
  account_id uuid not null,
  primary_contact_id uuid,
  pipeline_id uuid not null,
  stage_id uuid not null,
  name text not null constraint deals_name_length check (char_length(btrim(name)) between 1 and 200),
  deal_type public.deal_type not null default 'new',
  status public.deal_status not null default 'open',
  amount numeric(14, 2) constraint deals_amount_not_negative check (amount >= 0),
  currency char(3) not null default private.current_org_currency() constraint deals_currency_format check (currency ~ '^[A-Z]{3}$'),
  expected_close_date date not null default (current_date + 30)
    constraint deals_expected_close_date_range check (expected_close_date between '2000-01-01' and '2100-12-31'),
  probability smallint not null default 0 constraint deals_probability_range check (probability between 0 and 100),
  forecast_category public.forecast_category not null default 'pipeline',
  product_line text constraint deals_product_line_length check (char_length(product_line) <= 100),
  list_price numeric(14, 2) constraint deals_list_price_not_negative check (list_price >= 0),
  discount_pct numeric(5, 2) constraint deals_discount_pct_range check (discount_pct between 0 and 100),
  margin_pct numeric(5, 2) constraint deals_margin_pct_range check (margin_pct between -100 and 100),
  contract_term_months smallint constraint deals_contract_term_months_range check (contract_term_months between 1 and 120),
  billing_cycle public.billing_cycle,
  payment_terms_days smallint constraint deals_payment_terms_days_range check (payment_terms_days between 0 and 365),
  competitors text[] not null default '{}'
    constraint deals_competitors_size check (cardinality(competitors) <= 20 and char_length(array_to_string(competitors, '')) <= 2000),
  next_step text constraint deals_next_step_length check (char_length(next_step) <= 500),
  -- MEDDPICC qualification
  metrics text constraint deals_metrics_length check (char_length(metrics) <= 2000),
  economic_buyer text constraint deals_economic_buyer_length check (char_length(economic_buyer) <= 2000),
  decision_criteria text constraint deals_decision_criteria_length check (char_length(decision_criteria) <= 2000),
  decision_process text constraint deals_decision_process_length check (char_length(decision_process) <= 2000),
  paper_process text constraint deals_paper_process_length check (char_length(paper_process) <= 2000),
  identified_pain text constraint deals_identified_pain_length check (char_length(identified_pain) <= 2000),
  champion text constraint deals_champion_length check (char_length(champion) <= 2000),
  competition text constraint deals_competition_length check (char_length(competition) <= 2000),
  lost_reason text constraint deals_lost_reason_length check (char_length(lost_reason) <= 500),
  stage_entered_at timestamptz not null default now(),
  closed_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint deals_closed_at_when_closed check ((status = 'open') = (closed_at is null)),
  unique (org_id, id),
  foreign key (org_id, owner_id) references public.profiles (org_id, id),
  foreign key (org_id, account_id) references public.accounts (org_id, id),
  foreign key (org_id, primary_contact_id) references public.contacts (org_id, id) on delete set null (primary_contact_id),
  constraint deals_stage_in_pipeline_fkey foreign key (org_id, pipeline_id, stage_id) references public.pipeline_stages (org_id, pipeline_id, id)
);

-- Lists: the caller's owners (RLS) sorted by close date; also the owner foreign key.
create index deals_owner_close_idx on public.deals (org_id, owner_id, expected_close_date, id);
-- Lists across the organisation (executives, admins) sorted by close date.
create index deals_org_close_idx on public.deals (org_id, expected_close_date, id);
-- The board: one stage's count and totals (index-only) and its cards in close-date order; also the stage key.
create index deals_stage_idx on public.deals (org_id, pipeline_id, stage_id, expected_close_date, id) include (owner_id, amount, probability);
create index deals_account_idx on public.deals (org_id, account_id);
create index deals_primary_contact_idx on public.deals (org_id, primary_contact_id);
create index deals_name_trgm_idx on public.deals using gin (name extensions.gin_trgm_ops);

comment on column public.deals.probability is 'The stage''s win probability, set on entering it (a new deal too); the owner may adjust it afterwards.';
comment on column public.deals.status is 'open, or won/lost when the deal is in a won/lost stage. Kept by the database.';
comment on column public.deals.version is 'Incremented on every change; send it back (move_deal_stage, or .eq("version", v) on update) to refuse a stale write.';
comment on column public.deals.payment_terms_days is 'Net days: 0 = due on receipt, 30 = net 30.';

-- One row per stage a deal entered (the first with from_stage_id null), written by the database.
-- Readable by whoever reads the deal.
create table public.deal_stage_history (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  deal_id uuid not null,
  from_stage_id uuid references public.pipeline_stages (id) on delete set null,
  to_stage_id uuid references public.pipeline_stages (id) on delete set null,
  moved_at timestamptz not null default now(),
  moved_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (org_id, deal_id) references public.deals (org_id, id) on delete cascade,
  foreign key (org_id, moved_by) references public.profiles (org_id, id) on delete set null (moved_by)
);
create index deal_stage_history_deal_idx on public.deal_stage_history (org_id, deal_id, moved_at);
create index deal_stage_history_from_stage_idx on public.deal_stage_history (from_stage_id);
create index deal_stage_history_to_stage_idx on public.deal_stage_history (to_stage_id, moved_at);
create index deal_stage_history_moved_by_idx on public.deal_stage_history (org_id, moved_by);

comment on column public.deal_stage_history.moved_by is 'Who moved the deal; null for the system (imports, jobs).';

create trigger deals_updated_at before update on public.deals
  for each row execute function private.set_updated_at();
create trigger deals_keep_org_id before update of org_id on public.deals
  for each row execute function private.keep_org_id();
create trigger audit after insert or update or delete on public.deals
  for each row execute function private.audit_row();

alter table public.deals enable row level security;
alter table public.deal_stage_history enable row level security;

-- status, probability on entering a stage, stage_entered_at, closed_at and version are the
-- database's; a client moves a deal with move_deal_stage (or by updating stage_id).
grant select, delete on public.deals to authenticated;
grant insert (org_id, owner_id, account_id, primary_contact_id, pipeline_id, stage_id, name, deal_type, amount, currency,
              expected_close_date, forecast_category, product_line, list_price, discount_pct, margin_pct,
              contract_term_months, billing_cycle, payment_terms_days, competitors, next_step, metrics, economic_buyer,
              decision_criteria, decision_process, paper_process, identified_pain, champion, competition, lost_reason),
      update (owner_id, account_id, primary_contact_id, pipeline_id, stage_id, name, deal_type, amount, currency,
              expected_close_date, probability, forecast_category, product_line, list_price, discount_pct, margin_pct,
              contract_term_months, billing_cycle, payment_terms_days, competitors, next_step, metrics, economic_buyer,
              decision_criteria, decision_process, paper_process, identified_pain, champion, competition, lost_reason)
  on public.deals to authenticated;
grant select on public.deal_stage_history to authenticated;
grant select, insert, update, delete on public.deals, public.deal_stage_history to service_role;

select private.create_owner_policies('public.deals', 'sales');

create policy "members read the history of deals they read" on public.deal_stage_history
  for select to authenticated
  using (org_id = (select private.current_org_id())
         and exists (select from public.deals d where d.org_id = deal_stage_history.org_id and d.id = deal_stage_history.deal_id));
