-- one row per source of figures or rows
create table source as
select * exclude (_file, _row) from stg_source order by source_id
