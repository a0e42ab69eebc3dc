-- one row per qualification of the TVET classifier
create table dim_qualification as
select * exclude (_file, _row, code_status), coalesce(code_status, 'unverified') as code_status from stg_dim_qualification order by qualification_code
