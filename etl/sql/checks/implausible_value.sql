-- rule: implausible_value; severity: error
-- One row is one college's figure (or a region's state order for one specialty): more than 20,000 people, or more
-- than 100 million tenge a student-year, is a total, a unit mix-up or extra digits, never a real figure. (The
-- largest figures of the national demo are about 7,000 for a college's design capacity and 1 million tenge.)
-- Read from the raw cells with staging's own cast (etl/staging.py CLEAN), so the value is shown as the file
-- wrote it; a value beyond the cast is the cell rule too_large, not this one.
select _file, _row, 'students' as col, students as value from raw_fct_enrollment
where try_cast(to_num(students) as integer) > 20000
union all
select _file, _row, 'planned' as col, planned as value from raw_fct_admission
where try_cast(to_num(planned) as integer) > 20000
union all
select _file, _row, 'admitted' as col, admitted as value from raw_fct_admission
where try_cast(to_num(admitted) as integer) > 20000
union all
select _file, _row, 'applicants' as col, applicants as value from raw_fct_admission
where try_cast(to_num(applicants) as integer) > 20000
union all
select _file, _row, 'graduates' as col, graduates as value from raw_fct_graduation
where try_cast(to_num(graduates) as integer) > 20000
union all
select _file, _row, 'employed' as col, employed as value from raw_fct_graduation
where try_cast(to_num(employed) as integer) > 20000
union all
select _file, _row, 'continued_study' as col, continued_study as value from raw_fct_graduation
where try_cast(to_num(continued_study) as integer) > 20000
union all
select _file, _row, 'places' as col, places as value from raw_fct_state_order
where try_cast(to_num(places) as integer) > 20000
union all
select _file, _row, 'cost_per_student_kzt' as col, cost_per_student_kzt as value from raw_fct_state_order
where try_cast(to_num(cost_per_student_kzt) as bigint) > 100000000
union all
select _file, _row, 'design_capacity' as col, design_capacity as value from raw_fct_capacity
where try_cast(to_num(design_capacity) as integer) > 20000
union all
select _file, _row, 'dormitory_places' as col, dormitory_places as value from raw_fct_capacity
where try_cast(to_num(dormitory_places) as integer) > 20000
