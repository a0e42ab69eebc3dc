-- one row per enterprise sector (null = not stated) with agreements of a region's colleges in one academic year (optionally one kind)
with final as (
    select p.sector,
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
