"""The published figures shipped in data/reference: the graduation convention, sources with links for at least 15
regions, texts in three languages, and the "region among others" view read from the warehouse the real ETL builds."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from tvet import among_regions, warehouse

REF = Path(__file__).resolve().parents[1] / "data" / "reference"


def _rows(name: str) -> list[dict[str, str]]:
    with open(REF / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


FIGURES = _rows("published_figure.csv")
SOURCES = {r["source_id"]: r for r in _rows("source.csv")}
GRADUATES = [r for r in FIGURES if r["indicator"] == "graduates"]

# "June 2025 graduation" (en), «выпуск июня 2025 года» (ru), «2025 жылғы маусымдағы түлектер» (kk).
_JUNE = {"note_en": re.compile(r"\bJune (\d{4}) graduat"), "note_ru": re.compile(r"выпуск июня (\d{4}) года"),
         "note_kk": re.compile(r"(\d{4}) жылғы маусымдағы түлектер")}


def test_there_are_graduates_rows_to_check():
    assert len(GRADUATES) >= 4


@pytest.mark.parametrize("row", GRADUATES, ids=lambda r: f"{r['region_code']}-{r['academic_year']}-{r['source_id']}")
def test_every_graduates_row_names_its_june_graduation_and_sits_one_year_before_it(row):
    # The project's rule: academic_year is the year the academic year starts, so the June YYYY graduation ends
    # the academic year YYYY-1 (June 2025 -> 2024/25 -> 2024). Each language's note must say the same June.
    years = {}
    for col, pattern in _JUNE.items():
        m = pattern.search(row[col] or "")
        assert m, f"{col} of {row['region_code']} {row['academic_year']} ({row['source_id']}) names no June graduation"
        years[col] = int(m.group(1))
    assert len(set(years.values())) == 1, years
    assert int(row["academic_year"]) == years["note_en"] - 1


def test_the_corrected_national_graduates_follow_the_shared_facts():
    national = {(r["academic_year"], r["source_id"]): r["value"] for r in GRADUATES if r["region_code"] == "KZ"}
    assert national == {("2023", "bns_tvet_2024"): "158700", ("2024", "bns_tvet_2025"): "169300"}


def test_every_figure_cites_a_source_and_is_said_in_three_languages():
    for r in FIGURES:
        assert r["source_id"] in SOURCES, r
        if r["note"]:
            assert r["note_kk"] and r["note_ru"] and r["note_en"], r
    for s in SOURCES.values():
        for col in ("title_kk", "title_ru", "title_en", "publisher_kk", "publisher_ru", "publisher_en"):
            assert s[col], (s["source_id"], col)
    # No Latin-only title on a Kazakh or Russian page: the forum report's title is translated.
    forum = SOURCES["zhetysu_forum_2025"]
    assert forum["title_ru"].startswith("Форум") and "Forum" not in forum["title_kk"]


def test_at_least_15_regions_have_tvet_figures_from_a_linked_source():
    linked = {r["region_code"] for r in FIGURES
              if r["region_code"] != "KZ" and r["indicator"] != "population"
              and SOURCES[r["source_id"]]["url"].startswith("https://")}
    assert len(linked) >= 15, sorted(linked)


def test_the_kerbulak_statement_is_a_source_with_its_quote():
    s = SOURCES["kz24_kerbulak_2025"]
    assert s["publisher"] == "24.kz"
    assert "Сейчас у нас в Кербулакском районе нет ни одного колледжа" in s["note"]


def test_shape_draws_per_10000_only_where_a_population_is_published():
    rows = pd.DataFrame({
        "region_code": ["KZ-75", "KZ-75", "KZ-63", "KZ-31"], "academic_year": [2025, 2025, 2025, 2017],
        "value": [76000.0, 86000.0, 20000.0, 26890.0], "population": [2337023.0, 2337023.0, None, 1216849.0],
        "population_year": [2025, 2025, None, 2025],
        "source_publisher": ["Bureau", "akimat", "office", "Kazinform"],
        "source_url": ["https://kazpravda.kz/n/x/", "https://www.inform.kz/ru/y", None, "https://en.inform.kz/z"]})
    shaped = among_regions.shape(rows, "students", relative=True)
    by = shaped.set_index(["region_code", "value"])
    # 76 000 / 2 337 023 * 10 000 = 325.2; 86 000 / 2 337 023 * 10 000 = 368.0
    assert by.loc[("KZ-75", 76000.0), "shown"] == pytest.approx(325.2, abs=0.05)
    assert by.loc[("KZ-75", 86000.0), "shown"] == pytest.approx(368.0, abs=0.05)
    assert not by.loc[("KZ-63", 20000.0), "drawn"]  # no population published
    assert not by.loc[("KZ-31", 26890.0), "drawn"]  # a 2017/18 figure and a 2025 population: 8 years apart
    assert shaped["repeated"].tolist().count(True) == 2  # Almaty city: two sources, same year, both kept
    # A bar's label names its source by the site of its link, else by its publisher.
    assert set(shaped["source_tag"]) == {"kazpravda.kz", "inform.kz", "office", "en.inform.kz"}
    # Colleges are never put per inhabitants: the published value is drawn.
    colleges = among_regions.shape(rows, "colleges", relative=True)
    assert colleges["shown"].tolist() == sorted(rows["value"].tolist())


def test_the_warehouse_gives_titles_and_notes_in_the_page_language(demo_warehouse):
    con = warehouse.connect(demo_warehouse)
    try:
        ru = warehouse.query(con, "published_figures", region="KZ-33", lang="ru")
        kk = warehouse.query(con, "published_figures", region="KZ-33", lang="kk")
        none = warehouse.query(con, "published_figures", region="KZ-33")
        regions = warehouse.query(con, "published_by_region", indicator="students", lang="en")
    finally:
        con.close()
    forum = lambda df: df[df["source_id"] == "zhetysu_forum_2025"].iloc[0]  # noqa: E731
    assert forum(ru)["source_title"].startswith("Форум «Рабочие профессии")
    assert forum(kk)["source_title"].startswith("Талдықорғандағы")
    assert forum(none)["source_title"].startswith("Forum \"Рабочие")  # no language: the title as first written
    assert forum(ru)["quote"] == forum(kk)["quote"] == "в регионе действует 27 колледжей"  # the source's words
    assert forum(ru)["note"] == "число колледжей на момент публикации"
    almaty = regions[regions["region_code"] == "KZ-75"]
    assert len(almaty) == 2 and set(almaty["value"]) == {76000.0, 86000.0}
    assert (almaty["population"] == 2337023).all() and (almaty["population_year"] == 2025).all()
    # Shaped as the Overview draws it: Almaty city per 10,000 inhabitants from both sources, a region without a
    # published population not drawn (the warehouse gives its population year as a nullable integer).
    shaped = among_regions.shape(regions, "students", relative=True)
    drawn = shaped[shaped["drawn"]]
    assert set(drawn.loc[drawn["region_code"] == "KZ-75", "shown"].round(1)) == {325.2, 368.0}
    assert not shaped.loc[shaped["region_code"] == "KZ-39", "drawn"].any()  # Kostanay: no population published


def test_overview_draws_regions_per_10000_with_both_years_and_lets_the_user_pick_the_figure(app, demo_warehouse):
    from conftest import figure, table_with, values

    at = app(demo_warehouse, lang="ru").run()
    assert not at.exception
    bars = figure(at, "among_regions")["data"][0]
    labels, shown = list(bars["y"]), values(bars["x"])
    # Zhetysu: 13 900 students (2024/25) per its population 699 000 (1 August 2022): 198.9 per 10 000 inhabitants.
    zhetysu = [i for i, label in enumerate(labels) if label.startswith("область Жетісу, 2024/25 · население 2022")]
    assert len(zhetysu) == 1 and shown[zhetysu[0]] == pytest.approx(198.9, abs=0.05)
    # Almaty city: the Bureau's 76 thousand and the akimat's 86 thousand, each bar named by its source.
    assert {label for label in labels if label.startswith("г. Алматы, 2025/26")} == {
        "г. Алматы, 2025/26 · население 2025 — kazpravda.kz", "г. Алматы, 2025/26 · население 2025 — inform.kz"}
    # Kostanay publishes no population: not drawn, named in the caption, kept in the table with its own figure.
    assert not any(label.startswith("Костанайская") for label in labels)
    table = table_with(at, "На 10 000 жителей")
    kostanay = table[table["Регион, учебный год"].str.startswith("Костанайская")]
    assert list(kostanay["На 10 000 жителей"]) == ["—"] and list(kostanay["Опубликованное значение"]) == ["20\u202f984"]
    assert "Костанайская область" in " ".join(c.value for c in at.caption)

    colleges = app(demo_warehouse, lang="en", among="colleges").run()
    assert not colleges.exception
    bars = figure(colleges, "among_regions")["data"][0]
    turkistan = sorted(v for label, v in zip(bars["y"], values(bars["x"]))
                       if label.startswith("Turkistan Region, 2025/26"))
    assert turkistan == [38, 50]  # the Bureau's colleges universe and the regional office's count, both kept
    assert "Colleges by region, as published" in [s.value for s in colleges.header]


def test_methodology_lists_published_figures_with_notes_in_the_page_language_and_the_source_words(app, demo_warehouse):
    from conftest import table_with

    from tvet.i18n import t

    at = app(demo_warehouse, "pages/methodology.py", lang="kk").run()
    assert not at.exception
    table = table_with(at, t("methodology.published_quote.col", "kk"))
    row = table[table[t("methodology.col.note", "kk")] == "мақала жарияланған кездегі колледждер саны"]
    assert list(row[t("methodology.published_quote.col", "kk")]) == ["в регионе действует 27 колледжей"]
    # A share is shown as a share: the Bureau's 58.5% of the June 2024 graduates employed.
    shares = table[table[t("methodology.col.note", "kk")]
                   == "2024 жылғы маусымдағы түлектердің жұмысқа орналасқан үлесі (Бюро анықтамасы)"]
    assert list(shares[t("methodology.col.value", "kk")]) == ["58,5\u00a0%"]
