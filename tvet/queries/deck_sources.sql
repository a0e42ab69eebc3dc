-- one row per source, every column (titles and publishers in the deck's language where the warehouse has them)
select * from source order by source_id
