-- one row per academic year, region, college (null: placed at region level), specialty and entry base: state-order places and the places-weighted cost per student
select o.academic_year, o.region_code, o.college_id, o.specialty_code, o.entry_base,
       cast(sum(o.places) as bigint) as places,
       sum(o.places * o.cost_per_student_kzt) / nullif(sum(o.places) filter (where o.cost_per_student_kzt is not null), 0)
           as cost_per_student_kzt,
       bool_or(o.is_demo) as is_demo
from fct_state_order o
where ($region is null or o.region_code = $region)
group by all
