-- one row per academic year, college, specialty and change (opened / closed / planned) in the region
with changes as (
    select ch.academic_year, ch.college_id, ch.specialty_code, ch.change, ch.is_demo, c.district_code,
           c.name_kk as college_name_kk, c.name_ru as college_name_ru, c.name_en as college_name_en
    from fct_specialty_change ch
    join dim_college c using (college_id)
    where c.region_code = $region
      and ($district is null or c.district_code = $district)
),
final as (
    select ch.academic_year, ch.change, ch.specialty_code,
           s.name_kk as specialty_name_kk, s.name_ru as specialty_name_ru, s.name_en as specialty_name_en,
           s.isced_broad, coalesce(s.is_technical, false) as is_technical,
           f.name_kk as field_name_kk, f.name_ru as field_name_ru, f.name_en as field_name_en,
           ch.college_id, ch.college_name_kk, ch.college_name_ru, ch.college_name_en,
           ch.district_code,
           d.name_kk as district_name_kk, d.name_ru as district_name_ru, d.name_en as district_name_en,
           ch.is_demo
    from changes ch
    join dim_specialty s using (specialty_code)
    left join dim_isced_field f on f.code = s.isced_broad
    left join dim_district d on d.district_code = ch.district_code
)
select * from final
order by academic_year desc, change, specialty_code, college_id
