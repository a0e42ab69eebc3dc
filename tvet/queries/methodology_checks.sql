-- one row per data-quality check of the last published build (etl_check): 0 failing rows means passed
with last_build as (
    select build_id from etl_run order by finished_at desc limit 1
)
select c.check_name, c.rule, c.severity, c.failing_rows, c.example
from etl_check c
join last_build using (build_id)
order by c.failing_rows desc, c.severity, c.check_name
