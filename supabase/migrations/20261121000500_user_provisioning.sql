-- Profiles for users an admin creates (PRODUCT.md ID-5).
--
-- Supabase Auth's admin createUser inserts the auth.users row first and writes app_metadata with an
-- UPDATE in the same transaction (supabase/auth internal/api/admin.go), so the AFTER INSERT trigger
-- of the first migration never saw the org_id and role an admin chose and started a new
-- organisation instead. The trigger now runs deferred, at commit, and reads the row as it is then.
--
-- A user placed by an admin got their password from someone else: their profile says
-- must_change_password until the password changes in auth, which clears it (the user cannot clear
-- it otherwise). profiles.email mirrors auth so that the admin's user list needs no service role.

alter table public.profiles
  add column email text,
  add column must_change_password boolean not null default false;

update public.profiles p set email = u.email from auth.users u where u.id = p.id;

create or replace function private.handle_new_user() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  u auth.users;
  v_org uuid;
  v_role public.app_role;
  v_name text;
  v_placed boolean;
begin
  select * into u from auth.users where id = new.id;
  if not found then
    return null; -- created and deleted in one transaction
  end if;
  v_org := nullif(u.raw_app_meta_data ->> 'org_id', '')::uuid;
  v_placed := v_org is not null; -- by an admin, who also chose the password
  v_role := coalesce(nullif(u.raw_app_meta_data ->> 'role', ''), 'rep')::public.app_role;
  v_name := coalesce(nullif(btrim(u.raw_user_meta_data ->> 'full_name'), ''), split_part(u.email, '@', 1), 'New user');
  if v_org is null then
    insert into public.organizations (name)
    values (coalesce(nullif(btrim(u.raw_user_meta_data ->> 'organization_name'), ''), v_name || '''s organisation'))
    returning id into v_org;
    v_role := 'admin';
  end if;
  insert into public.profiles (id, org_id, email, full_name, role, must_change_password)
  values (u.id, v_org, u.email, left(v_name, 200), v_role, v_placed);
  return null;
end;
$$;

drop trigger on_auth_user_created on auth.users;
create constraint trigger on_auth_user_created after insert on auth.users
  deferrable initially deferred
  for each row execute function private.handle_new_user();

create function private.sync_profile_from_auth() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  update public.profiles
  set email = new.email,
      must_change_password = must_change_password and new.encrypted_password is not distinct from old.encrypted_password
  where id = new.id;
  return null;
end;
$$;
revoke execute on function private.sync_profile_from_auth() from public;

create trigger on_auth_user_updated after update of email, encrypted_password on auth.users
  for each row
  when (old.email is distinct from new.email or old.encrypted_password is distinct from new.encrypted_password)
  execute function private.sync_profile_from_auth();
