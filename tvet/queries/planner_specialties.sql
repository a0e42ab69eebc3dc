-- one row per specialty: its ISCED-F fields, whether it is technical, and its names
select specialty_code, isced_broad, isced_narrow, isced_detailed, coalesce(is_technical, false) as is_technical,
       name_kk, name_ru, name_en
from dim_specialty
