"""Statistics tables of the Bureau of National Statistics: recognised from their rows, loaded into published_figure
by the real build, refused with a rule naming row, column and value when something is wrong.

The expected figures are worked out here from the fixture's spec (tests/fixture_stats_table.py, invented numbers),
with the meaning of each region name written out below, not copied from the warehouse.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from conftest import DEMO, MESSY_BASE, REFERENCE, SMALL, build_or_fail, read
from fixture_stats_table import (ADMISSION_KK, FIXTURES, NBSP, OFFICIAL, STUDENTS_RU, cell_values, data_row,
                                 variant, write, write_all)

from bad_input.cases_stats_table import CASES
from etl import stats_table
from etl.build import build
from etl.problems import Problem
from etl.readers import read_file
from etl.textnorm import clean_cell, decode

# What each region name of the fixtures means (ISO 3166-2).
REGION_OF = {
    "Республика Казахстан": "KZ", "Абай": "KZ-10", "Акмолинская": "KZ-11", "Алматинская1)": "KZ-19",
    "Жетысуская": "KZ-33", "Карагандинская1)": "KZ-35", "Ұлытау": "KZ-62", "Восточно-Казахстанская1)": "KZ-63",
    "г.Нур-Султан": "KZ-71", "г.Алматы": "KZ-75", "г.Шымкент": "KZ-79",
    "Қазақстан Республикасы": "KZ", "Ақмола": "KZ-11", "Алматы": "KZ-19", "Жетісу": "KZ-33", "Қарағанды": "KZ-35",
    "Шығыс Қазақстан": "KZ-63", "Астана қ.": "KZ-71", "Алматы қ.": "KZ-75", "Шымкент қ.": "KZ-79",
}
INDICATOR = {"stats_students_ru.xlsx": "students", "stats_admission_kk.xlsx": "admitted"}
SIGNS = {"-", "…", "...", "х", "x", "к"}
# Regions that lost territory on 8 June 2022, and the region their earlier figures included.
OLD_BORDERS = {"KZ-19": "Zhetysu", "KZ-35": "Ulytau", "KZ-63": "Abai"}


def number(value) -> float | None:
    """The figure a cell of the spec holds, or None for a conventional sign."""
    if isinstance(value, str) and value in SIGNS:
        return None
    return float(str(value).replace(NBSP, "").replace(" ", ""))


def expected(name: str) -> list[tuple[str, int, str, float]]:
    """(region, academic year, indicator, value) of every figure of a fixture: students and admissions are counted
    in the academic year that starts in the year of the header."""
    spec = FIXTURES[name]
    years = [int(str(y)[:4]) for y in spec["years"]]
    out = []
    for label, values, _ in spec["rows"]:
        for year, value in zip(years, values):
            if number(value) is not None:
                out.append((REGION_OF[label], year, INDICATOR[name], number(value)))
    return sorted(out)


def signs(spec: dict) -> int:
    return sum(isinstance(v, str) and v in SIGNS for _, values, _ in spec["rows"] for v in values)


@pytest.fixture(scope="module")
def stats_dir(tmp_path_factory) -> Path:
    """Only this helper's committed fixtures (tests/fixtures/official/ holds other formats' files too)."""
    folder = tmp_path_factory.mktemp("official")
    for name in FIXTURES:
        shutil.copy(OFFICIAL / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, stats_dir) -> Path:
    path = tmp_path_factory.mktemp("stats") / "warehouse.duckdb"
    build_or_fail([REFERENCE, SMALL, stats_dir], path)
    return path


def figures(warehouse: Path, name: str) -> list[tuple]:
    return read(warehouse, "select f.region_code, f.academic_year, f.indicator, f.value from published_figure f "
                           "join source s using (source_id) where s.note like '%' || $name || '%' "
                           "order by 1, 2, 3, 4", {"name": name})


# -- the committed fixtures ------------------------------------------------------------------------------------

def test_committed_fixtures_are_what_the_writer_writes(tmp_path):
    for path in write_all(tmp_path):
        assert cell_values(path) == cell_values(OFFICIAL / path.name), path.name


def test_fixture_has_real_merged_ranges_and_a_footnote_block():
    import openpyxl

    ws = openpyxl.load_workbook(OFFICIAL / "stats_students_ru.xlsx").active
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:H1", "B4:G4", "A4:A5", "H4:H5"} <= merged
    assert ws["B4"].value == "Годы" and [ws.cell(5, j).value for j in range(2, 8)] == list(range(2019, 2025))
    assert ws.cell(ws.max_row - 3, 1).value.startswith("Примечание")


# -- the warehouse ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(FIXTURES))
def test_every_figure_reaches_published_figure_and_signs_give_no_row(warehouse, name):
    got = figures(warehouse, name)
    assert got == expected(name)
    spec = FIXTURES[name]
    cells = sum(len(values) for _, values, _ in spec["rows"])
    assert len(got) == cells - signs(spec)  # one row per number, none per sign (never 0)


def test_country_and_zhetysu_per_year(warehouse):
    students = {(r, y): v for r, y, _, v in figures(warehouse, "stats_students_ru.xlsx")}
    assert [students.get(("KZ", y)) for y in range(2019, 2025)] == [488120, 479305, 496871, 523640, 540215, 556480]
    # Zhetysu Region exists from 2022: "-" before, no row and no zero
    assert [students.get(("KZ-33", y)) for y in range(2019, 2025)] == [None, None, None, 12930, 13480, 13960]
    admitted = {(r, y): v for r, y, _, v in figures(warehouse, "stats_admission_kk.xlsx")}
    kz = [number(v) for v in ADMISSION_KK["rows"][0][1]]  # "158 940" with a no-break space
    assert [admitted.get(("KZ", y)) for y in range(2019, 2025)] == kz == [158940, 161205, 170330, 188615, 192470,
                                                                          197085]
    assert [admitted.get(("KZ-33", y)) for y in range(2019, 2025)] == [None, None, None, 4620, 4810, 4975]
    assert ("KZ-62", 2022) not in students and ("KZ-62", 2022) not in admitted  # "х" and "к": suppressed


def test_regions_that_lost_territory_say_so_before_2022(warehouse):
    rows = read(warehouse, "select region_code, academic_year, note, qualifier, unit from published_figure "
                           "where source_id like 'bns\\_%' escape '\\' and length(source_id) = 14")
    assert len(rows) == len(expected("stats_students_ru.xlsx")) + len(expected("stats_admission_kk.xlsx"))
    for region, year, note, qualifier, unit in rows:
        assert (qualifier, unit) == ("exact", "persons")
        if region in OLD_BORDERS and year < 2022:
            assert "borders before 8 June 2022" in note and f"today's {OLD_BORDERS[region]} Region" in note
        else:
            assert note is None, (region, year, note)
    old = [r for r in rows if r[0] in OLD_BORDERS and r[1] < 2022]
    assert len(old) == 2 * 3 * 3  # two tables, three regions, 2019-2021


def test_each_table_is_an_official_source(warehouse):
    sources = read(warehouse, "select source_id, title, publisher, kind, note from source "
                              "where source_id in (select source_id from published_figure) and note like '%stats_%'"
                              " order by title")
    assert [(s[1], s[3]) for s in sources] == sorted(
        [(" ".join(spec["title"]), "official") for spec in FIXTURES.values()])
    for source_id, _, publisher, _, note in sources:
        assert source_id.startswith("bns_") and len(source_id) == 14
        assert "Бюро национальной статистики" in publisher
        assert "stats_students_ru.xlsx" in note or "stats_admission_kk.xlsx" in note


def test_what_was_skipped_is_recorded_per_input(warehouse):
    notes = dict(read(warehouse, "select file, notes from etl_input where table_name = 'published_figure' "
                                 "and file like '%stats_%'"))
    ru = next(v for k, v in notes.items() if k.endswith("stats_students_ru.xlsx"))
    assert f"{signs(STUDENTS_RU)} cell(s) with a conventional sign not loaded" in ru
    assert "columns other than the years were not read: 2024 г. в % к 2023 г." in ru
    assert f"{len(STUDENTS_RU['footnotes'])} footnote rows skipped" in ru
    assert read(warehouse, "select header_row from etl_input where file like '%stats_students_ru.xlsx' "
                           "and table_name = 'published_figure'") == [(5,)]


def test_the_same_table_gives_the_same_source_id_and_a_changed_cell_another(tmp_path):
    def source_ids(path):
        return {row[6] for t in read_file(path, path.name, []) if t.table == "published_figure" for _, row in t.rows}
    a, b, c = tmp_path / "a.xlsx", tmp_path / "b.xlsx", tmp_path / "c.xlsx"
    write(a, STUDENTS_RU)
    write(b, STUDENTS_RU)
    rows = [("Республика Казахстан", [488121, *STUDENTS_RU["rows"][0][1][1:]], 103.0), *STUDENTS_RU["rows"][1:]]
    write(c, variant(STUDENTS_RU, rows=rows))
    assert source_ids(a) == source_ids(b) != source_ids(c)
    assert len(source_ids(a)) == 1


# -- years and indicators --------------------------------------------------------------------------------------

def figures_of(rows: list[list[str]]) -> list[tuple[str, str, str, str]]:
    tables = stats_table.read("t.csv", None, rows, "utf-8", problems := [])
    assert not problems, problems
    fig = next(t for t in tables if t.table == "published_figure")
    return [(r[0], r[1], r[2], r[3]) for _, r in fig.rows]


@pytest.mark.parametrize("title,header,indicator,academic_years", [
    ("Выпуск специалистов организациями технического и профессионального образования", ["2023", "2024 г."],
     "graduates", ["2022", "2023"]),  # graduation in June 2024 ends academic year 2023/24
    ("Выпуск специалистов организациями технического и профессионального образования", ["2022/2023", "2023-2024"],
     "graduates", ["2022", "2023"]),
    ("Численность студентов организаций ТиПО", ["2023/2024", "2024/25"], "students", ["2023", "2024"]),
    ("Техникалық және кәсіптік білім беру ұйымдарындағы студенттер саны", ["2023 ж.", "2024 жыл"], "students",
     ["2023", "2024"]),
    ("Численность студентов, обучающихся по государственному образовательному заказу", ["2023", "2024"],
     "state_order_students", ["2023", "2024"]),
    ("Количество организаций технического и профессионального, послесреднего образования (единиц)",
     ["2023", "2024"], "organisations", ["2023", "2024"]),
    ("Число колледжей", ["2023", "2024"], "colleges", ["2023", "2024"]),
])
def test_years_follow_the_convention_of_each_indicator(title, header, indicator, academic_years):
    got = figures_of([[title, "", ""], ["", *header], ["Республика Казахстан", "100", "1 200,5"],
                      ["г.Алматы", "10", "20"]])
    assert [g for g in got if g[0] == "KZ"] == [("KZ", academic_years[0], indicator, "100"),
                                                 ("KZ", academic_years[1], indicator, "1 200,5")]


@pytest.mark.parametrize("spelling,code", [
    ("Республика Казахстан", "KZ"), ("Қазақстан Республикасы", "KZ"), ("Абайская", "KZ-10"),
    ("область Абай", "KZ-10"), ("Абай облысы", "KZ-10"), ("Жетысуская область", "KZ-33"), ("область Жетісу", "KZ-33"),
    ("Жетісу облысы", "KZ-33"), ("ЖЕТIСУ ОБЛЫСЫ", "KZ-33"), ("область Ұлытау", "KZ-62"), ("Улытауская", "KZ-62"),
    ("г. Нур-Султан", "KZ-71"), ("г.Нур-Султан", "KZ-71"), ("Нұр-Сұлтан қаласы", "KZ-71"), ("г.Астана", "KZ-71"),
    ("Астана қ.", "KZ-71"), ("г.Алматы", "KZ-75"), ("Алматы қ.", "KZ-75"), ("Алматы", "KZ-19"),
    ("Алматинская область", "KZ-19"), ("Алматинская¹", "KZ-19"), ("г.Шымкент", "KZ-79"),
    ("Южно-Казахстанская область", "KZ-61"), ("Оңтүстік Қазақстан облысы", "KZ-61"),
    ("Северо - Казахстанская", "KZ-59"), ("East Kazakhstan Region", "KZ-63"), ("Талдыкорган", None),
])
def test_region_spellings_of_statistics_tables(spelling, code):
    assert stats_table.region_code(spelling) == code


# -- what is not a statistics table ----------------------------------------------------------------------------

def template_rows(path: Path) -> list[list[str]]:
    text, _ = decode(path.read_bytes())
    return [[clean_cell(c) for c in r] for r in csv.reader(io.StringIO(text, newline=""))]


@pytest.mark.parametrize("path", sorted(p for folder in (SMALL, MESSY_BASE, REFERENCE, DEMO)
                                        for p in folder.iterdir() if p.suffix == ".csv"),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_templates_are_never_claimed(path):
    assert not stats_table.detect(template_rows(path))


def test_an_instructions_sheet_is_not_claimed():
    assert not stats_table.detect([["Заполните лист «Прием 2024». Столбцы: Учебный год, Колледж …"], [],
                                   ["Колледж", "код колледжа из справочника"]])


# -- bad tables ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("live") / "warehouse.duckdb"
    build_or_fail([REFERENCE, SMALL], path)
    return path


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_each_bad_table_is_refused_with_its_rule_and_nothing_is_published(tmp_path, live, case):
    folder = tmp_path / "src"
    folder.mkdir()
    case["write"](folder / case["filename"])
    before = live.read_bytes()
    result = build([REFERENCE, SMALL, folder], live, lang="en")
    assert not result.published
    assert live.read_bytes() == before
    mine = [p for p in result.errors if case["filename"] in p.file]
    assert case["rule"] in {p.rule for p in mine}, [(p.rule, p.row, p.value) for p in result.errors]
    for p in mine:
        assert p.what("ru") != f"etl.rule.{p.rule}" and p.fix("kk") != f"etl.fix.{p.rule}"


def problems_of(spec: dict, tmp_path: Path) -> list[Problem]:
    path = tmp_path / "t.xlsx"
    write(path, spec)
    problems: list[Problem] = []
    read_file(path, "t.xlsx", problems)
    return problems


def test_problems_name_the_row_column_and_value_of_the_sheet(tmp_path):
    rows = [("Алмаатинская" if n == "Алматинская1)" else n, v, e) for n, v, e in STUDENTS_RU["rows"]]
    [p] = problems_of(variant(STUDENTS_RU, rows=rows), tmp_path)
    assert (p.rule, p.row, p.column, p.value) == ("stats_unknown_region", data_row(STUDENTS_RU, 3), "A",
                                                  "Алмаатинская")
    assert "SYNONYMS" in p.fix("en") and "dim_region.csv" in p.fix("kk")

    rows = [(n, [11850, *v[1:]] if n == "Жетысуская" else v, e) for n, v, e in STUDENTS_RU["rows"]]
    [p] = problems_of(variant(STUDENTS_RU, rows=rows), tmp_path)
    assert (p.rule, p.row, p.column, p.value) == ("stats_region_before_creation", data_row(STUDENTS_RU, 4),
                                                  "B (2019)", "11850")
    assert "«-»" in p.fix("ru") and "2022" in p.fix("ru") and "KZ-19" in p.fix("ru")

    [p] = problems_of(variant(STUDENTS_RU, title=["Среднемесячная заработная плата работников по регионам"]),
                      tmp_path)
    assert (p.rule, p.row) == ("stats_unknown_indicator", 1) and "студент" in p.fix("en")

    [p] = problems_of(variant(STUDENTS_RU, years_in_group=True), tmp_path)
    # the last filled row above the figures: the group header whose merged range hides the years' row
    assert (p.rule, p.row, p.value) == ("stats_no_years", data_row(STUDENTS_RU, 0) - 2,
                                        "Годы | 2024 г. в % к 2023 г.")
