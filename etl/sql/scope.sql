-- Which rows are real and which demo, and which demo rows give way. A real source covers either a whole region's year of a table (coverage 'region', the default: an akimat annex, a statistics table, an assessment workbook) or one college's year (coverage 'college': a student-register export); the demo rows of exactly what it covers give way.
-- etl_fact_rows: one row per fact table, region, academic year, college (null: placed at region level) and source kind and coverage, with its row count.
create temp table etl_fact_rows as
with rows as (
    select 'fct_enrollment' as table_name, c.region_code, f.academic_year, f.college_id, s.kind = 'demo' as is_demo,
           coalesce(s.coverage, 'region') as coverage, count(*) as n
    from stg_fct_enrollment f join stg_source s using (source_id) left join stg_dim_college c using (college_id)
    group by all
    union all
    select 'fct_admission', c.region_code, f.academic_year, f.college_id, s.kind = 'demo', coalesce(s.coverage, 'region'), count(*)
    from stg_fct_admission f join stg_source s using (source_id) left join stg_dim_college c using (college_id)
    group by all
    union all
    select 'fct_graduation', c.region_code, f.academic_year, f.college_id, s.kind = 'demo', coalesce(s.coverage, 'region'), count(*)
    from stg_fct_graduation f join stg_source s using (source_id) left join stg_dim_college c using (college_id)
    group by all
    union all
    select 'fct_state_order', f.region_code, f.academic_year, f.college_id, s.kind = 'demo', coalesce(s.coverage, 'region'), count(*)
    from stg_fct_state_order f join stg_source s using (source_id)
    group by all
    union all
    select 'fct_capacity', c.region_code, f.academic_year, f.college_id, s.kind = 'demo', coalesce(s.coverage, 'region'), count(*)
    from stg_fct_capacity f join stg_source s using (source_id) left join stg_dim_college c using (college_id)
    group by all
    union all
    select 'fct_specialty_change', c.region_code, f.academic_year, f.college_id, s.kind = 'demo', coalesce(s.coverage, 'region'), count(*)
    from stg_fct_specialty_change f join stg_source s using (source_id) left join stg_dim_college c using (college_id)
    group by all
    union all
    select 'fct_partnership', c.region_code, f.academic_year, f.college_id, s.kind = 'demo', coalesce(s.coverage, 'region'), count(*)
    from stg_fct_partnership f join stg_source s using (source_id) left join stg_dim_college c using (college_id)
    group by all
    union all
    select 'fct_assessment', c.region_code, f.academic_year, f.college_id, s.kind = 'demo', coalesce(s.coverage, 'region'), count(*)
    from stg_fct_assessment f join stg_source s using (source_id) left join stg_dim_college c using (college_id)
    group by all
)
select * from rows where region_code is not null and academic_year is not null;

-- etl_real_cover: one row per fact table, region, academic year and college (null: the whole region) that a real source covers.
create temp table etl_real_cover as
select distinct table_name, region_code, academic_year, case when coverage = 'college' then college_id end as college_id
from etl_fact_rows
where not is_demo and (coverage <> 'college' or college_id is not null);

-- Whether a demo row of table t, region r, academic year y and college c gives way: a real source covers that region's year of the table, or that college's year. Every fact mart filters its demo rows with it.
create temp macro demo_gives_way(t, r, y, c) as
    exists (select 1 from etl_real_cover x where x.table_name = t and x.region_code = r and x.academic_year = y
            and (x.college_id is null or x.college_id = c));

-- etl_coverage: one row per fact table, region, academic year and college (null: rows placed at region level): real rows, demo rows in the sources, and whether its demo rows give way (status real) or stay (status demo).
create table etl_coverage as
select f.table_name, f.region_code, f.academic_year, f.college_id,
       coalesce(sum(f.n) filter (where not f.is_demo), 0)::bigint as real_rows,
       coalesce(sum(f.n) filter (where f.is_demo), 0)::bigint as demo_rows_in_sources,
       case when bool_or(x.table_name is not null) then 'real' else 'demo' end as status
from etl_fact_rows f
left join etl_real_cover x on x.table_name = f.table_name and x.region_code = f.region_code
    and x.academic_year = f.academic_year and (x.college_id is null or x.college_id = f.college_id)
group by f.table_name, f.region_code, f.academic_year, f.college_id
order by 1, 2, 3, 4;

-- etl_scope: one row per fact table, region and academic year: real and demo rows, whether the year is real (every demo row gave way), demo (no real row) or mixed (real for some colleges, demo for others), and the colleges of each kind.
create table etl_scope as
select table_name, region_code, academic_year,
       sum(real_rows)::bigint as real_rows,
       sum(demo_rows_in_sources)::bigint as demo_rows_in_sources,
       case when sum(real_rows) = 0 and not bool_or(status = 'real') then 'demo'
            when bool_or(status = 'demo' and demo_rows_in_sources > 0) then 'mixed'
            else 'real' end as status,
       coalesce(sum(demo_rows_in_sources) filter (where status = 'real'), 0)::bigint as demo_rows_replaced,
       count(distinct college_id) filter (where status = 'real')::bigint as colleges_real,
       count(distinct college_id) filter (where status = 'demo')::bigint as colleges_demo
from etl_coverage
group by table_name, region_code, academic_year
order by table_name, region_code, academic_year
