-- one row per academic year, region, college (or none), specialty, qualification, language, study form, entry base and budget; is_demo comes from the row's source (kind = 'demo'); demo rows of what a real source covers (a region's or a college's year of the table) give way (etl/sql/scope.sql)
create table fct_state_order as
select f.* exclude (_file, _row), s.kind = 'demo' as is_demo
from stg_fct_state_order f
join stg_source s using (source_id)
where not (s.kind = 'demo' and demo_gives_way('fct_state_order', f.region_code, f.academic_year, f.college_id))
order by academic_year, region_code, college_id, specialty_code, qualification_code, language, study_form, entry_base, budget
