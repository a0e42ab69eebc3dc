-- one row per academic year and college; is_demo comes from the row's source (kind = 'demo')
create table fct_capacity as
select f.* exclude (_file, _row), s.kind = 'demo' as is_demo
from stg_fct_capacity f
join stg_source s using (source_id)
order by academic_year, college_id
