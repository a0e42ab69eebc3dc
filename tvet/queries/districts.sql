-- one row per district or city of the region: names, centre, coordinates, and how many colleges it has
select d.district_code, d.kind, d.name_kk, d.name_ru, d.name_en, d.centre_ru, d.centre_en, d.lat, d.lon,
       (select count(*) from dim_college c where c.district_code = d.district_code) as colleges
from dim_district d
where d.region_code = $region
order by d.kind, d.name_ru
