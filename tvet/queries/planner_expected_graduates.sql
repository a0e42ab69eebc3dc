-- one row per college, specialty, funding and entry base of region $region (every region when null) in academic year $year whose enrolment states expected graduates (a student-register export's end-of-study dates): graduating
select e.college_id, e.specialty_code, e.funding, e.entry_base, cast(sum(e.graduating) as bigint) as graduating
from fct_enrollment e
join dim_college c using (college_id)
where ($region is null or c.region_code = $region)
  and e.academic_year = $year
  and e.graduating is not null
group by all
