-- one row: the published build (id, when it finished, inputs and row counts)
select build_id, finished_at, schema_version, technical_fields, row_counts
from etl_run
order by finished_at desc
limit 1
