-- one row per region or the whole country other than $region: its latest published figure of $indicator for an academic year up to $year (a percent as a share 0..1), with its names and source (the comparators set beside a region's own figure), the publisher in language $lang
with figures as (
    select f.region_code, f.academic_year,
           case when f.unit = 'percent' then f.value / 100 else f.value end as value, f.qualifier, f.source_id,
           row_number() over (partition by f.region_code order by f.academic_year desc) as latest
    from published_figure f
    where f.indicator = $indicator and f.academic_year <= $year and f.region_code <> $region
      and f.district_code is null
      and f.district_code is null
),
final as (
    select f.region_code, r.kind, r.name_kk, r.name_ru, r.name_en, f.academic_year, f.value, f.qualifier,
           s.source_id,
           coalesce(case $lang when 'kk' then s.publisher_kk when 'ru' then s.publisher_ru
                               when 'en' then s.publisher_en end, s.publisher) as source_publisher
    from figures f
    join dim_region r using (region_code)
    join source s using (source_id)
    where f.latest = 1
)
select * from final
order by kind = 'country' desc, value desc, region_code
