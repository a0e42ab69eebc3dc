-- one row per academic year (from $since on), college, specialty, funding and entry base: planned and admitted students (null where not reported)
select a.academic_year, a.college_id, a.specialty_code, a.funding, a.entry_base,
       cast(sum(a.planned) as bigint) as planned,
       cast(sum(a.admitted) as bigint) as admitted
from fct_admission a
join dim_college c using (college_id)
where ($region is null or c.region_code = $region)
  and a.academic_year >= $since
group by all
