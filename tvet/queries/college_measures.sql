-- one row per measure, college and academic year of a region: the value (NULL where not reported), whether any row behind it is demo, and its sources
with colleges as (
    select college_id
    from dim_college
    where region_code = $region
),
enrollment as (
    select e.academic_year, e.college_id,
           cast(sum(e.students) as bigint) as students,
           cast(sum(e.on_leave) as bigint) as on_leave,
           cast(sum(e.students) - coalesce(sum(e.students) filter (where e.study_form = 'part_time'), 0) as bigint)
               as attending,
           bool_or(e.is_demo) as is_demo,
           string_agg(distinct e.source_id, ', ' order by e.source_id) as sources
    from fct_enrollment e
    join colleges using (college_id)
    group by all
),
capacity as (
    select k.academic_year, k.college_id, k.design_capacity, k.design_capacity * coalesce(k.shifts, 1) as seats,
           k.contingent_stated, k.is_demo, k.source_id as sources
    from fct_capacity k
    join colleges using (college_id)
),
admission as (
    select a.academic_year, a.college_id,
           cast(sum(a.planned) as bigint) as planned,
           cast(sum(a.admitted) as bigint) as admitted,
           bool_or(a.is_demo) as is_demo,
           string_agg(distinct a.source_id, ', ' order by a.source_id) as sources
    from fct_admission a
    join colleges using (college_id)
    group by all
),
graduation as (
    select g.academic_year, g.college_id,
           cast(sum(g.graduates) as bigint) as graduates,
           cast(sum(g.employed) as bigint) as employed,
           cast(sum(g.graduates) filter (where g.employed is not null) as bigint) as graduates_with_employment,
           bool_or(g.is_demo) as is_demo,
           string_agg(distinct g.source_id, ', ' order by g.source_id) as sources
    from fct_graduation g
    join colleges using (college_id)
    group by all
),
-- the assessment's score is the college's own row; its counts are the sum of the college's specialty rows where it
-- has any, else its own row (the rule of region_year_totals and python -m tvet.figures: one figure, one rule)
assessment_rows as (
    select s.*, bool_or(s.specialty_code is not null) over (partition by s.academic_year, s.college_id)
               as has_specialties
    from fct_assessment s
    join colleges using (college_id)
),
assessment as (
    select academic_year, college_id,
           max(score) filter (where specialty_code is null) as score,
           sum(dual_training_students) filter (where (specialty_code is not null) = has_specialties)
               as dual_training_students,
           sum(employer_request_students) filter (where (specialty_code is not null) = has_specialties)
               as employer_request_students,
           bool_or(is_demo) as is_demo,
           string_agg(distinct source_id, ', ' order by source_id) as sources
    from assessment_rows
    group by all
),
final as (
    select 'students' as measure, academic_year, college_id, cast(students as double) as value, is_demo, sources
    from enrollment
    union all
    select 'on_leave', academic_year, college_id, cast(on_leave as double), is_demo, sources from enrollment
    union all
    select 'attending', academic_year, college_id, cast(attending as double), is_demo, sources from enrollment
    union all
    select 'seats', academic_year, college_id, cast(seats as double), is_demo, sources from capacity
    union all
    select 'design_capacity', academic_year, college_id, cast(design_capacity as double), is_demo, sources
    from capacity
    union all
    select 'contingent_stated', academic_year, college_id, cast(contingent_stated as double), is_demo, sources
    from capacity
    union all
    select 'planned', academic_year, college_id, cast(planned as double), is_demo, sources from admission
    union all
    select 'admitted', academic_year, college_id, cast(admitted as double), is_demo, sources from admission
    union all
    select 'graduates', academic_year, college_id, cast(graduates as double), is_demo, sources from graduation
    union all
    select 'employed', academic_year, college_id, cast(employed as double), is_demo, sources from graduation
    union all
    select 'graduates_with_employment', academic_year, college_id, cast(graduates_with_employment as double),
           is_demo, sources
    from graduation
    union all
    select 'score', academic_year, college_id, cast(score as double), is_demo, sources from assessment
    union all
    select 'dual_training_students', academic_year, college_id, cast(dual_training_students as double), is_demo,
           sources
    from assessment
    union all
    select 'employer_request_students', academic_year, college_id, cast(employer_request_students as double),
           is_demo, sources
    from assessment
)
select * from final
order by measure, academic_year, college_id
