-- one row per fact table, academic year and college of region $region (etl_coverage, written by the build): whether the college's rows that year are real or demo; college empty: rows placed at region level
select v.table_name, v.academic_year, v.college_id, c.name_kk, c.name_ru, c.name_en, v.status, v.real_rows,
       v.demo_rows_in_sources
from etl_coverage v
left join dim_college c using (college_id)
where v.region_code = $region
order by v.table_name, v.academic_year, v.college_id nulls first
