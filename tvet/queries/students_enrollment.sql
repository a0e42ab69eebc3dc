-- one row per academic year, course, funding and language of instruction: students at the start of the year in a region (optionally one district or one college)
with students as (
    select e.academic_year, e.course, e.funding, e.language, e.students, e.is_demo
    from fct_enrollment e
    join dim_college c using (college_id)
    where c.region_code = $region
      and ($district is null or c.district_code = $district)
      and ($college is null or e.college_id = $college)
),
final as (
    select academic_year, course, funding, language,
           cast(sum(students) as bigint) as students,
           bool_or(is_demo) as is_demo
    from students
    group by all
)
select * from final
order by academic_year, course, funding, language
