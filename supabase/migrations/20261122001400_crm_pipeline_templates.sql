-- Pipeline templates (PRODUCT.md CRM-6): an admin starts a pipeline from Default (Lead 10 %,
-- Qualified 25 %, Proposal 50 %, Negotiation 75 %, Closed Won 100 %, Closed Lost 0 %) or PEAK
-- (Prospect, Engage, Acquire, Keep; Keep is the won stage, and a Lost stage is added so a deal can
-- be closed lost in it too). Then they edit it like any other. Runs with the caller's rights:
-- only admins may create pipelines.

create function public.create_pipeline_from_template(name text, template text default 'default', is_default boolean default false)
returns public.pipelines
language plpgsql
set search_path = ''
as $$
declare
  created public.pipelines;
begin
  if template not in ('default', 'peak') then
    raise exception 'Unknown pipeline template "%": use default or peak', template using errcode = '22023', hint = 'unknown_template';
  end if;

  insert into public.pipelines (name, is_default)
  values (create_pipeline_from_template.name, create_pipeline_from_template.is_default)
  returning * into created;

  insert into public.pipeline_stages (org_id, pipeline_id, name, position, win_probability, colour, rotting_days, is_won, is_lost)
  select created.org_id, created.id, t.name, t.position, t.win_probability, t.colour, t.rotting_days, t.is_won, t.is_lost
  from (
    values
      ('default', 'Lead',        0,  10, '#94a3b8', 14,   false, false),
      ('default', 'Qualified',   1,  25, '#60a5fa', 21,   false, false),
      ('default', 'Proposal',    2,  50, '#a78bfa', 21,   false, false),
      ('default', 'Negotiation', 3,  75, '#f59e0b', 14,   false, false),
      ('default', 'Closed Won',  4, 100, '#22c55e', null, true,  false),
      ('default', 'Closed Lost', 5,   0, '#ef4444', null, false, true),
      ('peak',    'Prospect',    0,  10, '#94a3b8', 14,   false, false),
      ('peak',    'Engage',      1,  30, '#60a5fa', 21,   false, false),
      ('peak',    'Acquire',     2,  70, '#f59e0b', 21,   false, false),
      ('peak',    'Keep',        3, 100, '#22c55e', null, true,  false),
      ('peak',    'Lost',        4,   0, '#ef4444', null, false, true)
  ) as t (template, name, position, win_probability, colour, rotting_days, is_won, is_lost)
  where t.template = create_pipeline_from_template.template;

  return created;
end;
$$;
revoke execute on function public.create_pipeline_from_template(text, text, boolean) from public, anon;
grant execute on function public.create_pipeline_from_template(text, text, boolean) to authenticated, service_role;
