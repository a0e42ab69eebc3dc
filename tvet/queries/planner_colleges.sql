-- one row per college of region $region (every region when null): its names
select college_id, region_code, name_kk, name_ru, name_en, is_demo
from dim_college
where ($region is null or region_code = $region)
