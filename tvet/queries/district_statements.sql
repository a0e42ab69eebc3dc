-- one row per published figure of one district of the region (published_figure rows with a district_code), with the district's names, the source's words (quote), and the source's title and link in language $lang (the original where none)
-- optional: $lang
select f.district_code, d.name_kk as district_kk, d.name_ru as district_ru, d.name_en as district_en,
       f.academic_year, f.indicator, f.value, f.qualifier, coalesce(f.quote, f.note) as note,
       s.source_id,
       coalesce(case $lang when 'kk' then s.title_kk when 'ru' then s.title_ru when 'en' then s.title_en end,
                s.title) as source_title,
       coalesce(case $lang when 'kk' then s.publisher_kk when 'ru' then s.publisher_ru when 'en' then s.publisher_en end,
                s.publisher) as source_publisher,
       s.url as source_url
from published_figure f
join dim_district d using (district_code)
join source s using (source_id)
where f.region_code = $region and f.district_code is not null
order by f.district_code, f.academic_year, f.indicator
