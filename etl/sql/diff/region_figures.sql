-- one row per region, academic year and indicator: the headline figures a load can move (run with USE <database>)
select c.region_code, e.academic_year, 'students' as indicator, sum(e.students)::bigint as value
from fct_enrollment e join dim_college c using (college_id)
group by all
union all
select c.region_code, a.academic_year, 'admission_plan', sum(a.planned)::bigint
from fct_admission a join dim_college c using (college_id)
group by all
union all
select c.region_code, a.academic_year, 'admitted', sum(a.admitted)::bigint
from fct_admission a join dim_college c using (college_id)
group by all
union all
select c.region_code, g.academic_year, 'graduates', sum(g.graduates)::bigint
from fct_graduation g join dim_college c using (college_id)
group by all
union all
select region_code, academic_year, 'state_order_places', sum(places)::bigint
from fct_state_order
group by all
union all
select c.region_code, k.academic_year, 'design_capacity', sum(k.design_capacity)::bigint
from fct_capacity k join dim_college c using (college_id)
group by all
union all
select region_code, academic_year, 'published:' || indicator, sum(value)
from published_figure
group by all
