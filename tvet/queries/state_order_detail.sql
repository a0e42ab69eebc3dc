-- one row per academic year, college (null: an order placed at region level), specialty, language, entry base and budget: state-order places and their cost
with orders as (
    select o.academic_year, o.college_id, o.specialty_code, o.language, o.entry_base, o.budget,
           cast(sum(o.places) as bigint) as places,
           cast(sum(o.places * o.cost_per_student_kzt) as bigint) as cost_kzt,
           cast(coalesce(sum(o.places) filter (where o.cost_per_student_kzt is not null), 0) as bigint)
               as costed_places,
           bool_or(o.is_demo) as is_demo
    from fct_state_order o
    where o.region_code = $region
    group by all
),
final as (
    select o.academic_year, o.college_id, o.specialty_code, o.language, o.entry_base, o.budget,
           o.places, o.cost_kzt, o.costed_places, o.is_demo,
           s.isced_broad, s.isced_narrow, coalesce(s.is_technical, false) as is_technical,
           s.name_kk as specialty_name_kk, s.name_ru as specialty_name_ru, s.name_en as specialty_name_en,
           c.name_kk as college_name_kk, c.name_ru as college_name_ru, c.name_en as college_name_en
    from orders o
    join dim_specialty s using (specialty_code)
    left join dim_college c using (college_id)
)
select * from final
order by academic_year, college_id nulls last, specialty_code, language, entry_base, budget
