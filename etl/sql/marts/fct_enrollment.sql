-- one row per academic year, college, specialty, course, funding, language, study form and entry base; is_demo comes from the row's source (kind = 'demo')
create table fct_enrollment as
select f.* exclude (_file, _row), s.kind = 'demo' as is_demo
from stg_fct_enrollment f
join stg_source s using (source_id)
order by academic_year, college_id, specialty_code, course, funding, language, study_form, entry_base
