-- one row per academic year and kind of agreement of a region's colleges (optionally one kind)
with final as (
    select p.academic_year, p.kind,
           count(*) as agreements,
           count(distinct p.enterprise) as enterprises,
           count(distinct p.college_id) as colleges,
           bool_or(p.is_demo) as is_demo
    from fct_partnership p
    join dim_college c using (college_id)
    where c.region_code = $region
      and ($kind is null or p.kind = $kind)
    group by all
)
select * from final order by academic_year, kind
