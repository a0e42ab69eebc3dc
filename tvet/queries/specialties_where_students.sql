-- one row per academic year, college and course of one specialty ($specialty) in the region (or district): students, of whom state-funded
select e.academic_year, e.college_id, e.course,
       c.name_kk as college_name_kk, c.name_ru as college_name_ru, c.name_en as college_name_en,
       c.district_code,
       d.name_kk as district_name_kk, d.name_ru as district_name_ru, d.name_en as district_name_en,
       cast(sum(e.students) as bigint) as students,
       cast(coalesce(sum(e.students) filter (where e.funding = 'state'), 0) as bigint) as state_students,
       bool_or(e.is_demo) as is_demo
from fct_enrollment e
join dim_college c using (college_id)
left join dim_district d on d.district_code = c.district_code
where c.region_code = $region
  and e.specialty_code = $specialty
  and ($district is null or c.district_code = $district)
group by all
order by e.academic_year, e.college_id, e.course
