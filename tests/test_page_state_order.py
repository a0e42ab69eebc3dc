"""The state order page (pages/state_order.py) as Streamlit runs it, on real warehouses built by the ETL."""

import json
import math

import pytest
from conftest import REFERENCE, build_or_fail, metrics, read, table_with, texts

from tvet import state_order as so
from tvet.i18n import fmt_int, fmt_pct, t

PAGE = "pages/state_order.py"
HOSTILE = "'; drop table fct_state_order; --"


def figures(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def totals_sql(warehouse, year):
    return read(warehouse, """
        select cast(sum(o.places) as bigint), cast(sum(o.places) filter (where s.is_technical) as bigint),
               cast(sum(o.places * o.cost_per_student_kzt) as bigint)
        from fct_state_order o join dim_specialty s using (specialty_code)
        where o.region_code = 'KZ-33' and o.academic_year = $year""", {"year": year})[0]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_page_runs_in_every_language(app, demo_warehouse, lang):
    at = app(demo_warehouse, page=PAGE, lang=lang, year="2024").run()
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert t("state_order.card.places", lang, year="2024/25") in labels
    assert t("state_order.card.technical_share", lang, year="2024/25") in labels
    subheaders = [s.value for s in at.header]  # chart titles are h2 (one level below the page title)
    assert t("state_order.fields.title", lang) in subheaders
    assert t("state_order.share.title", lang) in subheaders
    assert t("state_order.changes.title", lang, year="2024/25", previous="2023/24") in subheaders
    body = texts(at)
    assert t("demo.banner", lang, sources="")[:40] in body
    assert at.title[0].value.startswith(t("state_order.heading", lang, region="")[:12])
    # the cost carries its unit in the page's language
    unit = {"kk": "теңге", "ru": "₸", "en": "KZT"}[lang]
    assert unit in metrics(at)[t("state_order.card.cost", lang, year="2024/25")]


def test_demo_headline_equals_the_warehouse(app, demo_warehouse):
    places, technical, cost = totals_sql(demo_warehouse, 2024)
    previous, _, _ = totals_sql(demo_warehouse, 2023)
    assert places == 4250
    at = app(demo_warehouse, page=PAGE, lang="en", year="2024").run()
    shown = metrics(at)
    assert shown["State-order places, 2024/25"] == "4,250"
    assert shown["Technical share, 2024/25"] == fmt_pct(technical / places, "en") == "55.1%"  # 06 + 07
    # the other reading, with 08 agriculture, beside it; and the fields counted named under the card
    with_08 = read(demo_warehouse, "select cast(sum(places) filter (where s.isced_broad in ('06', '07', '08')) as double)"
                                   " / sum(places) from fct_state_order join dim_specialty s using (specialty_code) "
                                   "where academic_year = 2024")[0][0]
    assert t("state_order.technical.reading", "en", fields="06, 07, 08", share=fmt_pct(with_08, "en")) in texts(at)
    assert fmt_pct(with_08, "en") == "59.8%"
    assert "Technical here: ISCED-F 06 Information and Communication Technologies (ICTs), 07 Engineering" in texts(at)
    assert shown["Total cost, 2024/25"] == so.money(cost, "en") == f"KZT {cost / 1e9:.2f} billion"
    deltas = {m.label: m.delta for m in at.metric}
    assert deltas["State-order places, 2024/25"] == f"+{places - previous:,}"
    body = texts(at)
    for target in (0.65, 0.70):
        move = math.ceil(target * places) - technical
        assert move > 0
        assert f"**{fmt_int(move, 'en')} places**" in body
    assert "**423 places**" in body and "**635 places**" in body  # 65%: 2,763 − 2,340; 70%: 2,975 − 2,340
    assert "9.9 pp short" in body  # 65% − 2,340 / 4,250


def test_demo_tables_equal_the_warehouse(app, demo_warehouse):
    at = app(demo_warehouse, page=PAGE, lang="en", year="2024").run()
    by_college = table_with(at, "College")
    expected = dict(read(demo_warehouse, """
        select c.name_en, cast(sum(o.places) as bigint) from fct_state_order o join dim_college c using (college_id)
        where o.academic_year = 2024 group by all"""))
    assert dict(zip(by_college["College"], by_college["Places 2024/25"])) == expected
    by_field = table_with(at, "ISCED-F code")  # broad fields by year
    rows = by_field[by_field["Academic year"] == "2024/25"]
    expected = dict(read(demo_warehouse, """
        select s.isced_broad, cast(sum(o.places) as bigint) from fct_state_order o join dim_specialty s
        using (specialty_code) where o.academic_year = 2024 group by all"""))
    assert dict(zip(rows["ISCED-F code"], rows["Places"])) == expected
    split = table_with(at, "Breakdown")
    lang_rows = split[split["Breakdown"] == "By language of instruction"]
    expected = dict(read(demo_warehouse, "select language, cast(sum(places) as bigint) from fct_state_order "
                                         "where academic_year = 2024 group by all"))
    assert dict(zip(lang_rows["Category"], lang_rows["Places 2024/25"])) == {
        t(f"value.language.{k}", "en"): v for k, v in expected.items()}
    changes = table_with(at, "Specialty")
    top = read(demo_warehouse, """
        with y as (select specialty_code, academic_year, sum(places) p from fct_state_order group by all)
        select coalesce(a.specialty_code, b.specialty_code), coalesce(a.p, 0) - coalesce(b.p, 0) as change
        from (select * from y where academic_year = 2024) a
        full join (select * from y where academic_year = 2023) b using (specialty_code)
        order by change desc, 1 limit 1""")[0]
    assert (changes.iloc[0]["Code"], changes.iloc[0]["Change"]) == top


def test_small_region_counts_region_level_orders(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="en").run()  # default: the latest year, 2024
    assert not at.exception
    shown = metrics(at)
    assert shown["State-order places, 2024/25"] == "120"  # 60 ICT + 40 education + 20 region-level engineering
    assert shown["Technical share, 2024/25"] == "66.7%"  # 80 / 120
    assert shown["Total cost, 2024/25"] == "KZT 73.0 million"  # 60×700 000 + 40×450 000 + 20×650 000
    body = texts(at)
    assert "Target **65%**: reached, 1.7 pp above." in body  # 78 places needed, 80 technical
    assert "**4 places**" in body  # 70%: 84 − 80
    by_college = table_with(at, "College")
    assert dict(zip(by_college["College"], by_college["Places 2024/25"])) == {
        "Test College 1": 60, "Test College 3": 40, t("state_order.region_level", "en"): 20}
    # the fixture's 2023 state order is real (upload source), its 2024 one demo: the two are not compared
    assert "State-order places, 2024/25" in shown and not next(
        m for m in at.metric if m.label == "State-order places, 2024/25").delta
    assert t("compare.not_comparable", "en", now="demo", before="real") in body


def test_changes_on_the_year_before_when_both_years_are_real(app, real_small_warehouse):
    at = app(real_small_warehouse, page=PAGE, lang="en").run()
    assert not at.exception
    assert next(m for m in at.metric if m.label == "State-order places, 2024/25").delta == "+40"  # 120 − 80
    narrow = table_with(at, "Broad field")
    assert dict(zip(narrow["ISCED-F code"], narrow["Change"])) == {"061": 10, "011": 10, "071": 20}
    changes = table_with(at, "Specialty")
    assert dict(zip(changes["Code"], changes["Change"])) == {"07150500": 20, "01140100": 10, "06130100": 10}


def test_year_filter_changes_the_page_and_the_url(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="en").run()
    at.selectbox(key="url_year").set_value(2023).run()
    assert not at.exception
    assert metrics(at)["State-order places, 2023/24"] == "80"
    assert at.query_params["year"] in (["2023"], "2023")
    # 2022 has no state order: nothing to compare with, so the comparison says so
    assert t("block.no_data", "en") in texts(at)


def test_year_and_view_come_from_the_url(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="en", year="2023", view="share").run()
    assert not at.exception
    assert metrics(at)["State-order places, 2023/24"] == "80"
    assert at.segmented_control(key="url_view").value == "share"
    stacked = figures(at)[0]
    assert stacked["layout"]["yaxis"]["title"]["text"] == t("state_order.axis.share", "en")
    assert stacked["layout"]["barmode"] == "stack"
    # technical fields first and marked in the legend
    names = [trace["name"] for trace in stacked["data"]]
    assert names[0].startswith("06 ") and names[0].endswith("●")
    assert not names[-1].endswith("●")


def test_view_toggle_switches_places_and_share(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="ru").run()
    assert figures(at)[0]["layout"]["yaxis"]["title"]["text"] == t("state_order.axis.places", "ru")
    at.segmented_control(key="url_view").set_value("share").run()
    assert figures(at)[0]["layout"]["yaxis"]["title"]["text"] == t("state_order.axis.share", "ru")
    assert at.query_params["view"] in (["share"], "share")


def test_technical_share_chart_has_labelled_targets(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="kk").run()
    share = next(f for f in figures(at) if f["layout"].get("shapes"))
    assert sorted(s["y0"] for s in share["layout"]["shapes"]) == [65.0, 70.0]
    labels = [a["text"] for a in share["layout"]["annotations"]]
    assert t("state_order.share.target", "kk", target=fmt_pct(0.65, "kk", 0)) in labels
    assert t("state_order.share.target_next", "kk", target=fmt_pct(0.70, "kk", 0)) in labels


@pytest.mark.parametrize("bad", [HOSTILE, "../../etc/passwd", "9999", "<script>"])
def test_hostile_url_values_are_ignored(app, small_warehouse, bad):
    at = app(small_warehouse, page=PAGE, lang="en", year=bad, view=bad, region=bad).run()
    assert not at.exception
    assert metrics(at)["State-order places, 2024/25"] == "120"
    assert at.segmented_control(key="url_view").value == "places"
    assert read(small_warehouse, "select count(*) from fct_state_order") == [(5,)]


def test_region_without_state_order_shows_no_data(app, small_sources, tmp_path):
    (small_sources / "fct_state_order.csv").unlink()
    warehouse = tmp_path / "no_order.duckdb"
    build_or_fail([REFERENCE, small_sources], warehouse)
    at = app(warehouse, page=PAGE, lang="kk").run()
    assert not at.exception
    assert t("block.no_data", "kk") in texts(at)
    assert not at.metric


def test_pure_functions():
    assert so.places_to_reach(4250, 2542, 0.65) == 221
    assert so.places_to_reach(4250, 2542, 0.70) == 433
    assert so.places_to_reach(120, 80, 0.65) == 0
    assert so.places_to_reach(100, 65, 0.65) == 0  # exactly on target
    assert so.places_to_reach(100, 64, 0.65) == 1
    assert so.money(2_852_211_000, "ru") == "2,85 млрд ₸"
    assert so.money(73_000_000, "kk") == "73,0 млн теңге"
    assert so.money(316_163_800, "en", signed=True) == "KZT +316.2 million"


def test_a_resolution_without_a_language_shows_not_stated(app, tmp_path):
    """An akimat table that states no language of instruction (tests/fixtures/official/state_order_ru.xlsx) loads
    with language NULL; the page names that category «not stated», never a raw key."""
    from conftest import ROOT, SMALL

    warehouse = tmp_path / "w.duckdb"
    build_or_fail([REFERENCE, SMALL, ROOT / "tests" / "fixtures" / "official" / "state_order_ru.xlsx"], warehouse)
    nulls = read(warehouse, "select sum(places)::bigint from fct_state_order where language is null "
                            "and region_code = 'KZ-33' and academic_year = 2024")[0][0]
    assert nulls and nulls > 0
    at = app(warehouse, page=PAGE, lang="ru", year="2024").run()
    assert not at.exception
    split = table_with(at, t("state_order.col.category", "ru"))
    categories = list(split[t("state_order.col.category", "ru")])
    assert t("value.not_stated", "ru") in categories
    assert not any(str(c).startswith("value.") for c in categories)
    row = split[split[t("state_order.col.category", "ru")] == t("value.not_stated", "ru")].iloc[0]
    assert row[t("state_order.col.places_year", "ru", year="2024/25")] == nulls
