-- one row per academic year, college, specialty, funding, language and entry base; is_demo comes from the row's source (kind = 'demo')
create table fct_admission as
select f.* exclude (_file, _row), s.kind = 'demo' as is_demo
from stg_fct_admission f
join stg_source s using (source_id)
order by academic_year, college_id, specialty_code, funding, language, entry_base
