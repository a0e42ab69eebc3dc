-- one row per district or city of a region
create table dim_district as
select * exclude (_file, _row) from stg_dim_district order by district_code
