-- one row per region (not the whole country) and published figure of the given indicator, with names and source
select f.region_code, r.name_kk, r.name_ru, r.name_en, f.academic_year, f.value, f.qualifier,
       s.source_id, s.title as source_title, s.publisher as source_publisher
from published_figure f
join dim_region r using (region_code)
join source s using (source_id)
where f.indicator = $indicator and r.kind <> 'country'
order by f.value desc
