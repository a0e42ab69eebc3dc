-- one row per region (not the whole country) and published figure of the given indicator, with names, the source in the page's language and the region's latest published population
-- optional: $lang
with population as (
    select region_code, academic_year as population_year, value as population, source_id as population_source_id
    from published_figure
    where indicator = 'population' and district_code is null
    qualify row_number() over (partition by region_code order by academic_year desc, source_id) = 1
),
final as (
    select f.region_code, r.name_kk, r.name_ru, r.name_en, f.academic_year, f.value, f.qualifier, f.unit,
           coalesce(case $lang when 'kk' then f.note_kk when 'ru' then f.note_ru when 'en' then f.note_en end,
                    f.note) as note,
           s.source_id,
           coalesce(case $lang when 'kk' then s.title_kk when 'ru' then s.title_ru when 'en' then s.title_en end,
                    s.title) as source_title,
           coalesce(case $lang when 'kk' then s.publisher_kk when 'ru' then s.publisher_ru
                               when 'en' then s.publisher_en end, s.publisher) as source_publisher,
           s.url as source_url, p.population, p.population_year, p.population_source_id
    from published_figure f
    join dim_region r using (region_code)
    join source s using (source_id)
    left join population p using (region_code)
    where f.indicator = $indicator and r.kind <> 'country' and f.district_code is null
)
select * from final
order by value desc, region_code, academic_year desc, source_id
