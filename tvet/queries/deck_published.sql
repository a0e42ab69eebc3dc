-- one row per published figure (region or country, year, indicator, source), with its region's kind and names; demo sources never
select f.region_code, r.kind as region_kind, r.name_kk, r.name_ru, r.name_en,
       f.academic_year, f.indicator, f.value, f.qualifier, f.unit, f.source_id
from published_figure f
join dim_region r using (region_code)
join source s using (source_id)
where s.kind <> 'demo' and f.district_code is null
order by f.region_code, f.academic_year, f.indicator, f.source_id
