-- one row per published figure of a region (region, year, indicator, source), with the source's title and link in the page's language
-- optional: $lang
select f.region_code, f.academic_year, f.indicator, f.value, f.qualifier, f.unit,
       coalesce(case $lang when 'kk' then f.note_kk when 'ru' then f.note_ru when 'en' then f.note_en end, f.note) as note,
       f.quote,
       s.source_id,
       coalesce(case $lang when 'kk' then s.title_kk when 'ru' then s.title_ru when 'en' then s.title_en end,
                s.title) as source_title,
       coalesce(case $lang when 'kk' then s.publisher_kk when 'ru' then s.publisher_ru when 'en' then s.publisher_en end,
                s.publisher) as source_publisher,
       s.url as source_url, s.published_on as source_published_on, s.kind as source_kind
from published_figure f
join source s using (source_id)
where f.region_code = $region
order by f.academic_year, f.indicator, f.source_id
