-- one row per college (the one asked for, by $college): its names, region, district, ownership, whether it is a demo row and its source
select c.college_id, c.region_code, c.district_code, c.name_kk, c.name_ru, c.name_en, c.ownership,
       d.name_kk as district_kk, d.name_ru as district_ru, d.name_en as district_en,
       r.name_kk as region_kk, r.name_ru as region_ru, r.name_en as region_en,
       c.is_demo, c.source_id
from dim_college c
left join dim_district d using (district_code)
left join dim_region r on r.region_code = c.region_code
where c.college_id = $college
