-- rule: college_region_mismatch; severity: error
-- A state order placed with a college belongs to that college's region.
select o._file, o._row, 'region_code' as col, o.region_code as value
from stg_fct_state_order o
join stg_dim_college c on c.college_id = o.college_id
where o.region_code <> c.region_code
