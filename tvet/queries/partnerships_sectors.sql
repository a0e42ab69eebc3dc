-- one row per enterprise sector (null = not stated) with agreements of a region's colleges in one academic year (optionally one kind)
with final as (
    select p.sector,
           -- the sector in each page language, as the rows give it (the first non-empty of the group)
           min(p.sector_kk) as sector_kk, min(p.sector_ru) as sector_ru, min(p.sector_en) as sector_en,
           count(*) as agreements,
           count(distinct p.enterprise) as enterprises,
           string_agg(distinct p.enterprise, '; ' order by p.enterprise) as enterprise_list,
           bool_or(p.is_demo) as is_demo
    from fct_partnership p
    join dim_college c using (college_id)
    where c.region_code = $region
      and p.academic_year = $year
      and ($kind is null or p.kind = $kind)
    group by all
)
select * from final order by agreements desc, sector nulls last
