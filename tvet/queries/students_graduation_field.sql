-- one row per graduation year and ISCED-F broad field: graduates, employed and continued study (where reported)
with graduation as (
    select g.academic_year, s.isced_broad as field_code, g.graduates, g.employed, g.continued_study, g.is_demo
    from fct_graduation g
    join dim_college c using (college_id)
    join dim_specialty s using (specialty_code)
    where c.region_code = $region
      and ($district is null or c.district_code = $district)
      and ($college is null or g.college_id = $college)
),
by_field as (
    select academic_year, field_code,
           cast(sum(graduates) as bigint) as graduates,
           cast(sum(employed) as bigint) as employed,
           cast(sum(graduates) filter (where employed is not null) as bigint) as graduates_with_employment,
           cast(sum(continued_study) as bigint) as continued_study,
           bool_or(is_demo) as is_demo
    from graduation
    group by all
),
final as (
    select b.academic_year, b.field_code, f.name_kk, f.name_ru, f.name_en,
           b.graduates, b.employed, b.graduates_with_employment, b.continued_study, b.is_demo
    from by_field b
    left join dim_isced_field f on f.code = b.field_code
)
select * from final
order by academic_year, field_code
