-- one row per college of a region (optionally one district): names and district, for the college filter
select c.college_id, c.district_code, c.name_kk, c.name_ru, c.name_en
from dim_college c
where c.region_code = $region
  and ($district is null or c.district_code = $district)
order by c.name_ru, c.college_id
