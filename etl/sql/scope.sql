-- one row per fact table, region and academic year: how many real and demo rows the sources hold, and whether the demo rows give way (a scope with any real row keeps only its real rows)
create table etl_scope as
with rows as (
    select 'fct_enrollment' as table_name, c.region_code, f.academic_year, s.kind = 'demo' as is_demo, count(*) as n
    from stg_fct_enrollment f join stg_source s using (source_id) left join stg_dim_college c using (college_id)
    group by all
    union all
    select 'fct_admission', c.region_code, f.academic_year, s.kind = 'demo', count(*)
    from stg_fct_admission f join stg_source s using (source_id) left join stg_dim_college c using (college_id)
    group by all
    union all
    select 'fct_graduation', c.region_code, f.academic_year, s.kind = 'demo', count(*)
    from stg_fct_graduation f join stg_source s using (source_id) left join stg_dim_college c using (college_id)
    group by all
    union all
    select 'fct_state_order', f.region_code, f.academic_year, s.kind = 'demo', count(*)
    from stg_fct_state_order f join stg_source s using (source_id)
    group by all
    union all
    select 'fct_capacity', c.region_code, f.academic_year, s.kind = 'demo', count(*)
    from stg_fct_capacity f join stg_source s using (source_id) left join stg_dim_college c using (college_id)
    group by all
    union all
    select 'fct_specialty_change', c.region_code, f.academic_year, s.kind = 'demo', count(*)
    from stg_fct_specialty_change f join stg_source s using (source_id) left join stg_dim_college c using (college_id)
    group by all
    union all
    select 'fct_partnership', c.region_code, f.academic_year, s.kind = 'demo', count(*)
    from stg_fct_partnership f join stg_source s using (source_id) left join stg_dim_college c using (college_id)
    group by all
)
select table_name, region_code, academic_year,
       coalesce(sum(n) filter (where not is_demo), 0)::bigint as real_rows,
       coalesce(sum(n) filter (where is_demo), 0)::bigint as demo_rows_in_sources,
       case when coalesce(sum(n) filter (where not is_demo), 0) > 0 then 'real' else 'demo' end as status,
       case when coalesce(sum(n) filter (where not is_demo), 0) > 0
            then coalesce(sum(n) filter (where is_demo), 0) else 0 end::bigint as demo_rows_replaced
from rows
where region_code is not null and academic_year is not null
group by table_name, region_code, academic_year
order by table_name, region_code, academic_year
