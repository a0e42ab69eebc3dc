-- one row per academic year, college, specialty, funding, language and entry base; is_demo comes from the rows' source (kind = 'demo'); demo rows of what a real source covers (a region's or a college's year of the table) give way (etl/sql/scope.sql). Two real sources may complement each other for one key (the plan from the akimat, the admitted count from the college's register, schema.Table.complements): their rows become one, source_id naming the source of admitted (else of planned) and planned_source_id the source of planned.
create table fct_admission as
with kept as (
    select f.* exclude (_file, _row), s.kind = 'demo' as is_demo
    from stg_fct_admission f
    join stg_source s using (source_id)
    left join stg_dim_college c using (college_id)
    where not (s.kind = 'demo' and demo_gives_way('fct_admission', c.region_code, f.academic_year, f.college_id))
)
select academic_year, college_id, specialty_code, funding, language, entry_base,
       max(planned) as planned, max(admitted) as admitted, max(applicants) as applicants,
       coalesce(max(source_id) filter (where admitted is not null), max(source_id) filter (where planned is not null),
                min(source_id)) as source_id,
       is_demo,
       max(source_id) filter (where planned is not null) as planned_source_id
from kept
group by academic_year, college_id, specialty_code, funding, language, entry_base, is_demo
order by academic_year, college_id, specialty_code, funding, language, entry_base
