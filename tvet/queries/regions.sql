-- one row per region with any college in the warehouse
select r.region_code, r.name_kk, r.name_ru, r.name_en
from dim_region r
where r.region_code in (select region_code from dim_college)
order by r.region_code
