-- one row per college and academic year of a region: students (all courses, all funding, start of year), of them part-time (not in the classrooms every day) and attending (the others), design capacity, shifts (empty: 1), seats (design capacity × shifts), dormitory places, specialties taught
with colleges as (
    select c.college_id, c.district_code, c.name_kk, c.name_ru, c.name_en, c.ownership, c.lat, c.lon,
           c.is_demo
    from dim_college c
    where c.region_code = $region
      and ($district is null or c.district_code = $district)
),
enrollment as (
    select e.academic_year, e.college_id,
           cast(sum(e.students) as bigint) as students,
           cast(coalesce(sum(e.students) filter (where e.study_form = 'part_time'), 0) as bigint) as part_time,
           cast(count(distinct e.specialty_code) filter (where e.students > 0) as bigint) as specialties,
           bool_or(e.is_demo) as is_demo
    from fct_enrollment e
    join colleges using (college_id)
    group by all
),
capacity as (
    select k.academic_year, k.college_id, k.design_capacity, coalesce(k.shifts, 1) as shifts,
           k.design_capacity * coalesce(k.shifts, 1) as seats, k.dormitory_places, k.is_demo
    from fct_capacity k
    join colleges using (college_id)
),
college_years as (
    select coalesce(k.academic_year, e.academic_year) as academic_year,
           coalesce(k.college_id, e.college_id) as college_id,
           e.students, e.part_time, e.specialties, k.design_capacity, k.shifts, k.seats, k.dormitory_places,
           coalesce(k.is_demo, false) or coalesce(e.is_demo, false) as is_demo
    from capacity k
    full join enrollment e using (academic_year, college_id)
),
final as (
    select y.academic_year, c.college_id, c.name_kk, c.name_ru, c.name_en, c.ownership, c.lat, c.lon,
           c.district_code, d.name_kk as district_kk, d.name_ru as district_ru, d.name_en as district_en,
           coalesce(y.students, 0) as students, coalesce(y.part_time, 0) as part_time,
           coalesce(y.students, 0) - coalesce(y.part_time, 0) as attending, coalesce(y.specialties, 0) as specialties,
           y.design_capacity, y.shifts, y.seats, y.dormitory_places,
           y.is_demo or c.is_demo as is_demo
    from college_years y
    join colleges c using (college_id)
    left join dim_district d using (district_code)
)
select * from final
order by academic_year, college_id
