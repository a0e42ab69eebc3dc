-- one row per demo source that rows in the warehouse come from
select source_id, title, note from source where kind = 'demo' order by source_id
