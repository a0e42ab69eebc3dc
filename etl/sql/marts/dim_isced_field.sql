-- one row per ISCED-F 2013 field (broad, narrow or detailed)
create table dim_isced_field as
select * exclude (_file, _row) from stg_dim_isced_field order by code
