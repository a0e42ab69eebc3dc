"""The Students page (AppTest on real warehouses) and its computations (tvet/students.py)."""


import pandas as pd
import pytest
from conftest import figure, metrics, texts, values

from tvet import students as stu
from tvet import warehouse
from tvet.i18n import fmt_delta, fmt_int, fmt_pct, t

PAGE = "pages/students.py"
HOSTILE = "'; drop table x; --"


def q(path, sql: str, params=None) -> list[tuple]:
    """Rows of a SQL query on the warehouse, opened as the app opens it (so both can be open at once)."""
    with warehouse.connect(path) as con:
        return con.execute(sql, params).fetchall()


def one(path, sql: str, params=None):
    return q(path, sql, params)[0][0]


def deltas(at) -> dict[str, str]:
    return {m.label: m.delta for m in at.metric}


# --- the page, in every language ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_page_runs_in_every_language_with_its_blocks(app, demo_warehouse, lang):
    at = app(demo_warehouse, page=PAGE, lang=lang, year="2024").run()
    assert not at.exception
    region = one(demo_warehouse, f"select name_{lang} from dim_region where region_code = 'KZ-33'")
    assert at.title[0].value == t("students.heading", lang, region=region)
    subheaders = [s.value for s in at.header]  # chart titles are h2 (one level below the page title)
    assert t("students.enrollment.title_course", lang) in subheaders
    assert t("students.admission.title", lang) in subheaders
    assert t("students.graduation.title_field", lang, year="2024/25") in subheaders
    assert t("students.graduation.title_college", lang, year="2024/25") in subheaders
    assert t("demo.banner", lang, sources="")[:40] in texts(at)
    labels = [m.label for m in at.metric]
    assert labels == [t("students.card.students", lang, year="2024/25"),
                      t("students.card.admitted", lang, year="2024/25"),
                      t("students.card.graduates", lang, year="2024/25"),
                      t("students.card.employment_rate", lang, year="2024/25")]
    # field names come from dim_isced_field in the page's language
    fields = at.dataframe[2].value[t("filter.field", lang)].tolist()
    engineering = one(demo_warehouse, f"select name_{lang} from dim_isced_field where code = '07'")
    assert f"07 {engineering}" in fields


# --- the numbers equal the warehouse's ---------------------------------------------------------------------

def test_demo_headline_equals_the_warehouse(app, demo_warehouse):
    students = dict(q(demo_warehouse, "select academic_year, sum(students) from fct_enrollment group by 1"))
    admitted = {y: s for y, s in q(demo_warehouse, "select academic_year, sum(admitted) from fct_admission group by 1")}
    grads = {y: (g, e, gr) for y, g, e, gr in q(demo_warehouse, """
        select academic_year, sum(graduates), sum(employed), sum(graduates) filter (where employed is not null)
        from fct_graduation group by 1""")}
    assert students[2024] == 13947
    at = app(demo_warehouse, page=PAGE, lang="en", year="2024").run()
    shown, change = metrics(at), deltas(at)
    assert shown["Students, 2024/25"] == "13,947"
    assert change["Students, 2024/25"] == fmt_delta(students[2024] - students[2023], "en")
    assert shown["Admitted, 2024/25"] == fmt_int(admitted[2024], "en")
    assert change["Admitted, 2024/25"] == fmt_delta(admitted[2024] - admitted[2023], "en")
    assert shown["Graduates, 2024/25"] == fmt_int(grads[2024][0], "en")
    rate, before = grads[2024][1] / grads[2024][2], grads[2023][1] / grads[2023][2]
    assert shown["Employment rate, 2024/25"] == fmt_pct(rate, "en")
    assert change["Employment rate, 2024/25"] == fmt_delta(rate - before, "en", "share")


def test_default_year_is_the_latest_and_graduates_fall_back_to_the_latest_graduation(app, demo_warehouse):
    latest = one(demo_warehouse, "select max(academic_year) from fct_enrollment")
    last_grad = one(demo_warehouse, "select max(academic_year) from fct_graduation")
    assert (latest, last_grad) == (2025, 2024)  # 2025/26 has no graduates yet
    at = app(demo_warehouse, page=PAGE, lang="ru").run()
    assert not at.exception
    assert at.selectbox(key="url_year").value == latest
    assert t("students.card.graduates", "ru", year="2024/25") in metrics(at)
    assert t("students.graduation.not_yet", "ru", year="2025/26", shown="2024/25") in texts(at)


def test_enrolment_by_course_table_equals_the_warehouse(app, demo_warehouse):
    expected = {(y, c): s for y, c, s in q(demo_warehouse, """
        select academic_year, course, sum(students) from fct_enrollment group by all""")}
    at = app(demo_warehouse, page=PAGE, lang="en", year="2024").run()
    table = at.dataframe[0].value.set_index("Academic year")
    assert table.loc["2024/25", "Course 1"] == expected[(2024, 1)]
    assert table.loc["2019/20", "Course 4"] == expected[(2019, 4)]
    assert table.loc["2024/25", "Total students"] == 13947
    assert table.loc["2024/25", "Course 1, % of students"] == pytest.approx(round(expected[(2024, 1)] / 13947 * 100, 1))
    fig = figure(at, "students_by_course")
    assert fig["layout"]["barmode"] == "stack" and fig["layout"]["xaxis"]["type"] == "category"
    assert [tr["name"] for tr in fig["data"]] == ["Course 1", "Course 2", "Course 3", "Course 4"]


def test_view_toggle_lives_in_the_url(app, demo_warehouse):
    at = app(demo_warehouse, page=PAGE, lang="kk", year="2024", view="language").run()
    assert not at.exception
    assert t("students.enrollment.title_language", "kk") in [s.value for s in at.header]
    table = at.dataframe[0].value.set_index(t("filter.year", "kk"))
    kk = one(demo_warehouse, "select sum(students) from fct_enrollment where academic_year = 2024 and language = 'kk'")
    assert table.loc["2024/25", t("value.language.kk", "kk")] == kk
    at.segmented_control(key="url_view").set_value("funding").run()
    assert t("students.enrollment.title_funding", "kk") in [s.value for s in at.header]
    assert at.query_params["view"] in (["funding"], "funding")
    state = one(demo_warehouse,
                "select sum(students) from fct_enrollment where academic_year = 2024 and funding = 'state'")
    table = at.dataframe[0].value.set_index(t("filter.year", "kk"))
    assert table.loc["2024/25", t("value.funding.state", "kk")] == state


def test_small_fixture_by_hand(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="en", year="2024").run()
    assert not at.exception
    shown, change = metrics(at), deltas(at)
    assert shown["Students, 2024/25"] == "254" and change["Students, 2024/25"] == "+109"  # 145 in 2023
    assert shown["Admitted, 2024/25"] == "118"  # 58 + 25 + 35
    # the only graduation year is 2023/24: 30 + 12 graduates; employment known for 30 of them, 20 employed
    assert shown["Graduates, 2023/24"] == "42"
    assert shown["Employment rate, 2023/24"] == fmt_pct(20 / 30, "en")
    # applicants are reported in 1 of the 3 admission rows of 2024: 120 applicants for 60 planned places
    assert t("students.admission.caption", "en", year="2024/25", admitted="118", planned="130", share="33.3%",
             rows="1", total="3") in texts(at)
    table = at.dataframe[1].value
    row = table[(table["Academic year"] == "2024/25") & (table["Funding"] == "State order")].iloc[0]
    assert (row["Admission plan"], row["Admitted"], row["Applicants per place"]) == (100, 93, 2.0)
    fields = at.dataframe[2].value.set_index("Field (ISCED-F)")
    assert fields.loc["06 Information and Communication Technologies (ICTs)", "Employed, % of graduates"] == 66.7
    assert pd.isna(fields.loc["01 Education", "Employed, % of graduates"])  # employed "-": not reported, not 0


def test_admission_chart_stacks_funding_within_plan_and_admitted(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="en", year="2024").run()
    fig = figure(at, "students_admission")
    bars = {tr["name"]: tr for tr in fig["data"] if tr["type"] == "bar"}
    assert set(bars) == {"Plan — State order", "Admitted — State order", "Plan — Paid", "Admitted — Paid"}
    assert bars["Plan — Paid"]["offsetgroup"] == "planned" and bars["Admitted — Paid"]["offsetgroup"] == "admitted"
    x = bars["Plan — Paid"]["x"]
    i = x.index("2024/25")
    assert values(bars["Plan — Paid"]["base"])[i] == 100  # stacked on the state-order plan
    assert values(bars["Plan — Paid"]["y"])[i] == 30


# --- filters and the URL -----------------------------------------------------------------------------------

def test_college_filter_from_the_url(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="en", year="2024", college="KZ33-T02").run()
    assert not at.exception
    assert at.selectbox(key="url_college").value == "KZ33-T02"
    assert metrics(at)["Students, 2024/25"] == "43"
    assert metrics(at)["Admitted, 2024/25"] == "25"


def test_choosing_a_district_changes_the_numbers_and_the_url(app, demo_warehouse):
    at = app(demo_warehouse, page=PAGE, lang="en", year="2024").run()
    at.selectbox(key="url_district").set_value("KZ-33-TEK").run()
    assert not at.exception
    expected = one(demo_warehouse, """select sum(students) from fct_enrollment e join dim_college c using (college_id)
                                      where academic_year = 2024 and district_code = 'KZ-33-TEK'""")
    assert metrics(at)["Students, 2024/25"] == fmt_int(expected, "en")
    assert at.query_params["district"] in (["KZ-33-TEK"], "KZ-33-TEK")
    colleges = one(demo_warehouse, "select count(*) from dim_college where district_code = 'KZ-33-TEK'")
    assert len(at.selectbox(key="url_college").options) == colleges + 1  # "All" and the district's colleges


def test_year_and_district_from_the_url(app, demo_warehouse):
    at = app(demo_warehouse, page=PAGE, lang="en", year="2023", district="KZ-33-TEK").run()
    assert at.selectbox(key="url_year").value == 2023
    assert at.selectbox(key="url_district").value == "KZ-33-TEK"
    expected = one(demo_warehouse, """select sum(students) from fct_enrollment e join dim_college c using (college_id)
                                      where academic_year = 2023 and district_code = 'KZ-33-TEK'""")
    assert metrics(at)["Students, 2023/24"] == fmt_int(expected, "en")
    assert "Graduates, 2023/24" in metrics(at)


def test_a_college_of_another_district_in_the_url_is_ignored(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="en", year="2024", district="KZ-33-TEK", college="KZ33-T01").run()
    assert not at.exception
    assert at.selectbox(key="url_college").value == "all"
    assert metrics(at)["Students, 2024/25"] == "43"


@pytest.mark.parametrize("param", ["year", "district", "college", "view", "lang"])
def test_hostile_url_values_are_ignored(app, small_warehouse, param):
    query = {"lang": "en", "year": "2024", param: HOSTILE}
    at = app(small_warehouse, page=PAGE, **query).run()
    assert not at.exception
    lang = "ru" if param == "lang" else "en"
    assert metrics(at)[t("students.card.students", lang, year="2024/25")] == "254"


def test_a_district_without_colleges_shows_the_no_data_message(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="ru", district="KZ-33-AKS").run()
    assert not at.exception
    assert t("block.no_data", "ru") in texts(at)
    assert not at.metric and not at.get("plotly_chart")


# --- tvet/students.py --------------------------------------------------------------------------------------

def test_graduation_year_falls_back_to_the_latest_earlier_year():
    assert stu.graduation_year([2019, 2023, 2024], 2025) == 2024
    assert stu.graduation_year([2019, 2023, 2024], 2023) == 2023
    assert stu.graduation_year([2019, 2023], 2021) == 2019
    assert stu.graduation_year([2023], 2020) is None
    assert stu.graduation_year([], 2024) is None


def test_composition_orders_categories_and_fills_gaps():
    enrol = pd.DataFrame({"academic_year": [2024, 2024, 2023], "course": [2, 1, 1],
                          "funding": ["paid", "state", "state"],
                          "language": ["ru", "kk", "kk"], "students": [5, 15, 10]})
    counts = stu.composition(enrol, "course")
    assert list(counts.columns) == [1, 2] and counts.loc[2023, 2] == 0
    assert stu.shares(counts).loc[2024, 1] == 0.75
    assert list(stu.composition(enrol, "funding").columns) == ["state", "paid"]


def test_employment_rate_counts_only_reported_graduates():
    g = pd.DataFrame({"academic_year": [2023, 2023], "graduates": [30, 12], "employed": [20, None],
                      "graduates_with_employment": [30, None], "continued_study": [5, 2]})
    totals = stu.graduation_totals(g, 2023)
    assert totals["graduates"] == 42 and totals["employment_rate"] == pytest.approx(2 / 3)
    rows = stu.with_employment(g)
    assert pd.isna(rows["employment_rate"].iloc[1])
    assert rows["other"].tolist() == [5, 10]
