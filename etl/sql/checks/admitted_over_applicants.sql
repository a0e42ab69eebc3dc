-- rule: admitted_over_applicants; severity: warning
-- Where applicants are reported, a college cannot admit more people than applied.
select _file, _row, 'admitted' as col, cast(admitted as varchar) as value
from stg_fct_admission
where applicants is not null and admitted > applicants
