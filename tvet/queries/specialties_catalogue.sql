-- one row per specialty of the classifier (matching the search $q, if given): names, ISCED-F fields, code status, and in the region (or district) and year: colleges teaching it, students and state-order places
with enrolled as (
    select e.specialty_code, e.college_id,
           cast(sum(e.students) as bigint) as students,
           bool_or(e.is_demo) as is_demo
    from fct_enrollment e
    join dim_college c using (college_id)
    where c.region_code = $region
      and e.academic_year = $year
      and ($district is null or c.district_code = $district)
    group by all
),
ordered as (
    select o.specialty_code, o.college_id,
           cast(sum(o.places) as bigint) as places,
           bool_or(o.is_demo) as is_demo
    from fct_state_order o
    left join dim_college c using (college_id)
    where o.region_code = $region
      and o.academic_year = $year
      and ($district is null or c.district_code = $district)
    group by all
),
teaching as (
    select specialty_code, college_id from enrolled where students > 0
    union
    select specialty_code, college_id from ordered where places > 0 and college_id is not null
),
per_specialty as (
    select s.specialty_code,
           (select count(distinct t.college_id) from teaching t where t.specialty_code = s.specialty_code)
               as colleges,
           (select cast(sum(e.students) as bigint) from enrolled e where e.specialty_code = s.specialty_code)
               as students,
           (select cast(sum(o.places) as bigint) from ordered o where o.specialty_code = s.specialty_code)
               as places,
           coalesce((select bool_or(e.is_demo) from enrolled e where e.specialty_code = s.specialty_code), false)
               or coalesce((select bool_or(o.is_demo) from ordered o where o.specialty_code = s.specialty_code),
                           false) as is_demo
    from dim_specialty s
),
final as (
    select s.specialty_code, s.name_kk, s.name_ru, s.name_en,
           s.isced_detailed,
           fd.name_kk as detailed_name_kk, fd.name_ru as detailed_name_ru, fd.name_en as detailed_name_en,
           s.isced_broad,
           fb.name_kk as broad_name_kk, fb.name_ru as broad_name_ru, fb.name_en as broad_name_en,
           coalesce(s.is_technical, false) as is_technical, s.code_status,
           p.colleges, coalesce(p.students, 0) as students, coalesce(p.places, 0) as places, p.is_demo
    from dim_specialty s
    join per_specialty p using (specialty_code)
    left join dim_isced_field fd on fd.code = s.isced_detailed
    left join dim_isced_field fb on fb.code = s.isced_broad
    where $q is null
       or contains(lower(concat_ws(' ', s.specialty_code, s.name_kk, s.name_ru, s.name_en)), lower($q))
)
select * from final
order by students desc, places desc, specialty_code
