-- one row per figure as published (region, year, indicator, source); never demo
create table published_figure as
select * exclude (_file, _row) from stg_published_figure order by region_code, academic_year, indicator, source_id
