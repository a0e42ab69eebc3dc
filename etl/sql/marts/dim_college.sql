-- one row per college; is_demo comes from the row's source (kind = 'demo')
create table dim_college as
select f.* exclude (_file, _row), s.kind = 'demo' as is_demo
from stg_dim_college f
join stg_source s using (source_id)
order by college_id
