-- one row per published figure of every region and of the whole country, with the region's names and the source in the page's language
-- optional: $lang
with final as (
    select f.region_code, r.name_kk, r.name_ru, r.name_en, f.academic_year, f.indicator, f.value, f.qualifier,
           f.unit,
           coalesce(case $lang when 'kk' then f.note_kk when 'ru' then f.note_ru when 'en' then f.note_en end,
                    f.note) as note,
           f.quote, s.source_id,
           coalesce(case $lang when 'kk' then s.title_kk when 'ru' then s.title_ru when 'en' then s.title_en end,
                    s.title) as source_title,
           coalesce(case $lang when 'kk' then s.publisher_kk when 'ru' then s.publisher_ru
                               when 'en' then s.publisher_en end, s.publisher) as source_publisher,
           s.kind as source_kind
    from published_figure f
    join source s using (source_id)
    left join dim_region r using (region_code)
)
select * from final
order by case when region_code = 'KZ' then 0 else 1 end, region_code, academic_year, indicator, source_id
