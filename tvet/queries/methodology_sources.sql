-- one row per source, with how many warehouse rows (colleges, facts, published figures) cite it and in which tables; title and publisher in the page's language
-- optional: $lang
with cited as (
    select source_id, 'dim_college' as table_name, count(*) as n from dim_college group by all
    union all select source_id, 'fct_enrollment', count(*) from fct_enrollment group by all
    union all select source_id, 'fct_admission', count(*) from fct_admission group by all
    union all select source_id, 'fct_graduation', count(*) from fct_graduation group by all
    union all select source_id, 'fct_state_order', count(*) from fct_state_order group by all
    union all select source_id, 'fct_capacity', count(*) from fct_capacity group by all
    union all select source_id, 'fct_specialty_change', count(*) from fct_specialty_change group by all
    union all select source_id, 'fct_partnership', count(*) from fct_partnership group by all
    union all select source_id, 'published_figure', count(*) from published_figure group by all
),
per_source as (
    select source_id,
           cast(sum(n) as bigint) as warehouse_rows,
           string_agg(table_name, ', ' order by table_name) as tables
    from cited
    group by all
),
final as (
    select s.source_id,
           coalesce(case $lang when 'kk' then s.title_kk when 'ru' then s.title_ru when 'en' then s.title_en end,
                    s.title) as title,
           coalesce(case $lang when 'kk' then s.publisher_kk when 'ru' then s.publisher_ru
                               when 'en' then s.publisher_en end, s.publisher) as publisher,
           s.kind, s.published_on, s.url, s.licence, s.note,
           coalesce(p.warehouse_rows, 0) as warehouse_rows, p.tables
    from source s
    left join per_source p using (source_id)
)
select * from final
order by case kind when 'official' then 1 when 'press' then 2 when 'reference' then 3 when 'upload' then 4
                   when 'demo' then 5 else 6 end, source_id
