-- rule: specialty_field_mismatch; severity: warning
-- The first four digits of a specialty code are its ISCED-F detailed field (data/reference/README.md).
select _file, _row, 'isced_detailed' as col, isced_detailed as value
from stg_dim_specialty
where isced_detailed is not null and isced_detailed <> left(specialty_code, 4)
