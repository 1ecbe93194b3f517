-- Customers and renewals are lists of the record engine too (src/components/records): their
-- saved views live in saved_views like every other list's. Added values only; nothing uses them
-- in this transaction.
alter type public.saved_view_record_type add value if not exists 'customers';
alter type public.saved_view_record_type add value if not exists 'renewals';
