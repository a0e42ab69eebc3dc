-- rule: course_out_of_range; severity: error
-- Courses run from 1 to 4 (programmes last 2-4 years).
select _file, _row, 'course' as col, cast(course as varchar) as value
from stg_fct_enrollment
where course not between 1 and 4
