-- one row per ISCED-F 2013 field (broad, narrow or detailed) with its names in kk, ru and en
select code, level, broad_code, name_kk, name_ru, name_en
from dim_isced_field
order by code
