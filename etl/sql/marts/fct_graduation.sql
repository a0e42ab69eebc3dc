-- one row per academic year of graduation, college, specialty and funding; is_demo comes from the row's source (kind = 'demo')
create table fct_graduation as
select f.* exclude (_file, _row), s.kind = 'demo' as is_demo
from stg_fct_graduation f
join stg_source s using (source_id)
order by academic_year, college_id, specialty_code, funding
