-- one row per published figure of a region (region, year, indicator, source), with the source's title and link
select f.region_code, f.academic_year, f.indicator, f.value, f.qualifier, f.unit, f.note,
       s.source_id, s.title as source_title, s.publisher as source_publisher, s.url as source_url,
       s.published_on as source_published_on, s.kind as source_kind
from published_figure f
join source s using (source_id)
where f.region_code = $region
order by f.academic_year, f.indicator
