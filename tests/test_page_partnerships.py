"""The Partnerships and employment page (pages/partnerships.py), run by AppTest on warehouses built by the ETL."""

import pandas as pd
import pytest
from conftest import metrics, read, table_with, texts

from pages.common.frame import md_escape
from tvet.i18n import fmt_int, fmt_pct, t
from tvet.partnerships import (
    employment_rates,
    employment_total,
    graduation_year,
    rate,
    year_summary,
)

PAGE = "pages/partnerships.py"


BAD = "'; drop table fct_partnership; --"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_page_runs_in_every_language(app, demo_warehouse, lang):
    at = app(demo_warehouse, PAGE, lang=lang).run()
    assert not at.exception
    assert at.title[0].value == t("partnerships.heading", lang, region={"kk": "Жетісу облысы", "ru": "область Жетісу",
                                                                       "en": "Zhetysu Region"}[lang])
    subheaders = [s.value for s in [*at.header, *at.subheader]]
    assert t("partnerships.chart.memoranda", lang) in subheaders
    assert t("partnerships.chart.by_year", lang) in subheaders
    assert t("partnerships.chart.sectors", lang, year="2024/25") in subheaders
    assert t("partnerships.hiring_heading", lang, year="2024/25") in subheaders
    assert t("partnerships.chart.employment_colleges", lang, year="2024/25") in subheaders
    assert t("partnerships.employment_heading", lang) in [h.value for h in at.header]
    body = texts(at)
    assert t("demo.banner", lang, sources="")[:40] in body
    assert t("partnerships.card.memoranda", lang, year="2024/25") in metrics(at)
    # golden cards: handed to graduates, number not published, with the report as the source (no count shown)
    source = read(demo_warehouse, "select title from source where source_id = 'zhetysu_forum_2025'")[0][0]
    assert t("partnerships.golden_cards.statement", lang, year="2024/25", source=md_escape(source)) in body


def test_memoranda_agree_with_the_published_figure(app, demo_warehouse):
    at = app(demo_warehouse, PAGE, lang="en").run()
    n = read(demo_warehouse, "select count(*) from fct_partnership where kind = 'memorandum' and academic_year = 2024")
    assert metrics(at)["Memoranda, 2024/25"] == str(n[0][0]) == "10"
    published = read(demo_warehouse, "select value from published_figure where region_code = 'KZ-33' and "
                                      "academic_year = 2024 and indicator = 'memoranda_signed'")[0][0]
    memo = table_with(at, "In the data")
    row = memo[memo["Academic year"] == "2024/25"].iloc[0]
    assert row["In the data"] == 10 and row["Published"] == fmt_int(published, "en")
    assert t("compare.calibrated", "en") in texts(at) and "agrees" not in texts(at)


def test_cards_and_tables_equal_the_warehouse(app, demo_warehouse):
    at = app(demo_warehouse, PAGE, lang="en").run()
    shown = metrics(at)
    (hiring, dual, enterprises), = read(demo_warehouse, """
        select count(*) filter (where kind = 'hiring_decision'), count(*) filter (where kind = 'dual_training'),
               count(distinct enterprise)
        from fct_partnership where academic_year = 2024""")
    assert shown["Hiring decisions, 2024/25"] == str(hiring) == "3"  # the three enterprises the report names
    assert not [label for label in shown if "olden" in label]  # no count of golden cards: none is published
    assert shown["Dual training, 2024/25"] == str(dual)
    assert shown["Enterprises, 2024/25"] == str(enterprises)
    agreements = table_with(at, "Signed on")
    assert len(agreements) == read(demo_warehouse, "select count(*) from fct_partnership where academic_year = 2024")[0][0]
    # empty signing dates are said to be unpublished, never shown as blank or NaT
    unsigned = read(demo_warehouse, "select count(*) from fct_partnership where academic_year = 2024 "
                                    "and signed_on is null")[0][0]
    assert (agreements["Signed on"] == "not published").sum() == unsigned > 0
    # hiring decisions: enterprise <- college (a link to its profile), the enterprise's name escaped for Markdown
    assert "**ИП «Ли А\\.Д\\.»** ← [Sarkand Polytechnic College](/college?college=KZ33-C003&lang=en)" in texts(at)


def test_employment_equals_the_warehouse(app, demo_warehouse):
    at = app(demo_warehouse, PAGE, lang="en").run()
    latest = read(demo_warehouse, "select max(academic_year) from fct_graduation where academic_year <= 2024")[0][0]
    (graduates, employed), = read(demo_warehouse, "select sum(graduates), sum(employed) from fct_graduation "
                                                  "where academic_year = $y", {"y": latest})
    (prev_g, prev_e), = read(demo_warehouse, "select sum(graduates), sum(employed) from fct_graduation "
                                             "where academic_year = $y", {"y": latest - 1})
    label = f"{latest}/{(latest + 1) % 100:02d}"
    shown = metrics(at)
    assert shown[f"Graduates of {label}"] == fmt_int(graduates, "en")
    assert shown[f"Employed graduates of {label}"] == fmt_int(employed, "en")
    assert shown[f"Employment rate, graduates of {label}"] == fmt_pct(employed / graduates, "en")
    delta = next(m for m in at.metric if m.label.startswith("Employment rate")).proto.delta
    assert delta.startswith(f"{(employed / graduates - prev_e / prev_g) * 100:+.1f}")
    by_college = next(df.value for df in at.dataframe if list(df.value.columns[:2]) == ["College", "Graduates"])
    assert len(by_college) == read(demo_warehouse, "select count(distinct college_id) from fct_graduation "
                                                   "where academic_year = $y", {"y": latest})[0][0]
    assert int(by_college["Graduates"].sum()) == graduates
    assert int(by_college["Employed"].sum()) == employed
    fields = table_with(at, "Field of education (ISCED-F)")
    assert int(fields["Graduates"].sum()) == graduates


def test_small_fixture_rate_leaves_out_unreported_graduates(app, small_warehouse):
    # 2023 graduates: T01 30 (20 employed), T03 12 (employment "-" = not reported) -> 20 / 30
    at = app(small_warehouse, PAGE, lang="en").run()
    assert not at.exception
    shown = metrics(at)
    assert shown["Graduates of 2023/24"] == "42"
    assert shown["Employed graduates of 2023/24"] == "20"
    assert shown["Employment rate, graduates of 2023/24"] == "66.7%"
    assert shown["Memoranda, 2024/25"] == "2"
    agreements = table_with(at, "Signed on")
    assert set(agreements["Signed on"]) == {"2025-02-14", "not published"}
    assert "ТОО «Кайнар\\-АКБ»" not in set(agreements["Enterprise"])  # table cells hold the plain name
    assert "ТОО «Кайнар-АКБ»" in set(agreements["Enterprise"])


def test_kind_filter_changes_the_page_and_lives_in_the_url(app, demo_warehouse):
    at = app(demo_warehouse, PAGE, lang="en").run()
    at.selectbox(key="url_kind").set_value("hiring_decision").run()
    assert not at.exception
    assert at.query_params["kind"] in (["hiring_decision"], "hiring_decision")
    agreements = table_with(at, "Signed on")
    assert set(agreements["Kind of agreement"]) == {"Decision to hire graduates"} and len(agreements) == 3
    subheaders = [s.value for s in at.subheader]
    assert "Decisions to hire graduates, 2024/25: enterprise ← college" in subheaders
    assert "Dual training agreements, 2024/25: enterprise ← college" not in subheaders

    again = app(demo_warehouse, PAGE, lang="en", kind="dual_training", year="2022").run()
    assert not again.exception
    assert again.selectbox(key="url_kind").value == "dual_training"
    assert again.selectbox(key="url_year").value == 2022
    agreements = table_with(again, "Signed on")
    assert list(agreements["Kind of agreement"]) == ["Dual training"] * 2
    assert set(agreements["Academic year"]) == {"2022/23"}
    assert metrics(again)["Dual training, 2022/23"] == "2"


def test_year_in_the_url_moves_employment_to_that_graduation_year(app, demo_warehouse):
    at = app(demo_warehouse, PAGE, lang="ru", year="2021").run()
    assert not at.exception
    assert t("partnerships.card.rate", "ru", year="2021/22") in metrics(at)
    assert metrics(at)[t("partnerships.card.memoranda", "ru", year="2021/22")] == "0"


@pytest.mark.parametrize("bad", [BAD, "../../etc/passwd", "9999", "<script>"])
def test_hostile_url_values_are_ignored(app, demo_warehouse, bad):
    at = app(demo_warehouse, PAGE, lang=bad, year=bad, kind=bad, region=bad).run()
    assert not at.exception
    assert at.selectbox(key="url_kind").value == "all"
    assert t("partnerships.card.memoranda", "ru", year="2024/25") in metrics(at)


def test_empty_selection_shows_the_no_data_message(app, small_warehouse):
    at = app(small_warehouse, PAGE, lang="kk", kind="dual_training").run()
    assert not at.exception
    body = texts(at)
    assert t("block.no_data", "kk") in body
    assert metrics(at)[t("partnerships.card.dual_training", "kk", year="2024/25")] == "0"


def test_region_without_agreements_or_graduates_shows_no_data(app, tmp_path):
    import shutil

    from conftest import REFERENCE, SMALL, build_or_fail

    src = tmp_path / "src"
    src.mkdir()
    for name in ("source.csv", "dim_college.csv", "fct_enrollment.csv"):
        shutil.copy(SMALL / name, src / name)
    build_or_fail([REFERENCE, src], tmp_path / "warehouse.duckdb")
    at = app(tmp_path / "warehouse.duckdb", PAGE, lang="en").run()
    assert not at.exception
    assert texts(at).count(t("block.no_data", "en")) >= 4  # memoranda per kind, sectors, agreements, employment
    assert metrics(at)["Memoranda, 2024/25"] == "0"


def test_pure_helpers():
    assert rate(20, 30) == pytest.approx(2 / 3)
    assert rate(None, 30) is None and rate(5, 0) is None
    assert graduation_year([2019, 2020, 2023], 2022) == 2020
    assert graduation_year([2023], 2019) == 2023
    assert graduation_year([], 2024) is None
    df = pd.DataFrame({"academic_year": [2023, 2024, 2024], "college_id": ["a", "a", "b"],
                       "graduates": [10, 20, 5], "graduates_reported": [10, 20, 0], "employed": [5, 15, None],
                       "is_demo": [True, True, True]})
    rows = employment_rates(df, 2024, ["college_id"])
    assert list(rows["college_id"]) == ["a", "b"]
    assert rows.loc[0, "rate"] == pytest.approx(0.75) and rows.loc[0, "change"] == pytest.approx(0.25)
    assert pd.isna(rows.loc[1, "rate"])
    total = employment_total(df, 2024)
    assert total["graduates"] == 25 and total["rate"] == pytest.approx(0.75)
    summary = year_summary(pd.DataFrame({"academic_year": [2024, 2024], "kind": ["memorandum", "memorandum"],
                                         "enterprise": ["X", "X"], "college_id": ["a", "b"]}), 2024)
    assert summary["memorandum"] == 2 and summary["enterprises"] == 1 and summary["dual_training"] == 0


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_sectors_are_shown_in_the_page_language(app, demo_warehouse, lang):
    # The demo gives every sector in kk, ru and en (fct_partnership.sector_kk / _ru / _en): the page shows the
    # page's language, never the English source text on a Russian or Kazakh page.
    at = app(demo_warehouse, PAGE, lang=lang).run()
    assert not at.exception
    expected = {r[0][:1].upper() + r[0][1:] for r in read(demo_warehouse, f"""
        select distinct sector_{lang} from fct_partnership where academic_year = 2024 and sector is not null""")}
    table = table_with(at, t("partnerships.col.enterprise_names", lang))
    shown = set(table[t("partnerships.col.sector", lang)]) - {t("partnerships.sector_none", lang)}
    assert shown == expected and len(expected) >= 8
    if lang == "ru":
        assert "Пищевая промышленность: сахар" in shown and "Food processing: sugar" not in shown


def test_sector_in_falls_back_to_another_language_then_to_the_source_text():
    from tvet.partnerships import sector_in

    assert sector_in({"sector": "energy", "sector_ru": "энергетика", "sector_kk": None}, "kk") == "энергетика"
    assert sector_in({"sector": "energy", "sector_en": None}, "en") == "energy"
    assert sector_in({"sector": None}, "ru") is None
