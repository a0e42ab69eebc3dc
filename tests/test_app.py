"""The pages as Streamlit runs them (AppTest), on real warehouses built by the ETL."""

import pytest

from conftest import texts
from tvet.i18n import t


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_home_shows_headline_figures_with_published_values(app, demo_warehouse, lang):
    at = app(demo_warehouse, lang=lang).run()
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert t("home.card.students", lang, year="2024/25") in labels
    assert t("home.card.admission_plan", lang, year="2025/26") in labels
    body = texts(at)
    assert t("home.qualifier.more_than", lang, value="13\u202f900" if lang != "en" else "13,900") in body
    # demo rows were generated to meet the published figures: the page never says they agree
    for word in ("agrees", "совпада", "сәйкес"):
        assert word not in body.lower(), word
    assert t("compare.calibrated", lang) in body
    assert t("demo.banner", lang, sources="")[:40] in body


def test_home_cards_equal_the_warehouse(app, demo_warehouse):
    from tvet import warehouse

    with warehouse.connect(demo_warehouse) as con:
        totals = warehouse.query(con, "region_year_totals", region="KZ-33")
    r = totals[totals["academic_year"] == 2024].iloc[0]
    at = app(demo_warehouse, lang="en").run()
    shown = {m.label: m.value for m in at.metric}
    assert shown["Students, 2024/25"] == f"{int(r['students']):,}"
    assert shown["State-order places, 2024/25"] == "4,250"
    assert shown["Colleges, 2024/25"] == "27"


def test_small_region_shows_differences_from_published(app, real_small_warehouse):
    at = app(real_small_warehouse, lang="en").run()
    assert not at.exception
    shown = {m.label: m.value for m in at.metric}
    assert shown["Students, 2024/25"] == "254"
    assert shown["State-order places, 2024/25"] == "120"
    assert shown["Technical share of the state order, 2024/25"] == "66.7%"
    assert "differs by -4,130" in texts(at)


def test_a_real_year_is_not_compared_with_a_demo_year(app, small_warehouse):
    """The small fixture's state order is real in 2023 (upload source) and demo in 2024: the 2024/25 card shows
    no change, says why, and the banner names the real and the demo years."""
    at = app(small_warehouse, lang="en").run()
    assert not at.exception
    card = next(m for m in at.metric if m.label == "State-order places, 2024/25")
    assert card.value == "120" and not card.delta
    opened = next(m for m in at.metric if m.label == "Specialties opened, 2024/25")
    assert opened.delta == "+2"  # specialty changes are demo in both years: the change is shown
    body = texts(at)
    assert t("compare.not_comparable", "en", now="demo", before="real") in body
    assert "Real data: students 2023/24; state order 2023/24;" in body
    assert "Demo data: students 2024/25; state order 2024/25;" in body
    assert "Published: 4,500 [1] — differs by -4,385." in body  # the 2025 plan is real (upload source)


def test_year_comes_from_the_url(app, small_warehouse):
    at = app(small_warehouse, lang="en", year="2023").run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Students, 2023/24"] == "145"


def test_missing_warehouse_gives_a_message_not_a_traceback(app, tmp_path):
    at = app(tmp_path / "nothing.duckdb", lang="ru").run()
    assert not at.exception
    assert t("app.no_warehouse", "ru") in texts(at)


def test_language_switch_changes_the_page_and_the_url(app, small_warehouse):
    at = app(small_warehouse).run()
    assert t("home.card.students", "ru", year="2024/25") in [m.label for m in at.metric]  # default: Russian
    at.segmented_control(key="url_lang").set_value("kk").run()
    assert not at.exception
    assert t("home.card.students", "kk", year="2024/25") in [m.label for m in at.metric]
    assert at.query_params["lang"] == ["kk"] or at.query_params["lang"] == "kk"


@pytest.mark.parametrize("bad", ["'; drop table dim_college; --", "../../etc/passwd", "9999", "<script>"])
def test_hostile_url_values_are_ignored(app, small_warehouse, bad):
    at = app(small_warehouse, lang=bad, year=bad, region=bad).run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}[t("home.card.students", "ru", year="2024/25")] == "254"
