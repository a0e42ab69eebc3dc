-- rule: district_region_mismatch; severity: error
-- A college's district lies in the college's region.
select c._file, c._row, 'district_code' as col, c.district_code as value
from stg_dim_college c
join stg_dim_district d on d.district_code = c.district_code
where d.region_code <> c.region_code
union all
-- A published figure's district lies in the figure's region.
select f._file, f._row, 'district_code' as col, f.district_code as value
from stg_published_figure f
join stg_dim_district d on d.district_code = f.district_code
where d.region_code <> f.region_code
