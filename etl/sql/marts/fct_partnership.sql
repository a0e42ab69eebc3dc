-- one row per agreement between a college and an enterprise; is_demo comes from the row's source (kind = 'demo'); demo rows of what a real source covers (a region's or a college's year of the table) give way (etl/sql/scope.sql)
create table fct_partnership as
select f.* exclude (_file, _row), s.kind = 'demo' as is_demo
from stg_fct_partnership f
join stg_source s using (source_id)
left join stg_dim_college c using (college_id)
where not (s.kind = 'demo' and demo_gives_way('fct_partnership', c.region_code, f.academic_year, f.college_id))
order by agreement_id
