-- one row per region or city of republican significance (and KZ for the whole country)
create table dim_region as
select * exclude (_file, _row) from stg_dim_region order by region_code
