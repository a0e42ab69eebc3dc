-- one row per published figure of every region and of the whole country, with the region's names and the source
with final as (
    select f.region_code, r.name_kk, r.name_ru, r.name_en, f.academic_year, f.indicator, f.value, f.qualifier,
           f.unit, f.note, s.source_id, s.title as source_title, s.publisher as source_publisher,
           s.kind as source_kind
    from published_figure f
    join source s using (source_id)
    left join dim_region r using (region_code)
)
select * from final
order by case when region_code = 'KZ' then 0 else 1 end, region_code, academic_year, indicator, source_id
