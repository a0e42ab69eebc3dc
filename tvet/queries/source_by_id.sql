-- one row per source (at most one: the source with $source_id): its title, publisher and link
select source_id, title, publisher, url, published_on, kind
from source
where source_id = $source_id
