-- one row per academic year: the region's (or, with $college, one college's) headline totals computed from the facts (with $district, its colleges'); per fact table, whether its rows that year are real, demo or mixed (<table>_status), how many colleges have real and demo rows (<table>_real_colleges, <table>_demo_colleges) and its sources (<table>_sources); is_demo: any demo row used
-- optional: $college, $district
with colleges as (
    select college_id from dim_college
    where region_code = $region and ($college is null or college_id = $college)
      and ($district is null or district_code = $district)
),
enrollment as (
    select e.academic_year,
           count(distinct e.college_id) filter (where e.students > 0) as colleges,
           cast(sum(e.students) as bigint) as students,
           cast(sum(e.students) filter (where e.funding = 'state') as bigint) as state_students,
           bool_or(e.is_demo) as is_demo,
           case when bool_and(e.is_demo) then 'demo' when bool_or(e.is_demo) then 'mixed' else 'real' end as enrollment_status,
           count(distinct e.college_id) filter (where not e.is_demo) as enrollment_real_colleges,
           count(distinct e.college_id) filter (where e.is_demo) as enrollment_demo_colleges,
           list(distinct e.source_id order by e.source_id) as enrollment_sources
    from fct_enrollment e
    join colleges using (college_id)
    group by all
),
state_order as (
    -- rows placed at region level (no college) belong to the region, not to any one college or district
    select o.academic_year,
           cast(sum(o.places) as bigint) as state_order_places,
           cast(coalesce(sum(o.places) filter (where s.is_technical), 0) as bigint) as technical_places,
           cast(sum(o.places * o.cost_per_student_kzt) as bigint) as state_order_cost_kzt,
           bool_or(o.is_demo) as is_demo,
           case when bool_and(o.is_demo) then 'demo' when bool_or(o.is_demo) then 'mixed' else 'real' end as state_order_status,
           count(distinct o.college_id) filter (where not o.is_demo) as state_order_real_colleges,
           count(distinct o.college_id) filter (where o.is_demo) as state_order_demo_colleges,
           list(distinct o.source_id order by o.source_id) as state_order_sources
    from fct_state_order o
    join dim_specialty s using (specialty_code)
    left join colleges k on k.college_id = o.college_id
    where o.region_code = $region and (($college is null and $district is null) or k.college_id is not null)
    group by all
),
admission as (
    select a.academic_year,
           cast(sum(a.planned) as bigint) as admission_planned,
           cast(sum(a.admitted) as bigint) as admitted,
           cast(sum(a.applicants) as bigint) as applicants,
           bool_or(a.is_demo) as is_demo,
           case when bool_and(a.is_demo) then 'demo' when bool_or(a.is_demo) then 'mixed' else 'real' end as admission_status,
           count(distinct a.college_id) filter (where not a.is_demo) as admission_real_colleges,
           count(distinct a.college_id) filter (where a.is_demo) as admission_demo_colleges,
           list(distinct a.source_id order by a.source_id) as admission_sources
    from fct_admission a
    join colleges using (college_id)
    group by all
),
changes as (
    select ch.academic_year,
           count(distinct ch.specialty_code) filter (where ch.change = 'opened') as specialties_opened,
           count(distinct ch.specialty_code) filter (where ch.change = 'planned') as specialties_planned,
           count(distinct ch.specialty_code) filter (where ch.change = 'closed') as specialties_closed,
           bool_or(ch.is_demo) as is_demo,
           case when bool_and(ch.is_demo) then 'demo' when bool_or(ch.is_demo) then 'mixed' else 'real' end as changes_status,
           count(distinct ch.college_id) filter (where not ch.is_demo) as changes_real_colleges,
           count(distinct ch.college_id) filter (where ch.is_demo) as changes_demo_colleges,
           list(distinct ch.source_id order by ch.source_id) as changes_sources
    from fct_specialty_change ch
    join colleges using (college_id)
    group by all
),
partnership as (
    select p.academic_year,
           count(*) filter (where p.kind = 'memorandum') as memoranda,
           count(*) filter (where p.kind = 'hiring_decision') as hiring_decisions,
           bool_or(p.is_demo) as is_demo,
           case when bool_and(p.is_demo) then 'demo' when bool_or(p.is_demo) then 'mixed' else 'real' end as partnership_status,
           count(distinct p.college_id) filter (where not p.is_demo) as partnership_real_colleges,
           count(distinct p.college_id) filter (where p.is_demo) as partnership_demo_colleges,
           list(distinct p.source_id order by p.source_id) as partnership_sources
    from fct_partnership p
    join colleges using (college_id)
    group by all
),
graduation as (
    select g.academic_year,
           cast(sum(g.graduates) as bigint) as graduates,
           cast(sum(g.employed) as bigint) as employed,
           -- graduates whose employment was reported: the base of the employment rate
           cast(sum(g.graduates) filter (where g.employed is not null) as bigint) as graduates_reported,
           bool_or(g.is_demo) as is_demo,
           case when bool_and(g.is_demo) then 'demo' when bool_or(g.is_demo) then 'mixed' else 'real' end as graduation_status,
           count(distinct g.college_id) filter (where not g.is_demo) as graduation_real_colleges,
           count(distinct g.college_id) filter (where g.is_demo) as graduation_demo_colleges,
           list(distinct g.source_id order by g.source_id) as graduation_sources
    from fct_graduation g
    join colleges using (college_id)
    group by all
),
capacity as (
    select k.academic_year,
           cast(sum(k.design_capacity) as bigint) as design_capacity,
           bool_or(k.is_demo) as is_demo,
           case when bool_and(k.is_demo) then 'demo' when bool_or(k.is_demo) then 'mixed' else 'real' end as capacity_status,
           count(distinct k.college_id) filter (where not k.is_demo) as capacity_real_colleges,
           count(distinct k.college_id) filter (where k.is_demo) as capacity_demo_colleges,
           list(distinct k.source_id order by k.source_id) as capacity_sources
    from fct_capacity k
    join colleges using (college_id)
    group by all
),
-- The assessment's counts of a college: the sum of its specialty rows where it has any, else its own row
-- (specialty empty), so a college is never counted twice.
assessment_rows as (
    select x.*, bool_or(x.specialty_code is not null) over (partition by x.academic_year, x.college_id) as has_specialties
    from fct_assessment x
    join colleges using (college_id)
),
assessment as (
    select academic_year,
           cast(sum(dual_training_students) as bigint) as dual_training_students,
           cast(sum(employer_request_students) as bigint) as employer_request_students,
           bool_or(is_demo) as is_demo,
           case when bool_and(is_demo) then 'demo' when bool_or(is_demo) then 'mixed' else 'real' end as assessment_status,
           count(distinct college_id) filter (where not is_demo) as assessment_real_colleges,
           count(distinct college_id) filter (where is_demo) as assessment_demo_colleges,
           list(distinct source_id order by source_id) as assessment_sources
    from assessment_rows
    where (specialty_code is not null) = has_specialties
    group by all
),
years as (
    select academic_year from enrollment union select academic_year from state_order
    union select academic_year from admission union select academic_year from changes
    union select academic_year from partnership union select academic_year from graduation
    union select academic_year from capacity union select academic_year from assessment
),
final as (
    select y.academic_year,
           e.colleges, e.students, e.state_students,
           o.state_order_places, o.technical_places, o.state_order_cost_kzt,
           a.admission_planned, a.admitted, a.applicants,
           ch.specialties_opened,
           ch.specialties_planned,
           ch.specialties_closed,
           p.memoranda,
           p.hiring_decisions,
           g.graduates, g.employed, g.graduates_reported,
           k.design_capacity, x.dual_training_students, x.employer_request_students,
           coalesce(e.is_demo, false) or coalesce(o.is_demo, false) or coalesce(a.is_demo, false)
               or coalesce(ch.is_demo, false) or coalesce(p.is_demo, false) or coalesce(g.is_demo, false) as is_demo,
           e.enrollment_status, e.enrollment_real_colleges, e.enrollment_demo_colleges, e.enrollment_sources,
           o.state_order_status, o.state_order_real_colleges, o.state_order_demo_colleges, o.state_order_sources,
           a.admission_status, a.admission_real_colleges, a.admission_demo_colleges, a.admission_sources,
           ch.changes_status, ch.changes_real_colleges, ch.changes_demo_colleges, ch.changes_sources,
           p.partnership_status, p.partnership_real_colleges, p.partnership_demo_colleges, p.partnership_sources,
           g.graduation_status, g.graduation_real_colleges, g.graduation_demo_colleges, g.graduation_sources,
           k.capacity_status, k.capacity_real_colleges, k.capacity_demo_colleges, k.capacity_sources,
           x.assessment_status, x.assessment_real_colleges, x.assessment_demo_colleges, x.assessment_sources
    from years y
    left join enrollment e using (academic_year)
    left join state_order o using (academic_year)
    left join admission a using (academic_year)
    left join changes ch using (academic_year)
    left join partnership p using (academic_year)
    left join graduation g using (academic_year)
    left join capacity k using (academic_year)
    left join assessment x using (academic_year)
)
select * from final order by academic_year
