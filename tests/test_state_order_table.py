"""State-order tables of akimat resolutions (etl/state_order_table.py) through the real build.

The fixtures (tests/fixture_state_order.py, committed in tests/fixtures/official/) are built with data/reference
and tests/fixtures/small into a real warehouse; the expected rows are worked out here from the fixture's spec
(RU_GROUPS, KK_ROWS), not copied from the warehouse. Bad tables come from tests/bad_input/cases_state_order.py.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

import fixture_state_order as fx
from bad_input.cases_state_order import CASES, GOOD, NO_YEAR_TITLE
from bad_input.cases_state_order import rows as order_rows
from conftest import DEMO, MESSY_BASE, REFERENCE, ROOT, SMALL, build_or_fail, read
from etl import state_order_table
from etl.build import build
from etl.readers import _sniff_delimiter
from etl.textnorm import clean_cell, decode
from tvet import settings

YEAR = 2024


def cost(text: str) -> int:
    """«452 300,0» -> 452300: the fixture's costs are whole tenge."""
    whole, _, fraction = text.replace(" ", "").partition(",")
    assert fraction.strip("0") == ""
    return int(whole)


def expected_ru() -> list[tuple]:
    """fct_state_order rows of the Russian annex: region level, no language, local budget, one row per filled
    column of places."""
    out = []
    for _, lines in fx.RU_GROUPS:
        for spec, _, qual, _, places, money in lines:
            for (form, base), text in zip(fx.RU_PLACES, places):
                if fx.number(text) is not None:
                    out.append((YEAR, "KZ-33", None, spec, qual, None, form, base, "local", fx.number(text),
                                cost(money), False))
    return sorted(out, key=str)


def expected_kk() -> list[tuple]:
    """fct_state_order rows of the Kazakh annex: colleges named by their Kazakh names, resolved to their ids."""
    with open(SMALL / "dim_college.csv", encoding="utf-8") as f:
        college_ids = {r["name_kk"]: r["college_id"] for r in csv.DictReader(f)}
    languages = {"қазақ тілінде": "kk", "орыс тілінде": "ru"}
    out = []
    for college, spec, qual, language, places, money in fx.KK_ROWS:
        for (form, base), text in zip(fx.KK_PLACES, places):
            if fx.number(text) is not None:
                out.append((YEAR, "KZ-33", college_ids[college], spec[:8], qual.split()[0], languages[language],
                            form, base, "local", fx.number(text), cost(money), False))
    return sorted(out, key=str)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """data/reference + tests/fixtures/small + the two committed annexes."""
    folder = tmp_path_factory.mktemp("state_order")
    src = folder / "official"
    src.mkdir()
    for name in (fx.RU_FILE, fx.KK_FILE):
        shutil.copy(fx.OFFICIAL / name, src / name)
    return build_or_fail([REFERENCE, SMALL, src], folder / "warehouse.duckdb").warehouse


def order_rows_of(warehouse: Path, file: str) -> list[tuple]:
    return sorted(read(warehouse, """
        select o.* exclude (source_id) from fct_state_order o join source s using (source_id)
        where s.note like '%' || $file || '%'""", {"file": file}), key=str)


# -- what reaches the warehouse --------------------------------------------------------------------------------------

def test_the_russian_annex_gives_one_row_per_filled_cell_of_places(warehouse):
    assert order_rows_of(warehouse, fx.RU_FILE) == expected_ru()


def test_the_russian_annex_totals_by_study_form_and_entry_base(warehouse):
    by_cell = Counter()
    for _, lines in fx.RU_GROUPS:
        for *_, places, _ in lines:
            for key, text in zip(fx.RU_PLACES, places):
                by_cell[key] += fx.number(text) or 0
    got = read(warehouse, """
        select o.study_form, o.entry_base, cast(sum(o.places) as integer),
               cast(sum(o.places * o.cost_per_student_kzt) as bigint)
        from fct_state_order o join source s using (source_id)
        where s.note like '%' || $file || '%' group by all""", {"file": fx.RU_FILE})
    assert {(form, base): n for form, base, n, _ in got} == {k: n for k, n in by_cell.items() if n}
    assert sum(n for _, _, n, _ in got) == sum(by_cell.values()) == 435
    assert sum(money for *_, money in got) == sum(fx.number(text) * cost(money)
                                                  for _, lines in fx.RU_GROUPS for *_, places, money in lines
                                                  for text in places if fx.number(text))


def test_the_kazakh_annex_names_colleges_that_become_their_ids(warehouse):
    rows = order_rows_of(warehouse, fx.KK_FILE)
    assert rows == expected_kk()
    assert {r[2] for r in rows} == {"KZ33-T02", "KZ33-T03"}
    assert sum(r[9] for r in rows) == 125


def test_each_annex_is_an_official_source_titled_as_written(warehouse):
    sources = read(warehouse, "select title, publisher, kind, note from source where source_id like 'akimat_order_%' "
                              "order by note")
    assert [(publisher, kind) for _, publisher, kind, _ in sources] == [
        ("Жетісу облысы әкімдігі", "official"), ("Акимат области Жетісу", "official")]
    kk, ru = sources
    assert kk[0] == " / ".join(fx.KK_TITLE) and fx.KK_FILE in kk[3]
    assert ru[0] == " / ".join(fx.RU_TITLE) and fx.RU_FILE in ru[3]


def test_the_build_notes_what_the_reader_skipped(warehouse):
    notes = dict(read(warehouse, "select file, notes from etl_input where table_name = 'fct_state_order' "
                                 "and file like '%/official/%'"))
    ru = next(v for k, v in notes.items() if k.endswith(fx.RU_FILE))
    assert "7 rows → 14 rows of places" in ru and "3 group row(s)" in ru and "1 total row skipped" in ru
    assert "language of instruction" in ru  # the annex states none: the language is left empty


# -- line numbers, titles --------------------------------------------------------------------------------------------

def sheet_rows(path: Path) -> list[list[str]]:
    from etl.readers import _xlsx_cell

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ws = wb.worksheets[0]
    ws.reset_dimensions()
    rows = [[_xlsx_cell(c) for c in r] for r in ws.iter_rows()]
    wb.close()
    return rows


def test_rows_keep_the_line_numbers_of_the_original_file():
    rows = sheet_rows(fx.OFFICIAL / fx.RU_FILE)
    order = next(t for t in state_order_table.read("ru.xlsx", None, rows, "xlsx", []) if t.table == "fct_state_order")
    qual = order.columns["qualification_code"]
    for line, cells in order.rows:  # the qualification's code stands in column C of that very row of the sheet
        assert rows[line - 1][2].split()[0] == cells[qual]
    assert {line for line, _ in order.rows} == {
        i + 1 for i, r in enumerate(rows) if len(r) > 2 and r[2][:2] in ("4S", "3W")}


@pytest.mark.parametrize("title, region, year, budget, publisher", [
    (["Приложение к постановлению акимата Алматинской области",
      "Государственный образовательный заказ на 2024/2025 учебный год за счет средств республиканского бюджета"],
     "KZ-19", 2024, "republican", "Акимат Алматинской области"),
    (["Алматы қаласы әкімдігінің қаулысына қосымша",
      "2025-2026 оқу жылына арналған мемлекеттік білім беру тапсырысы"], "KZ-75", 2025, "local",
     "Алматы қаласы әкімдігі"),
    (["Государственный образовательный заказ на подготовку кадров на 2023-24 учебный год"], None, 2023, "local",
     "Акимат"),
])
def test_the_title_gives_year_region_budget_and_publisher(title, region, year, budget, publisher):
    tables = state_order_table.read("t.csv", None, order_rows([GOOD], title=title), "utf-8", [])
    order, source = tables
    c = order.columns
    line, cells = order.rows[0]
    assert (cells[c["region_code"]], cells[c["academic_year"]], cells[c["budget"]]) == (
        region or settings.get("region"), str(year), budget)
    assert source.rows[0][1][2] == publisher
    assert (("note.order_default_region", {"region": settings.get("region")}) in order.notes) == (region is None)
    assert line == len(title) + 5  # title rows, an empty row, three header rows, then the first row of the body


def test_a_title_without_the_year_is_a_problem_and_no_rows():
    problems = []
    assert state_order_table.read("t.csv", None, order_rows([GOOD], title=NO_YEAR_TITLE), "utf-8", problems) == []
    assert [(p.row, p.rule) for p in problems] == [(1, "order_no_year")]


# -- recognising the format ------------------------------------------------------------------------------------------

def csv_rows(path: Path) -> list[list[str]]:
    text, _ = decode(path.read_bytes())
    return [[clean_cell(c) for c in r] for r in csv.reader(text.splitlines(), delimiter=_sniff_delimiter(text))]


TEMPLATE_FILES = sorted(f for folder in (SMALL, MESSY_BASE, REFERENCE, DEMO, ROOT / "data" / "templates")
                        for f in folder.rglob("*.csv"))


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=[str(f.relative_to(ROOT)) for f in TEMPLATE_FILES])
def test_the_projects_own_files_are_not_akimat_tables(path):
    assert not state_order_table.detect(csv_rows(path))


def test_a_template_under_a_state_order_title_is_still_a_template():
    """Contract columns (Учебный год, Источник) under a title naming the year: the template, not an annex."""
    rows = csv_rows(SMALL / "fct_state_order.csv")
    rows[0] = ["Учебный год", "Код региона", "Колледж", "Код специальности", "Квалификация", "Язык обучения",
               "Форма обучения", "База", "Бюджет", "Количество мест", "Средние расходы на обучение одного специалиста",
               "Источник"]
    assert not state_order_table.detect([["Государственный образовательный заказ на 2024-2025 учебный год"], [],
                                         *rows])


def test_the_annexes_are_recognised_from_their_rows():
    assert state_order_table.detect(sheet_rows(fx.OFFICIAL / fx.RU_FILE))
    assert state_order_table.detect(csv_rows(fx.OFFICIAL / fx.KK_FILE))


def test_the_committed_fixtures_are_what_the_generator_writes(tmp_path):
    fx.write_all(tmp_path)
    assert (tmp_path / fx.KK_FILE).read_bytes() == (fx.OFFICIAL / fx.KK_FILE).read_bytes()
    new, old = (openpyxl.load_workbook(p / fx.RU_FILE) for p in (tmp_path, fx.OFFICIAL))
    cells = [[[c.value for c in r] for r in book.active.iter_rows()] for book in (new, old)]
    assert cells[0] == cells[1]
    assert sorted(map(str, new.active.merged_cells.ranges)) == sorted(map(str, old.active.merged_cells.ranges))


# -- bad tables ------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("live") / "warehouse.duckdb"
    build_or_fail([REFERENCE, SMALL], path)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_a_bad_annex_gives_its_rule_and_leaves_the_live_warehouse_unchanged(live, tmp_path, case):
    before = sha256(live)
    src = tmp_path / "src"
    src.mkdir()
    case["write"](src / case["filename"])
    result = build([REFERENCE, SMALL, src], live, lang="en")
    assert not result.published
    assert case["rule"] in {p.rule for p in result.errors if Path(p.file).name.startswith(case["filename"])}
    assert sha256(live) == before


def test_text_in_places_is_reported_at_its_row_of_the_file(live, tmp_path):
    case = next(c for c in CASES if c["rule"] == "not_a_number")
    bad = tmp_path / "src" / case["filename"]
    bad.parent.mkdir()
    case["write"](bad)
    line = next(i for i, text in enumerate(bad.read_text(encoding="utf-8-sig").splitlines(), start=1)
                if "двадцать пять" in text)
    result = build([REFERENCE, SMALL, bad.parent], live, lang="en")
    assert [(p.row, p.column, p.value) for p in result.errors if p.rule == "not_a_number"] == [
        (line, "places", "двадцать пять")]
