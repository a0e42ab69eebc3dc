-- one row per academic year, college, specialty, funding, language and entry base; is_demo comes from the row's source (kind = 'demo'); demo rows of what a real source covers (a region's or a college's year of the table) give way (etl/sql/scope.sql)
create table fct_admission as
select f.* exclude (_file, _row), s.kind = 'demo' as is_demo
from stg_fct_admission f
join stg_source s using (source_id)
left join stg_dim_college c using (college_id)
where not (s.kind = 'demo' and exists (select 1 from etl_real_cover x where x.table_name = 'fct_admission'
    and x.region_code = c.region_code and x.academic_year = f.academic_year
    and (x.college_id is null or x.college_id = f.college_id)))
order by academic_year, college_id, specialty_code, funding, language, entry_base
