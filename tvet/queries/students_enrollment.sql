-- one row per academic year, course, funding, language of instruction, study form and entry base (NULL: not stated): students at the start of the year and those on academic leave (NULL where not reported) in a region (optionally one district or one college)
with students as (
    select e.academic_year, e.course, e.funding, e.language, e.study_form, e.entry_base, e.students, e.on_leave,
           e.is_demo
    from fct_enrollment e
    join dim_college c using (college_id)
    where c.region_code = $region
      and ($district is null or c.district_code = $district)
      and ($college is null or e.college_id = $college)
),
final as (
    select academic_year, course, funding, language, study_form, entry_base,
           cast(sum(students) as bigint) as students,
           cast(sum(on_leave) as bigint) as on_leave,
           bool_or(is_demo) as is_demo
    from students
    group by all
)
select * from final
order by academic_year, course, funding, language, study_form, entry_base
