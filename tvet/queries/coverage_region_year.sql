-- one row per fact table of region $region in academic year $year (etl_scope, written by the build): real, demo or mixed (real for some colleges, demo for the others), and the colleges of each kind
select table_name, status, colleges_real, colleges_demo, real_rows, demo_rows_in_sources, demo_rows_replaced
from etl_scope
where region_code = $region and academic_year = $year
order by table_name
