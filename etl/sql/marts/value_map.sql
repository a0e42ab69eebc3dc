-- one row per spelling of an enumerated value and the contract value it means, from the value maps that were loaded (the shipped one and stewards'); which file wrote it is kept in _file
create table value_map as
select column_name, written, maps_to, note, _file as map_file from stg_value_map order by column_name, written, _file
