-- one row per stream (college, specialty, funding, entry base) that ever had students up to $until: its highest course and first year
select e.college_id, e.specialty_code, e.funding, e.entry_base,
       max(e.course) as top, min(e.academic_year) as first
from fct_enrollment e
join dim_college c using (college_id)
where ($region is null or c.region_code = $region)
  and e.students > 0
  and e.academic_year <= $until
group by all
