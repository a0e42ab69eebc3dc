"""Real rows replace the demo rows of exactly their scope (table × region × academic year), and etl_scope
records which scopes are real and which are demo. Built by the real ETL from the small fixture plus one file."""

import shutil

import pytest

from conftest import REFERENCE, SMALL, build_or_fail, read

# Real enrolment for KZ-33 in 2024 at one college: 2024's seven demo rows (254 students) must give way; the
# 2023 rows (real already) and every other table's 2024 demo rows stay.
REAL_2024 = ("academic_year,college_id,specialty_code,course,funding,language,study_form,entry_base,students,source_id\n"
             "2024,KZ33-T03,01140100,1,state,kk,full_time,9,33,steward_upload\n"
             "2024,KZ33-T03,01140100,2,state,kk,full_time,9,27,steward_upload\n")
SOURCE = ("source_id,title,publisher,url,published_on,kind,licence,note\n"
          "steward_upload,College T03 enrolment 2024,Test steward,,,upload,,\n")


@pytest.fixture(scope="module")
def replaced(tmp_path_factory):
    root = tmp_path_factory.mktemp("scope")
    extra = root / "extra"
    extra.mkdir()
    (extra / "fct_enrollment__t03.csv").write_text(REAL_2024, encoding="utf-8")
    (extra / "source__steward.csv").write_text(SOURCE, encoding="utf-8")
    build_or_fail([REFERENCE, SMALL, extra], root / "w.duckdb")
    return root / "w.duckdb"


def test_demo_rows_of_the_loaded_scope_give_way(replaced, small_warehouse):
    def by_year(w):
        return dict(read(w, "select academic_year, sum(students)::bigint from fct_enrollment group by 1"))

    assert by_year(small_warehouse) == {2023: 145, 2024: 254}
    assert by_year(replaced) == {2023: 145, 2024: 33 + 27}
    assert read(replaced, "select count(*) from fct_enrollment where academic_year = 2024 and is_demo") == [(0,)]


def test_other_tables_and_years_keep_their_rows(replaced, small_warehouse):
    for table in ("fct_admission", "fct_state_order", "fct_capacity", "fct_specialty_change", "fct_partnership",
                  "fct_graduation", "dim_college"):
        sql = f"select count(*), count(*) filter (where is_demo) from {table}"
        assert read(replaced, sql) == read(small_warehouse, sql), table


def test_etl_scope_says_which_scopes_are_real(replaced, small_warehouse):
    sql = ("select academic_year, status, real_rows, demo_rows_in_sources, demo_rows_replaced from etl_scope "
           "where table_name = 'fct_enrollment' and region_code = 'KZ-33' order by 1")
    assert read(small_warehouse, sql) == [(2023, "real", 4, 0, 0), (2024, "demo", 0, 7, 0)]
    assert read(replaced, sql) == [(2023, "real", 4, 0, 0), (2024, "real", 2, 7, 7)]
    # Every fact table of the fixture has its scopes listed.
    tables = {t for (t,) in read(small_warehouse, "select distinct table_name from etl_scope")}
    assert tables == {"fct_enrollment", "fct_admission", "fct_graduation", "fct_state_order", "fct_capacity",
                      "fct_specialty_change", "fct_partnership"}


def test_a_scope_in_another_region_is_untouched(tmp_path):
    """Real rows for KZ-33 leave alone the demo rows of another region in the same year (a made-up college of
    Almaty Region added to the fixture)."""
    src = tmp_path / "src"
    shutil.copytree(SMALL, src)
    with open(src / "dim_college.csv", "a", encoding="utf-8") as f:
        f.write("KZ19-T09,KZ-19,,Тест 9,Тестовый 9,Test 9,state,,,,fixture_demo\n")
    with open(src / "fct_enrollment.csv", "a", encoding="utf-8") as f:
        f.write("2024,KZ19-T09,06130100,1,state,kk,full_time,9,11,fixture_demo\n")
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "fct_enrollment__t03.csv").write_text(REAL_2024, encoding="utf-8")
    (extra / "source__steward.csv").write_text(SOURCE, encoding="utf-8")
    w = tmp_path / "w.duckdb"
    build_or_fail([REFERENCE, src, extra], w)
    got = read(w, "select c.region_code, sum(e.students)::bigint, bool_and(e.is_demo) from fct_enrollment e "
                  "join dim_college c using (college_id) where e.academic_year = 2024 group by 1 order by 1")
    assert got == [("KZ-19", 11, True), ("KZ-33", 60, False)]
