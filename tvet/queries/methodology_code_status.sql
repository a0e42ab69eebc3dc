-- one row per code status of the specialty list (official / observed / unverified): how many specialties have it
with final as (
    select coalesce(code_status, 'unverified') as code_status, count(*) as specialties
    from dim_specialty
    group by all
)
select * from final
order by case code_status when 'official' then 1 when 'observed' then 2 else 3 end
