-- The two daily time series (customer_usage_daily, customer_health_scores) referenced their
-- organisation twice: directly, and through their customer ((org_id, customer_id) → customers,
-- whose organisation cascades to them). The direct key added nothing but a lookup for every row
-- written: 100,000 rows a day per table at the bench's scale, from the usage ingestion and the
-- health job. Deleting an organisation still removes its series, through its customers.

alter table public.customer_usage_daily drop constraint customer_usage_daily_org_id_fkey;
alter table public.customer_health_scores drop constraint customer_health_scores_org_id_fkey;
