-- one row per academic year (from $since on) of graduation, college, specialty and funding: graduates
select g.academic_year, g.college_id, g.specialty_code, g.funding,
       cast(sum(g.graduates) as bigint) as graduates
from fct_graduation g
join dim_college c using (college_id)
where ($region is null or c.region_code = $region)
  and g.academic_year >= $since
group by all
