-- one row per academic year and college; is_demo comes from the row's source (kind = 'demo'); demo rows of what a real source covers (a region's or a college's year of the table) give way (etl/sql/scope.sql)
create table fct_capacity as
select f.* exclude (_file, _row), s.kind = 'demo' as is_demo
from stg_fct_capacity f
join stg_source s using (source_id)
left join stg_dim_college c using (college_id)
where not (s.kind = 'demo' and demo_gives_way('fct_capacity', c.region_code, f.academic_year, f.college_id))
order by academic_year, college_id
