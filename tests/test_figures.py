"""The figures as a command (python -m tvet.figures) and mixed coverage: a real warehouse built by the real ETL
from data/reference + the small fixture + one college's register upload for 2024 (a source with coverage
college) + a small assessment file written from the fct_assessment template."""

import json
import subprocess
import sys

import pytest

from conftest import REFERENCE, ROOT, SMALL, build_or_fail, metrics, read, table_with, texts
from tvet.i18n import fmt_int, fmt_pct, t

# One college's 2024 enrolment, as a register export covering that college only: T01 and T02 keep their demo rows.
T03_2024 = ("academic_year,college_id,specialty_code,course,funding,language,study_form,entry_base,students,source_id\n"
            "2024,KZ33-T03,01140100,1,state,kk,full_time,9,33,t03_register\n"
            "2024,KZ33-T03,01140100,2,state,kk,full_time,9,27,t03_register\n")
T03_SOURCE = ("source_id,title,publisher,url,published_on,kind,coverage,licence,note\n"
              "t03_register,College T03 student register 2024,Test steward,,,upload,college,,\n")
# The assessment of 2024: T01 has its own row and two specialty rows (the specialty rows count), T02 only its own
# row (it counts). Dual training: 12 + 5 + 4 = 21; employers' requests: 7 + (none) + 3 = 10.
ASSESSMENT_HEAD = ("academic_year,college_id,specialty_code,score,teachers,dual_training_students,"
                   "employer_request_students,zhas_maman_students,zhas_maman_admitted,zhas_maman_graduates,"
                   "zhas_maman_employed,demo_exam_passed,source_id\n")
ASSESSMENT = (ASSESSMENT_HEAD
              + "2024,KZ33-T01,,81.5,40,99,99,,,,,,fixture_demo\n"
              + "2024,KZ33-T01,06130100,,,12,7,,,,,,fixture_demo\n"
              + "2024,KZ33-T01,06120200,,,5,,,,,,,fixture_demo\n"
              + "2024,KZ33-T02,,70,12,4,3,,,,,,fixture_demo\n")


def test_the_assessment_fixture_has_the_template_header():
    assert (ROOT / "data" / "templates" / "en" / "fct_assessment.csv").read_text(encoding="utf-8-sig") \
        .splitlines()[0] == ASSESSMENT_HEAD.strip()


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    root = tmp_path_factory.mktemp("mixed")
    extra = root / "extra"
    extra.mkdir()
    (extra / "fct_enrollment__t03.csv").write_text(T03_2024, encoding="utf-8")
    (extra / "source__t03.csv").write_text(T03_SOURCE, encoding="utf-8")
    (extra / "fct_assessment.csv").write_text(ASSESSMENT, encoding="utf-8")
    build_or_fail([REFERENCE, SMALL, extra], root / "w.duckdb")
    return root / "w.duckdb"


def figures_cli(*args: str):
    return subprocess.run([sys.executable, "-m", "tvet.figures", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def figures_json(warehouse, year: int, *extra: str) -> dict:
    run = figures_cli("--warehouse", str(warehouse), "--region", "KZ-33", "--year", str(year), "--json", *extra)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)["figures"]


def test_other_colleges_keep_their_demo_rows(mixed):
    got = read(mixed, "select college_id, sum(students)::bigint, bool_and(is_demo), bool_or(is_demo) "
                      "from fct_enrollment where academic_year = 2024 group by 1 order by 1")
    assert [(c, d) for c, _, d, _ in got] == [("KZ33-T01", True), ("KZ33-T02", True), ("KZ33-T03", False)]
    assert dict((c, n) for c, n, _, _ in got)["KZ33-T03"] == 60


def test_etl_scope_says_mixed_with_the_college_counts(mixed):
    assert read(mixed, "select status, colleges_real, colleges_demo from etl_scope where table_name = "
                       "'fct_enrollment' and region_code = 'KZ-33' and academic_year = 2024") == [("mixed", 1, 2)]


def test_the_command_gives_the_sql_sum_marked_mixed(mixed):
    got = figures_json(mixed, 2024)
    (total,) = read(mixed, "select sum(e.students)::bigint from fct_enrollment e join dim_college c using "
                           "(college_id) where c.region_code = 'KZ-33' and e.academic_year = 2024")[0]
    assert got["students"]["value"] == total == 251
    assert got["students"]["is_demo"] == "mixed"
    assert got["students"]["coverage"]["real_colleges"] == 1 and got["students"]["coverage"]["demo_colleges"] == 2
    assert set(got["students"]["sources"]) == {"fixture_demo", "t03_register"}
    assert got["state_order_places"] == {"value": 120, "is_demo": True, "sources": ["fixture_demo"], "year": 2024,
                                         "coverage": {"status": "demo", "real_colleges": 0, "demo_colleges": 2},
                                         "published": {"indicator": "state_order_places", "value": 4250.0,
                                                       "qualifier": "exact", "source_id": "zhetysu_forum_2025",
                                                       "verdict": "calibrated"}}
    # Demo rows were generated to meet the published figures: "calibrated", never "agrees"; mixed rows: "mixed".
    assert got["students"]["published"]["verdict"] == "mixed"
    # The assessment: specialty rows where a college has them, else its own row.
    assert got["dual_training_students"]["value"] == 21
    assert got["employer_request_students"]["value"] == 10
    assert got["design_capacity"]["value"] == 240


def test_missing_figures_are_null_never_zero(mixed):
    got = figures_json(mixed, 2024)
    for key in ("graduates", "employed", "employment_rate"):  # no graduation rows for 2024 in the fixture
        assert got[key] == {"value": None, "is_demo": False, "sources": [], "coverage": None, "year": 2024,
                            "published": None}, key
    assert got["applicants"]["value"] == 120  # one row states them; the others say nothing, and are not 0
    later = figures_json(mixed, 2030)
    assert all(f["value"] is None and f["is_demo"] is False for f in later.values())


def test_real_years_say_real(mixed):
    got = figures_json(mixed, 2023)
    assert got["students"]["value"] == 145 and got["students"]["is_demo"] is False
    assert got["graduates"]["value"] == 42 and got["graduates"]["is_demo"] is False
    assert got["employed"]["value"] == 20
    assert got["employment_rate"]["value"] == pytest.approx(20 / 30)


def test_one_college(mixed):
    got = figures_json(mixed, 2024, "--college", "kz33-t03")
    assert got["colleges"]["value"] is None
    assert got["students"]["value"] == 60 and got["students"]["is_demo"] is False
    assert got["students"]["sources"] == ["t03_register"]
    assert got["design_capacity"]["value"] == 80 and got["design_capacity"]["is_demo"] is True
    assert got["dual_training_students"]["value"] is None


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_bad_requests_get_a_message_not_a_traceback(mixed, tmp_path, lang):
    cases = [
        (("--warehouse", str(tmp_path / "none.duckdb"), "--region", "KZ-33"),
         t("figures.cli.no_warehouse", lang, path=tmp_path / "none.duckdb")),
        (("--warehouse", str(mixed), "--region", "KZ-99"), t("figures.cli.unknown_region", lang, region="KZ-99",
                                                             known="KZ-33")),
        (("--warehouse", str(mixed), "--region", "KZ-33", "--college", "NO-SUCH"),
         t("figures.cli.unknown_college", lang, college="NO-SUCH")),
    ]
    for args, message in cases:
        run = figures_cli(*args, "--year", "2024", "--lang", lang, "--json")
        assert run.returncode == 2
        assert run.stdout == ""
        assert message in run.stderr and "Traceback" not in run.stderr


def test_the_table_is_in_the_chosen_language(mixed):
    run = figures_cli("--warehouse", str(mixed), "--region", "KZ-33", "--year", "2024", "--lang", "kk")
    assert run.returncode == 0, run.stderr
    assert t("figures.name.dual_training_students", "kk") in run.stdout
    assert t("figures.coverage.mixed", "kk", real="1", total="3", demo="2") in run.stdout
    assert t("figures.no_data", "kk") in run.stdout


def test_every_card_on_the_home_page_is_the_command_s_figure(app, mixed):
    """One computation per figure: each card of the Overview shows the figure the command gives for the same
    warehouse, region and year (the plans of next year: the command's figures of that year)."""
    from tvet.indicators import CARDS

    this_year, next_year = figures_json(mixed, 2024), figures_json(mixed, 2025)
    at = app(mixed, lang="en", year="2024").run()
    assert not at.exception
    shown = metrics(at)
    for card, figure, offset, _ in CARDS:
        f = (next_year if offset else this_year)[figure]
        label = t(f"home.card.{card}", "en", year="2025/26" if offset else "2024/25")
        expected = fmt_pct(f["value"], "en") if figure in ("technical_share", "employment_rate") else \
            fmt_int(f["value"], "en")
        assert shown[label] == expected, card


def test_the_home_page_says_real_for_n_of_m_colleges(app, mixed, small_warehouse):
    line = t("figures.card_mixed", "en", coverage=t("figures.coverage.mixed", "en", real="1", total="3", demo="2"))
    at = app(mixed, lang="en", year="2024").run()
    assert line in texts(at)
    assert "real for 1 of 3 colleges, demo for 2" in texts(at)  # on the trend's source line too
    at = app(small_warehouse, lang="en", year="2024").run()  # no mixed year: no such line
    assert "real for" not in texts(at)


def test_the_methodology_page_lists_coverage_per_college(app, mixed):
    at = app(mixed, "pages/methodology.py", lang="en").run()
    assert not at.exception
    body = texts(at)
    assert "Coverage per college" in body
    assert "2024/25: real for 1 of 3 colleges, demo for 2" in body
    table = table_with(at, "Demo rows in the sources")
    rows = table[(table["Table"] == "fct_enrollment") & (table["Academic year"] == "2024/25")]
    assert dict(zip(rows["College"].str.extract(r"\((KZ33-T0\d)\)")[0], rows["Rows"])) == {
        "KZ33-T01": "demo", "KZ33-T02": "demo", "KZ33-T03": "real"}
    at.selectbox(key="url_coverage_table").set_value("fct_assessment").run()
    table = table_with(at, "Demo rows in the sources")
    assert set(table["Table"]) == {"fct_assessment"}


def test_exports_carry_the_coverage():
    from tvet.exports import ExportMeta, to_csv
    import pandas as pd

    meta = ExportMeta(title="Students", source="s", build_id="b", coverage="real for 1 of 3 colleges, demo for 2",
                      labels={"coverage": t("export.coverage", "ru")})
    text = to_csv(pd.DataFrame({"a": [1]}), meta).decode("utf-8-sig")
    assert "# Охват: real for 1 of 3 colleges, demo for 2" in text


def test_the_coverage_query_agrees_with_the_figures(mixed):
    """The build's etl_scope (coverage_region_year, used by the pages' source lines) and the figures' coverage
    from the rows say the same."""
    from tvet import warehouse
    from tvet.indicators import TABLES, figures

    with warehouse.connect(mixed) as con:
        scope = warehouse.query(con, "coverage_region_year", region="KZ-33", year=2024)
        found = figures(warehouse.query(con, "region_year_totals", region="KZ-33"), 2024)
    by_table = {r.table_name: (r.status, r.colleges_real, r.colleges_demo) for r in scope.itertuples()}
    from tvet.indicators import FIGURE_SPEC

    for key, f in found.items():
        if f.value is None or key in ("state_order_places", "technical_share"):
            continue  # the state order also holds rows placed at region level, without a college
        table = TABLES[FIGURE_SPEC[key][1]]
        assert by_table[table] == (f.coverage.status, f.coverage.real_colleges, f.coverage.demo_colleges), key


REQUIRED = {"colleges", "students", "state_order_places", "technical_share", "planned_admission", "admitted",
            "applicants", "graduates", "employed", "employment_rate", "design_capacity", "dual_training_students",
            "employer_request_students", "specialties_opened", "specialties_planned", "memoranda"}


def test_the_command_gives_every_required_figure(mixed):
    got = figures_json(mixed, 2024)
    assert REQUIRED <= set(got)
    for f in got.values():
        assert set(f) == {"value", "is_demo", "sources", "coverage", "year", "published"}
        assert f["is_demo"] in (True, False, "mixed")


def test_the_students_page_shows_the_same_figures_and_their_coverage(app, mixed):
    got = figures_json(mixed, 2024)
    at = app(mixed, "pages/students.py", lang="en", year="2024").run()
    assert not at.exception
    shown = metrics(at)
    assert shown[t("students.card.students", "en", year="2024/25")] == fmt_int(got["students"]["value"], "en")
    assert shown[t("students.card.admitted", "en", year="2024/25")] == fmt_int(got["admitted"]["value"], "en")
    body = texts(at)
    mixed_text = t("figures.coverage.mixed", "en", real="1", total="3", demo="2")
    assert t("figures.card_mixed", "en", coverage=mixed_text) in body  # under the students card
    assert f"— {mixed_text}; data version" in body  # the enrolment chart's source line


def test_one_college_on_the_students_page_is_not_mixed(app, mixed):
    at = app(mixed, "pages/students.py", lang="en", year="2024", college="KZ33-T01").run()
    assert not at.exception
    assert metrics(at)[t("students.card.students", "en", year="2024/25")] == fmt_int(
        figures_json(mixed, 2024, "--college", "KZ33-T01")["students"]["value"], "en")
    assert "real for" not in texts(at)


def test_the_specialties_page_shows_the_command_s_figures(app, mixed):
    this_year, next_year = figures_json(mixed, 2024), figures_json(mixed, 2025)
    at = app(mixed, "pages/specialties.py", lang="en", year="2024").run()
    assert not at.exception
    shown = metrics(at)
    assert shown[t("specialties.card.opened", "en", year="2024/25")] == fmt_int(
        this_year["specialties_opened"]["value"], "en")
    assert shown[t("specialties.card.planned", "en", year="2025/26")] == fmt_int(
        next_year["specialties_planned"]["value"], "en")


def test_the_capacity_page_shows_the_command_s_figures(app, mixed):
    got = figures_json(mixed, 2024)
    at = app(mixed, "pages/capacity.py", lang="en", year="2024").run()
    assert not at.exception
    first = {}
    for m in at.metric:  # the first card of each label: the region's (one college's cards follow below)
        first.setdefault(m.label, m.value)
    assert first[t("capacity.card.capacity", "en")] == fmt_int(got["design_capacity"]["value"], "en") == "240"
    assert first[t("capacity.card.students", "en")] == fmt_int(got["students"]["value"], "en")
    assert "real for 1 of 3 colleges, demo for 2" in texts(at)  # the charts' source lines: students are mixed


def test_a_query_s_optional_parameters_default_to_null(mixed):
    from tvet import warehouse

    assert warehouse.optional_params("region_year_totals") == ("college", "district")
    assert warehouse.optional_params("regions") == ()
    with warehouse.connect(mixed) as con:
        whole = warehouse.query(con, "region_year_totals", region="KZ-33")
        same = warehouse.query(con, "region_year_totals", region="KZ-33", college=None, district=None)
        assert whole.equals(same)
        with pytest.raises(Exception):  # a parameter that is not declared optional is still required
            warehouse.query(con, "coverage_region_year", region="KZ-33")


def test_the_college_profile_counts_the_assessment_as_the_command_does(mixed):
    """T01's own assessment row says 99 students in dual training, its specialty rows 12 + 5: the profile and the
    command both take the specialty rows (one figure, one rule), 17 and 7."""
    from tvet import warehouse as wh

    with wh.connect(mixed) as con:
        rows = wh.query(con, "college_measures", region="KZ-33")
    t01 = rows[(rows["college_id"] == "KZ33-T01") & (rows["academic_year"] == 2024)].set_index("measure")["value"]
    got = figures_json(mixed, 2024, "--college", "KZ33-T01")
    assert t01["dual_training_students"] == got["dual_training_students"]["value"] == 17
    assert t01["employer_request_students"] == got["employer_request_students"]["value"] == 7
    assert t01["score"] == 81.5
