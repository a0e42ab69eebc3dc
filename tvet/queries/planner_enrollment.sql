-- one row per academic year (from $since on), college, specialty, funding, entry base and course: students (region $region, or every region when null)
select e.academic_year, e.college_id, c.region_code, e.specialty_code, e.funding, e.entry_base, e.course,
       cast(sum(e.students) as bigint) as students,
       bool_or(e.is_demo) as is_demo
from fct_enrollment e
join dim_college c using (college_id)
where ($region is null or c.region_code = $region)
  and e.academic_year >= $since
group by all
