-- one row per academic year, college, specialty and change; is_demo comes from the row's source (kind = 'demo')
create table fct_specialty_change as
select f.* exclude (_file, _row), s.kind = 'demo' as is_demo
from stg_fct_specialty_change f
join stg_source s using (source_id)
order by academic_year, college_id, specialty_code, change
