-- one row per input file of the last published build (etl_input)
with last_build as (
    select build_id from etl_run order by finished_at desc limit 1
)
select i.file, i.sheet, i.table_name, i.sha256, i.bytes, i.rows, i.encoding, i.header_row, i.notes
from etl_input i
join last_build using (build_id)
order by i.file, i.sheet
