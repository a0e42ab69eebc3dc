-- one row per academic year: the region's headline totals computed from the facts (is_demo: any demo row used)
with enrollment as (
    select e.academic_year,
           count(distinct e.college_id) filter (where e.students > 0) as colleges,
           cast(sum(e.students) as bigint) as students,
           cast(sum(e.students) filter (where e.funding = 'state') as bigint) as state_students,
           bool_or(e.is_demo) as is_demo
    from fct_enrollment e
    join dim_college c using (college_id)
    where c.region_code = $region
    group by all
),
state_order as (
    select o.academic_year,
           cast(sum(o.places) as bigint) as state_order_places,
           cast(sum(o.places) filter (where s.is_technical) as bigint) as technical_places,
           cast(sum(o.places * o.cost_per_student_kzt) as bigint) as state_order_cost_kzt,
           bool_or(o.is_demo) as is_demo
    from fct_state_order o
    join dim_specialty s using (specialty_code)
    where o.region_code = $region
    group by all
),
admission as (
    select a.academic_year,
           cast(sum(a.planned) as bigint) as admission_planned,
           cast(sum(a.admitted) as bigint) as admitted,
           bool_or(a.is_demo) as is_demo
    from fct_admission a
    join dim_college c using (college_id)
    where c.region_code = $region
    group by all
),
changes as (
    select ch.academic_year,
           count(distinct ch.specialty_code) filter (where ch.change = 'opened') as specialties_opened,
           count(distinct ch.specialty_code) filter (where ch.change = 'planned') as specialties_planned,
           count(distinct ch.specialty_code) filter (where ch.change = 'closed') as specialties_closed,
           bool_or(ch.is_demo) as is_demo
    from fct_specialty_change ch
    join dim_college c using (college_id)
    where c.region_code = $region
    group by all
),
partnership as (
    select p.academic_year,
           count(*) filter (where p.kind = 'memorandum') as memoranda,
           count(*) filter (where p.kind = 'golden_card_hire') as golden_card_hires,
           bool_or(p.is_demo) as is_demo
    from fct_partnership p
    join dim_college c using (college_id)
    where c.region_code = $region
    group by all
),
graduation as (
    select g.academic_year,
           cast(sum(g.graduates) as bigint) as graduates,
           cast(sum(g.employed) as bigint) as employed,
           -- graduates whose employment was reported: the base of the employment rate
           cast(sum(g.graduates) filter (where g.employed is not null) as bigint) as graduates_reported,
           bool_or(g.is_demo) as is_demo
    from fct_graduation g
    join dim_college c using (college_id)
    where c.region_code = $region
    group by all
),
years as (
    select academic_year from enrollment union select academic_year from state_order
    union select academic_year from admission union select academic_year from changes
    union select academic_year from partnership union select academic_year from graduation
),
final as (
    select y.academic_year,
           e.colleges, e.students, e.state_students,
           o.state_order_places, o.technical_places, o.state_order_cost_kzt,
           a.admission_planned, a.admitted,
           coalesce(ch.specialties_opened, 0) as specialties_opened,
           coalesce(ch.specialties_planned, 0) as specialties_planned,
           coalesce(ch.specialties_closed, 0) as specialties_closed,
           coalesce(p.memoranda, 0) as memoranda,
           coalesce(p.golden_card_hires, 0) as golden_card_hires,
           g.graduates, g.employed, g.graduates_reported,
           coalesce(e.is_demo, false) or coalesce(o.is_demo, false) or coalesce(a.is_demo, false)
               or coalesce(ch.is_demo, false) or coalesce(p.is_demo, false) or coalesce(g.is_demo, false) as is_demo
    from years y
    left join enrollment e using (academic_year)
    left join state_order o using (academic_year)
    left join admission a using (academic_year)
    left join changes ch using (academic_year)
    left join partnership p using (academic_year)
    left join graduation g using (academic_year)
)
select * from final order by academic_year
