-- one row per fact table and academic year of region $region: whether its rows are real, demo or mixed (real for some colleges, demo for the others), with the colleges of each kind (etl_scope, written by the build)
select table_name, academic_year, status, real_rows, demo_rows_in_sources, demo_rows_replaced, colleges_real,
       colleges_demo
from etl_scope
where region_code = $region
order by table_name, academic_year
