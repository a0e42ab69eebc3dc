-- one row per academic year, college, specialty and course of a region: students at the start of the year, with the specialty's names
with students as (
    select e.academic_year, e.college_id, e.specialty_code, e.course,
           cast(sum(e.students) as bigint) as students,
           bool_or(e.is_demo) as is_demo
    from fct_enrollment e
    join dim_college c using (college_id)
    where c.region_code = $region
    group by all
),
final as (
    select s.academic_year, s.college_id, s.specialty_code, s.course, s.students, s.is_demo,
           d.name_kk, d.name_ru, d.name_en
    from students s
    left join dim_specialty d using (specialty_code)
)
select * from final
order by academic_year, college_id, specialty_code, course
