-- one row per specialty of the TVET classifier; the ISCED-F field defaults to the code's first four digits
create table dim_specialty as
with specialty as (
    select * exclude (_file, _row), coalesce(isced_detailed, left(specialty_code, 4)) as detailed
    from stg_dim_specialty
),
final as (
    select
        specialty_code, name_kk, name_ru, name_en,
        detailed as isced_detailed,
        left(detailed, 3) as isced_narrow,
        left(detailed, 2) as isced_broad,
        left(detailed, 2) in (select code from etl_technical_field) as is_technical,
        coalesce(code_status, 'unverified') as code_status,
        names_status, note
    from specialty
)
select * from final order by specialty_code
