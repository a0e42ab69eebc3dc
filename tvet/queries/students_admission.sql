-- one row per academic year and funding: admission plan, admitted, and applicants where reported (with the plan and row counts of the rows that report them)
with admission as (
    select a.academic_year, a.funding, a.planned, a.admitted, a.applicants, a.is_demo
    from fct_admission a
    join dim_college c using (college_id)
    where c.region_code = $region
      and ($district is null or c.district_code = $district)
      and ($college is null or a.college_id = $college)
),
final as (
    select academic_year, funding,
           cast(sum(planned) as bigint) as planned,
           cast(sum(admitted) as bigint) as admitted,
           cast(sum(applicants) as bigint) as applicants,
           cast(sum(planned) filter (where applicants is not null) as bigint) as planned_with_applicants,
           count(*) as row_count,
           count(applicants) as rows_with_applicants,
           bool_or(is_demo) as is_demo
    from admission
    group by all
)
select * from final
order by academic_year, funding
