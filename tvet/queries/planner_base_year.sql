-- one row: the latest academic year with students in region $region (every region when null), null when none
select max(e.academic_year) as base_year
from fct_enrollment e
join dim_college c using (college_id)
where ($region is null or c.region_code = $region)
  and e.students > 0
