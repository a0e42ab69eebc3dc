-- one row per fact table and academic year of region $region: whether its rows are real or demo (etl_scope, written by the build)
select table_name, academic_year, status, real_rows, demo_rows_in_sources, demo_rows_replaced
from etl_scope
where region_code = $region
order by table_name, academic_year
