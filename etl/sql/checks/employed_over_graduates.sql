-- rule: more_than_graduates; severity: error
-- Employed graduates, and graduates who continued their studies, are each a part of all graduates.
select _file, _row, 'employed' as col, cast(employed as varchar) as value
from stg_fct_graduation where employed > graduates
union all
select _file, _row, 'continued_study', cast(continued_study as varchar)
from stg_fct_graduation where continued_study > graduates
