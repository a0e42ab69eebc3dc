-- one row per academic year and college: design capacity (null where not reported)
select k.academic_year, k.college_id, k.design_capacity
from fct_capacity k
join dim_college c using (college_id)
where ($region is null or c.region_code = $region)
