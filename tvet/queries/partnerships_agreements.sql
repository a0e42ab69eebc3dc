-- one row per agreement between a region's college and an enterprise (optionally one academic year and one kind)
with final as (
    select p.agreement_id, p.academic_year, p.kind, p.enterprise, p.sector, p.sector_kk, p.sector_ru,
           p.sector_en, p.signed_on, p.college_id,
           c.name_kk, c.name_ru, c.name_en, p.note, p.source_id, p.is_demo
    from fct_partnership p
    join dim_college c using (college_id)
    where c.region_code = $region
      and ($year is null or p.academic_year = $year)
      and ($kind is null or p.kind = $kind)
)
select * from final order by academic_year, kind, enterprise, agreement_id
