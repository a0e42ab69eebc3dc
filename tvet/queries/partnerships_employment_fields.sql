-- one row per graduation year and ISCED-F broad field of a region's graduates: graduates, those with a reported employment figure, employed
with final as (
    select g.academic_year, s.isced_broad as field_code, f.name_kk, f.name_ru, f.name_en,
           cast(sum(g.graduates) as bigint) as graduates,
           cast(sum(g.graduates) filter (where g.employed is not null) as bigint) as graduates_reported,
           cast(sum(g.employed) as bigint) as employed,
           bool_or(g.is_demo) as is_demo
    from fct_graduation g
    join dim_college c using (college_id)
    join dim_specialty s using (specialty_code)
    left join dim_isced_field f on f.code = s.isced_broad
    where c.region_code = $region
    group by all
)
select * from final order by academic_year, field_code
