-- The build's own record: one row per build (etl_run), per input file (etl_input) and per check (etl_check).
create table etl_run (
    run_id varchar, build_id varchar, status varchar, started_at timestamp, finished_at timestamp,
    schema_version integer, technical_fields varchar, inputs json, row_counts json
);
create table etl_input (
    build_id varchar, file varchar, sheet varchar, table_name varchar, sha256 varchar, bytes bigint,
    rows integer, encoding varchar, header_row integer, notes varchar
);
create table etl_check (
    build_id varchar, check_name varchar, rule varchar, severity varchar, failing_rows bigint, example varchar
);
