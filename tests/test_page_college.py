"""The college profile page (AppTest on real warehouses), the links to it from the other pages, the not-stated
categories of the Students and State order pages, and the profile's computations (tvet/college.py).

Figures of the small fixture (tests/fixtures/small/*.csv), worked out by hand:
  students      2023/24: T01 50+45 = 95, T02 20, T03 30            -> median 30
                2024/25: T01 60+48+40 = 148, T02 25+18 = 43, T03 35+28 = 63 -> median 63
  capacity      2024/25: 120, 40, 80                                 -> median 80
  capacity use  2024/25: 148/120 = 123.3%, 43/40 = 107.5%, 63/80 = 78.75% -> median 107.5%
  plan/admitted 2024/25: 60/58, 30/25, 40/35 -> medians 40 and 35; fill 96.7%, 83.3%, 87.5% -> median 87.5%
  graduates     2023/24: T01 30 (20 employed), T03 12 (employment "-": not reported) -> median 21; employed and
                the employment rate are reported by T01 only: 20 and 66.7%
2024 rows come from the demo source (fixture_demo), 2023 rows from an upload (fixture_upload).
"""

import csv
import shutil
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from conftest import REFERENCE, SMALL, build_or_fail, read, texts
from test_browser import browser, server  # noqa: F401  (fixtures of the browser test below)

from tvet import college as prof
from tvet.i18n import t

PAGE = "pages/college.py"


def profile_table(at) -> pd.DataFrame:
    return at.table[0].value


def cell(at, lang: str, measure: str, column: str) -> str:
    return str(profile_table(at).loc[t(f"college.measure.{measure}", lang), column])


# --- a variant of the small fixture: assessment, stated contingent, leave, not-stated and TVET entry base -------

def _add_column(path, name: str, values: dict) -> None:
    rows = list(csv.reader(open(path, encoding="utf-8")))
    rows[0].insert(len(rows[0]) - 1, name)
    for r in rows[1:]:
        r.insert(len(r) - 1, values.get(tuple(r[:2]), ""))
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


@pytest.fixture(scope="module")
def variant_warehouse(tmp_path_factory):
    """The small fixture plus, all from its demo source: an assessment of 2024 (T01 score 78.5, dual 12, employers'
    requests 20; T02 64, 3, 0; T03 71, dual only on its specialty row: 4, requests 5), T01's stated contingent
    (150), and for T02 in 2024 five 3rd-course students with funding, language and study form not stated, entry
    base 'tvet', two on leave; an admission row and a state-order row with those values not stated / 'tvet'."""
    src = tmp_path_factory.mktemp("variant") / "src"
    shutil.copytree(SMALL, src)
    _add_column(src / "fct_enrollment.csv", "on_leave", {})
    with open(src / "fct_enrollment.csv", "a", encoding="utf-8") as f:
        f.write("2024,KZ33-T02,07150500,3,,,,tvet,5,2,fixture_demo\n")
    _add_column(src / "fct_capacity.csv", "contingent_stated", {("2024", "KZ33-T01"): "150"})
    with open(src / "fct_admission.csv", "a", encoding="utf-8") as f:
        f.write("2024,KZ33-T02,07150500,,,,10,8,,fixture_demo\n")
    with open(src / "fct_state_order.csv", "a", encoding="utf-8") as f:
        f.write("2024,KZ-33,KZ33-T02,07150500,,,full_time,tvet,local,10,600000,fixture_demo\n")
    (src / "fct_assessment.csv").write_text(
        "academic_year,college_id,specialty_code,score,teachers,dual_training_students,employer_request_students,"
        "source_id\n"
        "2024,KZ33-T01,,78.5,30,12,20,fixture_demo\n"
        "2024,KZ33-T01,06130100,80,,12,20,fixture_demo\n"
        "2024,KZ33-T02,,64,10,3,0,fixture_demo\n"
        "2024,KZ33-T03,,71,,,5,fixture_demo\n"
        "2024,KZ33-T03,01140100,,,4,5,fixture_demo\n", encoding="utf-8")
    path = tmp_path_factory.mktemp("variant_wh") / "warehouse.duckdb"
    build_or_fail([REFERENCE, src], path)
    return path


# --- the page on the small fixture: exact figures ---------------------------------------------------------------

def test_small_fixture_college_figures_beside_the_region_median(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="en", college="KZ33-T01").run()
    assert not at.exception
    assert at.title[0].value == "Test College 1"
    expected = {  # measure: (2023/24, median, 2024/25, median)
        "students": ("95", "30", "148*", "63"),
        "design_capacity": ("—", "—", "120*", "80"),
        "utilisation": ("—", "—", "123.3%*", "107.5%"),
        "planned": ("—", "—", "60*", "40"),
        "admitted": ("—", "—", "58*", "35"),
        "fill": ("—", "—", "96.7%*", "87.5%"),
        "graduates": ("30", "21", "—", "—"),
        "employed": ("20", "20", "—", "—"),
        "employment_rate": ("66.7%", "66.7%", "—", "—"),
    }
    table = profile_table(at)
    assert list(table.index) == [t(f"college.measure.{m}", "en") for m in expected]
    for measure, values in expected.items():
        got = tuple(cell(at, "en", measure, c) for c in ("2023/24", "Median 2023/24", "2024/25", "Median 2024/25"))
        assert got == values, measure
    assert cell(at, "en", "students", "Sources") == "fixture_demo, fixture_upload"
    # by specialty and course in the year shown (the latest with students: 2024/25)
    specialties = at.table[1].value
    row = specialties.loc["06130100 Software (by type)"]
    assert list(row) == ["60", "48", "40", "148*", "148"]
    body = texts(at)
    assert t("college.demo_mark", "en", mark="\\*") in body
    # the fixture's 2023 rows are real and its 2024 rows demo: the banner says which is which
    assert t("scope.banner", "en", scopes="", sources="")[:40] in body
    assert "Real data: students 2023/24;" in body
    assert len(at.get("download_button")) == 4


def test_a_college_without_demo_rows_has_no_mark(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="en", college="KZ33-T03", year="2023").run()
    assert not at.exception
    assert [c for c in profile_table(at).columns if c.endswith("2024/25")] == []
    assert cell(at, "en", "students", "2023/24") == "30"
    assert cell(at, "en", "graduates", "2023/24") == "12"
    assert "*" not in "".join(profile_table(at).drop(columns="Sources").to_numpy().ravel())


def test_assessment_contingent_and_leave_beside_the_median(app, variant_warehouse):
    at = app(variant_warehouse, page=PAGE, lang="en", college="KZ33-T01", year="2024").run()
    assert not at.exception
    assert cell(at, "en", "score", "2024/25") == "78.5*"
    assert cell(at, "en", "score", "Median 2024/25") == "71.0"  # 78.5, 64, 71
    assert cell(at, "en", "dual_training_students", "2024/25") == "12*"
    assert cell(at, "en", "dual_training_students", "Median 2024/25") == "4"  # 12, 3, T03's specialty row 4
    assert cell(at, "en", "employer_request_students", "Median 2024/25") == "5"  # 20, 0, 5
    assert cell(at, "en", "contingent_stated", "2024/25") == "150*"
    assert cell(at, "en", "utilisation", "Median 2024/25") == "120.0%"  # T02 now 48 / 40


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_demo_college_in_every_language_with_the_region_median(app, demo_warehouse, lang):
    at = app(demo_warehouse, page=PAGE, lang=lang, college="KZ33-C001").run()
    assert not at.exception
    name = read(demo_warehouse, f"select name_{lang} from dim_college where college_id = 'KZ33-C001'")[0][0]
    assert at.title[0].value == name
    year = read(demo_warehouse, "select max(academic_year) from fct_enrollment")[0][0]
    median, own = read(demo_warehouse, """
        with s as (select college_id, sum(students) as n from fct_enrollment e join dim_college c using (college_id)
                   where region_code = 'KZ-33' and academic_year = $y group by all)
        select median(n), max(n) filter (where college_id = 'KZ33-C001') from s""", {"y": year})[0]
    label = prof.year_label(year)
    assert cell(at, lang, "students", label) == prof.fmt_value(own, "count", lang) + "*"
    assert cell(at, lang, "students", t("college.col.median", lang, year=label)) == prof.fmt_value(median, "count",
                                                                                                    lang)
    assert t("college.table.title", lang) in [s.value for s in at.header]


# --- choosing, unknown and hostile colleges -----------------------------------------------------------------------

def test_without_a_college_the_page_offers_a_selector(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="ru").run()
    assert not at.exception
    assert at.info[0].value == t("college.pick_lead", "ru")
    box = at.selectbox(key="url_college")
    box.select("KZ33-T02").run()
    assert not at.exception
    assert at.title[0].value == "Тестовый колледж 2"
    assert at.query_params["college"] == "KZ33-T02"


@pytest.mark.parametrize("asked", ["KZ33-NOPE", "'; drop table dim_college; --", "<b>x</b>"])
def test_an_unknown_college_is_said_plainly(app, small_warehouse, asked):
    at = app(small_warehouse, page=PAGE, lang="en", college=asked).run()
    assert not at.exception
    assert len(at.error) == 1
    assert at.error[0].value.startswith("There is no college with the code «")
    assert "<b>" not in at.error[0].value  # the value is escaped, never formatted
    assert at.selectbox(key="url_college") is not None
    assert read(small_warehouse, "select count(*) from dim_college")[0][0] == 3


# --- links to the profile from the other pages ---------------------------------------------------------------------

def links(at) -> list[str]:
    import re

    return re.findall(r"\]\((/college\?[^)]+)\)", texts(at))


@pytest.mark.parametrize("page,query", [
    ("pages/capacity.py", {"year": "2024"}),
    ("pages/students.py", {"year": "2023"}),
    ("pages/state_order.py", {"year": "2024"}),
    ("pages/specialties.py", {"year": "2024"}),
    ("pages/partnerships.py", {"year": "2024"}),
])
def test_college_names_link_to_the_profile(app, small_warehouse, page, query):
    at = app(small_warehouse, page=page, lang="kk", **query).run()
    assert not at.exception
    found = links(at)
    assert found, f"no link to a college profile on {page}"
    for href in found:
        parts = urlsplit(href)
        params = parse_qs(parts.query)
        assert parts.path == "/college"
        assert params["college"][0] in {"KZ33-T01", "KZ33-T02", "KZ33-T03"}
        assert params["lang"] == ["kk"]
        assert params["year"] == [query["year"]]


def test_a_link_opens_the_profile_it_names(app, small_warehouse):
    at = app(small_warehouse, page="pages/capacity.py", lang="en", year="2024").run()
    href = next(h for h in links(at) if "KZ33-T02" in h)
    assert "[Test College 2](" + href + ")" in texts(at)
    params = {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}
    followed = app(small_warehouse, page=PAGE, **params).run()
    assert not followed.exception
    assert followed.title[0].value == "Test College 2"


def test_link_escapes_the_name_and_encodes_the_id():
    from pages.common.links import college_link

    text = college_link("A [b](javascript:x) *c*", "ID&x=1 (2)", "en")
    assert text.startswith("[A \\[b\\]\\(javascript:x\\) \\*c\\*](/college?college=ID%26x%3D1+%282%29&lang=en")


# --- not stated, TVET entry base and leave on the Students and State order pages -----------------------------------

def test_students_page_keeps_not_stated_and_tvet_and_states_leave(app, variant_warehouse):
    at = app(variant_warehouse, page="pages/students.py", lang="ru", year="2024", view="funding").run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "Всего студентов" in d.value.columns)
    assert t("value.not_stated", "ru") in table.columns
    assert table.set_index("Учебный год").loc["2024/25", t("value.not_stated", "ru")] == 5
    assert table.set_index("Учебный год").loc["2024/25", "Всего студентов"] == 259  # 148 + 48 + 63
    assert t("students.on_leave", "ru", year="2024/25", n="2") in texts(at)
    admission = next(d.value for d in at.dataframe if t("students.col.planned", "ru") in d.value.columns)
    assert t("value.not_stated", "ru") in list(admission[t("filter.funding", "ru")])
    at = app(variant_warehouse, page="pages/students.py", lang="kk", year="2024", view="entry_base").run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if t("students.col.total", "kk") in d.value.columns)
    assert table.set_index(t("filter.year", "kk")).loc["2024/25", t("value.entry_base.tvet", "kk")] == 5


def test_no_leave_line_without_leave_reported(app, small_warehouse):
    at = app(small_warehouse, page="pages/students.py", lang="en", year="2024").run()
    assert not at.exception
    assert "academic leave" not in texts(at)


def test_state_order_splits_show_not_stated_and_tvet(app, variant_warehouse):
    at = app(variant_warehouse, page="pages/state_order.py", lang="en", year="2024").run()
    assert not at.exception
    split = next(d.value for d in at.dataframe if t("state_order.col.category", "en") in d.value.columns)
    places = t("state_order.col.places_year", "en", year="2024/25")
    categories = dict(zip(split[t("state_order.col.category", "en")], split[places]))
    assert categories[t("value.not_stated", "en")] == 10
    assert categories[t("value.entry_base.tvet", "en")] == 10


# --- tvet/college.py ---------------------------------------------------------------------------------------------

def measures(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["measure", "academic_year", "college_id", "value", "is_demo", "sources"])


def test_ratios_take_demo_and_sources_from_both_parts_and_skip_a_zero_denominator():
    m = measures([("attending", 2024, "a", 90.0, False, "up"), ("seats", 2024, "a", 100.0, True, "demo"),
                  ("attending", 2024, "b", 10.0, False, "up"), ("seats", 2024, "b", 0.0, False, "up"),
                  ("admitted", 2024, "a", 5.0, False, "up")])
    out = prof.with_ratios(m).set_index(["measure", "college_id"])
    assert out.loc[("utilisation", "a"), "value"] == pytest.approx(0.9)
    assert bool(out.loc[("utilisation", "a"), "is_demo"])
    assert out.loc[("utilisation", "a"), "sources"] == "demo, up"
    assert pd.isna(out.loc[("utilisation", "b"), "value"])
    assert "fill" not in out.index.get_level_values(0)  # no plan: no ratio


def test_profile_median_is_over_colleges_with_a_value_that_year():
    m = measures([("students", 2024, "a", 10.0, False, "s"), ("students", 2024, "b", 30.0, False, "s"),
                  ("students", 2024, "c", None, False, "s"), ("students", 2024, "d", 100.0, True, "s"),
                  ("students", 2023, "a", 7.0, False, "s"), ("score", 2024, "b", 50.0, False, "s")])
    out = prof.profile(m, "a")
    assert list(out["measure"]) == ["students", "students"]  # a has no score
    row = out[out["academic_year"] == 2024].iloc[0]
    assert (row["value"], row["region_median"], row["colleges"]) == (10.0, 30.0, 3)
    assert not bool(row["is_demo"])
    assert prof.missing(out) == [m for m, _ in prof.MEASURES if m != "students"]


def test_display_table_marks_demo_and_formats_per_language():
    rows = pd.DataFrame([
        ("utilisation", 2024, 0.5, 0.75, 3, True, "demo"),
        ("students", 2023, 1234.0, 10.0, 3, False, "up"),
    ], columns=prof.PROFILE_COLUMNS)
    table = prof.display_table(rows, [2023, 2024], "ru").set_index(t("college.col.indicator", "ru"))
    assert table.loc[t("college.measure.utilisation", "ru"), "2024/25"] == "50,0\u00a0%*"
    assert table.loc[t("college.measure.utilisation", "ru"), "Медиана 2024/25"] == "75,0\u00a0%"
    assert table.loc[t("college.measure.students", "ru"), "2023/24"] == "1\u202f234"
    assert table.loc[t("college.measure.students", "ru"), "2024/25"] == "—"
    assert list(table.index) == [t("college.measure.students", "ru"), t("college.measure.utilisation", "ru")]


def test_shown_years_and_export():
    assert prof.shown_years([2019, 2020, 2021, 2022, 2023], 2022) == [2020, 2021, 2022]
    assert prof.shown_years([2023], 2025) == [2023]
    rows = pd.DataFrame([("score", 2024, 71.25, 70.0, 2, True, "d")], columns=prof.PROFILE_COLUMNS)
    out = prof.export_table(rows, "en")
    assert out.iloc[0].tolist() == ["Assessment score", "score", "2024/25", 71.25, 70.0, 2, "yes", "d"]


def test_specialty_table_by_course_with_the_median_of_colleges_teaching_it():
    students = pd.DataFrame([
        (2024, "a", "X", 1, 10, True), (2024, "a", "X", 2, 5, True), (2024, "b", "X", 1, 40, False),
        (2024, "c", "X", 1, 3, False), (2024, "a", "Y", 1, 7, False), (2023, "a", "X", 1, 99, False),
    ], columns=["academic_year", "college_id", "specialty_code", "course", "students", "is_demo"]).assign(
        name_kk="k", name_ru="r", name_en="e")
    out = prof.specialty_table(students, "a", 2024).set_index("specialty_code")
    assert out.loc["X", ["course_1", "course_2", "total"]].tolist() == [10, 5, 15]
    assert (out.loc["X", "region_median"], out.loc["X", "colleges"]) == (15.0, 3)  # 15, 40, 3
    assert bool(out.loc["X", "is_demo"]) and not bool(out.loc["Y", "is_demo"])
    assert list(out.index) == ["X", "Y"]
    assert prof.specialty_table(students, "zzz", 2024).empty


# --- in a browser: it draws, and prints without the sidebar on one A4 page ------------------------------------------

@pytest.mark.browser
def test_profile_draws_and_prints_on_one_a4_page(server, browser, demo_warehouse):
    from test_browser import ARTIFACTS, wait_for_charts

    name = read(demo_warehouse, "select name_ru from dim_college where college_id = 'KZ33-C001'")[0][0]
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((server, "data:", "blob:")) else None)
    try:
        page.goto(f"{server}/college?college=KZ33-C001&lang=ru", wait_until="domcontentloaded")
        page.locator("h1").first.wait_for(timeout=30000, state="attached")
        assert wait_for_charts(page) == 1
        assert page.locator("h1").first.inner_text() == name
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.locator("[data-testid='stSidebar']").is_visible()
        page.emulate_media(media="print")
        for hidden in ("stSidebar", "stDownloadButton", "stSelectbox", "stHeader"):
            assert not page.locator(f"[data-testid='{hidden}']").first.is_visible(), hidden
        assert page.locator("table").first.is_visible()
        pdf = page.pdf(format="A4", print_background=True)
        assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1
        ARTIFACTS.mkdir(exist_ok=True)
        page.set_viewport_size({"width": 718, "height": 1000})  # about A4's printable width
        page.screenshot(path=str(ARTIFACTS / "college-print-ru.png"), full_page=True)
    finally:
        page.close()
    assert outside == []
