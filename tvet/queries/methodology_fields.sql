-- one row per ISCED-F broad field: its names, its specialties, and whether the last build counted it as technical
with build as (
    select string_split(technical_fields, ',') as technical from etl_run order by finished_at desc limit 1
),
specialties as (
    select isced_broad as code, count(*) as specialties from dim_specialty group by all
),
final as (
    select f.code, f.name_kk, f.name_ru, f.name_en,
           coalesce(s.specialties, 0) as specialties,
           coalesce(list_contains((select technical from build), f.code), false) as is_technical
    from dim_isced_field f
    left join specialties s using (code)
    where f.level = 'broad'
)
select * from final order by code
