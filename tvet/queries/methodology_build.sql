-- one row: the last published build (etl_run), with its totals of input files and rows
select r.run_id, r.build_id, r.status, r.started_at, r.finished_at, r.schema_version, r.technical_fields,
       (select count(*) from etl_input i where i.build_id = r.build_id) as input_files,
       (select cast(sum(i.rows) as bigint) from etl_input i where i.build_id = r.build_id) as input_rows
from etl_run r
order by r.finished_at desc
limit 1
