-- one row per table that carries is_demo: all rows, generated (demo) rows and rows from other sources
with rows as (
    select 'dim_college' as table_name, is_demo, source_id from dim_college
    union all select 'fct_enrollment', is_demo, source_id from fct_enrollment
    union all select 'fct_admission', is_demo, source_id from fct_admission
    union all select 'fct_graduation', is_demo, source_id from fct_graduation
    union all select 'fct_state_order', is_demo, source_id from fct_state_order
    union all select 'fct_capacity', is_demo, source_id from fct_capacity
    union all select 'fct_specialty_change', is_demo, source_id from fct_specialty_change
    union all select 'fct_partnership', is_demo, source_id from fct_partnership
),
tables as (
    select unnest(['dim_college', 'fct_enrollment', 'fct_admission', 'fct_graduation', 'fct_state_order',
                   'fct_capacity', 'fct_specialty_change', 'fct_partnership']) as table_name
),
final as (
    select t.table_name,
           count(r.table_name) as total_rows,
           count(r.table_name) filter (where r.is_demo) as demo_rows,
           count(r.table_name) filter (where not r.is_demo) as other_rows,
           string_agg(distinct r.source_id, ', ' order by r.source_id) filter (where r.is_demo) as demo_sources,
           string_agg(distinct r.source_id, ', ' order by r.source_id) filter (where not r.is_demo) as other_sources
    from tables t
    left join rows r using (table_name)
    group by all
)
select * from final order by table_name
