-- one row per graduation year and college of a region: graduates, those with a reported employment figure, employed
with final as (
    select g.academic_year, g.college_id, c.name_kk, c.name_ru, c.name_en,
           cast(sum(g.graduates) as bigint) as graduates,
           cast(sum(g.graduates) filter (where g.employed is not null) as bigint) as graduates_reported,
           cast(sum(g.employed) as bigint) as employed,
           bool_or(g.is_demo) as is_demo
    from fct_graduation g
    join dim_college c using (college_id)
    where c.region_code = $region
    group by all
)
select * from final order by academic_year, college_id
