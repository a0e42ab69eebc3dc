-- one row per graduation year and college: graduates, employed and continued study (where reported)
with graduation as (
    select g.academic_year, g.college_id, g.graduates, g.employed, g.continued_study, g.is_demo
    from fct_graduation g
    join dim_college c using (college_id)
    where c.region_code = $region
      and ($district is null or c.district_code = $district)
      and ($college is null or g.college_id = $college)
),
by_college as (
    select academic_year, college_id,
           cast(sum(graduates) as bigint) as graduates,
           cast(sum(employed) as bigint) as employed,
           cast(sum(graduates) filter (where employed is not null) as bigint) as graduates_with_employment,
           cast(sum(continued_study) as bigint) as continued_study,
           bool_or(is_demo) as is_demo
    from graduation
    group by all
),
final as (
    select b.academic_year, b.college_id, c.name_kk, c.name_ru, c.name_en,
           b.graduates, b.employed, b.graduates_with_employment, b.continued_study, b.is_demo
    from by_college b
    join dim_college c using (college_id)
)
select * from final
order by academic_year, college_id
