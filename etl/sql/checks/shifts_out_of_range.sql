-- rule: shifts_out_of_range; severity: error
-- A college teaches in one, two or three shifts; capacity use divides by design capacity × shifts.
select _file, _row, 'shifts' as col, cast(shifts as varchar) as value
from stg_fct_capacity
where shifts is not null and shifts not between 1 and 3
