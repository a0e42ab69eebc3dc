-- one row (or none): the college $college with its region, to check a figure request before computing it
select college_id, region_code, name_kk, name_ru, name_en
from dim_college
where college_id = $college
