-- one row per agreement between a college and an enterprise; is_demo comes from the row's source (kind = 'demo')
create table fct_partnership as
select f.* exclude (_file, _row), s.kind = 'demo' as is_demo
from stg_fct_partnership f
join stg_source s using (source_id)
order by agreement_id
