-- one row per academic year and college (null: an order placed at region level) of one specialty ($specialty) in the region (or district): state-order places
select o.academic_year, o.college_id,
       c.name_kk as college_name_kk, c.name_ru as college_name_ru, c.name_en as college_name_en,
       c.district_code,
       d.name_kk as district_name_kk, d.name_ru as district_name_ru, d.name_en as district_name_en,
       cast(sum(o.places) as bigint) as places,
       bool_or(o.is_demo) as is_demo
from fct_state_order o
left join dim_college c using (college_id)
left join dim_district d on d.district_code = c.district_code
where o.region_code = $region
  and o.specialty_code = $specialty
  and ($district is null or c.district_code = $district)
group by all
order by o.academic_year, o.college_id nulls last
