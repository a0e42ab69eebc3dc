-- one row per district or city of the region, with how many colleges it has
select d.district_code, d.name_kk, d.name_ru, d.name_en,
       (select count(*) from dim_college c where c.district_code = d.district_code) as colleges
from dim_district d
where d.region_code = $region
order by d.kind, d.name_ru
