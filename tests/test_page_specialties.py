"""The specialties page (pages/specialties.py) as Streamlit runs it, on real warehouses built by the ETL."""

import json

import pytest
from conftest import metrics, read, table_with, texts

from tvet.i18n import t

PAGE = "pages/specialties.py"
HOSTILE = "'; drop table dim_specialty; --"
PLANNED_NAMED = {"07140100", "07140200", "07310100", "08210100", "08310100"}


def tables(at, header: str) -> list:
    return [frame.value for frame in at.dataframe if header in frame.value.columns]


def catalogue(at):
    return table_with(at, t("specialties.col.code_status", "en"))


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_page_runs_in_every_language(app, demo_warehouse, lang):
    at = app(demo_warehouse, page=PAGE, lang=lang).run()
    assert not at.exception
    shown = metrics(at)
    # default year: the one the published figures are about (2024), so both published figures show at a glance
    assert shown[t("specialties.card.opened", lang, year="2024/25")] == "13"
    assert shown[t("specialties.card.planned", lang, year="2025/26")] == "14"
    body = texts(at)
    assert t("demo.banner", lang, sources="")[:40] in body
    assert body.count(t("compare.calibrated", lang)) == 2  # demo rows: never "agrees"
    subheaders = [s.value for s in at.subheader]
    assert t("specialties.by_year.title", lang) in [h.value for h in at.header] + subheaders  # chart titles: h2
    assert t("specialties.catalogue.title", lang) in [h.value for h in at.header] + subheaders
    assert t("specialties.catalogue.heading", lang) in [h.value for h in at.header]
    assert t("specialties.catalogue.status_note", lang) in body


def test_demo_figures_equal_the_warehouse(app, demo_warehouse):
    opened = read(demo_warehouse, "select count(distinct specialty_code) from fct_specialty_change "
                                  "where academic_year = 2024 and change = 'opened'")[0][0]
    closed_by_year = dict(read(demo_warehouse, "select academic_year, count(distinct specialty_code) "
                                               "from fct_specialty_change where change = 'closed' group by all"))
    at = app(demo_warehouse, page=PAGE, lang="en", change="planned").run()
    assert metrics(at)["Specialties opened, 2024/25"] == str(opened) == "13"
    by_year = table_with(at, "Opened")
    assert dict(zip(by_year["Academic year"], by_year["Closed"])) == {
        f"{y}/{(y + 1) % 100:02d}": closed_by_year.get(y, 0) for y in range(2019, 2026)}
    assert by_year.loc[by_year["Academic year"] == "2025/26", "Planned"].item() == 14
    listed = table_with(at, "Change")
    assert set(listed["Change"]) == {"Planned"}
    assert listed["Code"].nunique() == 14 and PLANNED_NAMED <= set(listed["Code"])
    # the catalogue's students and places are the year's totals, specialty by specialty
    cat = catalogue(at)
    students = dict(read(demo_warehouse, "select specialty_code, cast(sum(students) as bigint) from fct_enrollment "
                                         "where academic_year = 2024 group by all"))
    assert {c: s for c, s in zip(cat["Code"], cat["Students 2024/25"]) if s} == students
    assert cat["State-order places 2024/25"].sum() == 4250


def test_small_region_changes(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="en").run()
    assert not at.exception
    shown = metrics(at)
    assert shown["Specialties opened, 2024/25"] == "2"  # 06120200 at T01, 07150500 at T02
    assert shown["Specialties planned to open, 2025/26"] == "1"  # 08310100 at T03
    assert "Published: 13 — " + t("compare.calibrated", "en") in texts(at)  # the fixture's 2024 rows are demo
    listed = table_with(at, "Change")
    rows = set(zip(listed["Academic year"], listed["Change"], listed["Code"], listed["College"]))
    assert rows == {("2024/25", "Opened", "06120200", "Test College 1"),
                    ("2024/25", "Opened", "07150500", "Test College 2"),
                    ("2025/26", "Planned", "08310100", "Test College 3"),
                    ("2023/24", "Closed", "07150600", "Test College 2")}


def test_year_from_the_url_changes_the_cards(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="en", year="2023").run()
    assert not at.exception
    shown = metrics(at)
    assert shown["Specialties closed, 2023/24"] == "1"  # 07150600 at T02
    assert shown["Specialties opened, 2023/24"] == "0"
    assert catalogue(at)["Students 2023/24"].sum() == 145


def test_change_filter_lives_in_the_url(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="en").run()
    at.segmented_control(key="url_change").set_value("opened").run()
    assert not at.exception
    assert set(table_with(at, "Change")["Code"]) == {"06120200", "07150500"}
    assert at.query_params["change"] in (["opened"], "opened")


def test_district_filter_restricts_everything(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="en", district="KZ-33-TEK").run()
    assert not at.exception
    assert set(table_with(at, "Change")["Code"]) == {"07150500", "07150600"}  # Test College 2 is in Tekeli
    cat = catalogue(at)
    assert {c: s for c, s in zip(cat["Code"], cat["Students 2024/25"]) if s} == {"07150500": 43}
    # region-level orders belong to no district
    assert cat["State-order places 2024/25"].sum() == 0
    assert "not compared, since a district is selected" in texts(at)


def test_district_without_colleges_shows_no_data(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="ru", district="KZ-33-AKS").run()
    assert not at.exception
    assert texts(at).count(t("block.no_data", "ru")) >= 3  # chart, list, where it is taught
    assert metrics(at)[t("specialties.card.opened", "ru", year="2024/25")] == "0"


def test_search_from_the_url_and_the_box(app, demo_warehouse):
    at = app(demo_warehouse, page=PAGE, lang="kk", q="дәнекер").run()
    assert not at.exception
    assert at.text_input(key="catalogue_q").value == "дәнекер"
    found = table_with(at, t("specialties.col.code_status", "kk"))
    expected = {r[0] for r in read(demo_warehouse, "select specialty_code from dim_specialty "
                                                   "where name_kk ilike '%дәнекер%'")}
    assert set(found[t("specialties.col.code", "kk")]) == expected and expected
    at.text_input(key="catalogue_q").input("0715").run()
    assert at.query_params["q"] in (["0715"], "0715")
    codes = set(table_with(at, t("specialties.col.code_status", "kk"))[t("specialties.col.code", "kk")])
    assert codes and all("0715" in c for c in codes)
    at.text_input(key="catalogue_q").input("").run()
    assert "q" not in at.query_params
    assert len(table_with(at, t("specialties.col.code_status", "kk"))) == read(
        demo_warehouse, "select count(*) from dim_specialty")[0][0]


@pytest.mark.parametrize("q", [HOSTILE, "%", "_", "x" * 500])
def test_search_text_is_a_value_not_sql(app, small_warehouse, q):
    at = app(small_warehouse, page=PAGE, lang="en", q=q).run()
    assert not at.exception
    # nothing matches literally: the catalogue is empty (no wildcard, no injection), and the tables are intact
    assert t("block.no_data", "en") in texts(at)
    assert not tables(at, t("specialties.col.code_status", "en"))
    assert read(small_warehouse, "select count(*) from dim_specialty")[0][0] > 0


def test_where_a_specialty_is_taught(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="en", specialty="07150500").run()
    assert not at.exception
    assert at.selectbox(key="url_specialty").value == "07150500"
    where = table_with(at, "Course 1")
    rows = {r["College"]: r for _, r in where.iterrows()}
    college = rows["Test College 2"]
    assert (college["District"], college["Course 1"], college["Course 2"], college["Students 2024/25"]) == (
        "Tekeli city", 25, 18, 43)
    region_level = rows[t("specialties.region_level", "en")]
    assert region_level["State-order places 2024/25"] == 20 and region_level["Students 2024/25"] == 0
    trend = table_with(at, "Students")
    assert dict(zip(trend["Academic year"], trend["Students"])) == {"2023/24": 20, "2024/25": 43}
    assert dict(zip(trend["Academic year"], trend["State-order places"])) == {"2023/24": 0, "2024/25": 20}
    chart = next(json.loads(c.proto.spec) for c in at.get("plotly_chart")
                 if json.loads(c.proto.spec)["data"][0].get("orientation") == "h")
    assert [trace["name"] for trace in chart["data"] if trace["type"] == "bar"] == ["Course 1", "Course 2"]


def test_specialty_picker_changes_the_view_and_the_url(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="en").run()
    assert at.selectbox(key="url_specialty").value == "06130100"  # the most students in 2024
    at.selectbox(key="url_specialty").set_value("01140100").run()
    assert not at.exception
    assert at.query_params["specialty"] in (["01140100"], "01140100")
    where = table_with(at, "Course 1")
    assert list(where["College"]) == ["Test College 3"] and where["Students 2024/25"].item() == 63


@pytest.mark.parametrize("bad", [HOSTILE, "../../etc/passwd", "9999", "<script>"])
def test_hostile_url_values_are_ignored(app, small_warehouse, bad):
    at = app(small_warehouse, page=PAGE, lang=bad, year=bad, district=bad, specialty=bad, change=bad).run()
    assert not at.exception
    assert metrics(at)[t("specialties.card.opened", "ru", year="2024/25")] == "2"
    assert at.selectbox(key="url_specialty").value == "06130100"
    assert at.segmented_control(key="url_change").value == "all"
