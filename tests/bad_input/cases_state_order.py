"""Bad state-order tables of akimat resolutions, and the rule each must produce when loaded.

Each case is a small annex «Государственный образовательный заказ … на 2024-2025 учебный год» of the akimat of
Zhetysu Region (invented numbers, real specialty and qualification codes) with one thing wrong. CSV files are
UTF-8 with a BOM and «;»-separated, as Excel in a Russian locale saves them; the header cases are XLSX files with
real merged ranges. Rules come from the reader (etl/state_order_table.py: order_*) or from the staging SQL that
checks the rows it passes on (etl/staging.py: not_a_number, negative, unknown_specialty, unknown_college,
duplicate_key).
"""

from __future__ import annotations

from pathlib import Path

TITLE = ["Приложение к постановлению акимата области Жетісу от 12 июля 2024 года № 218",
         "Государственный образовательный заказ на подготовку кадров с техническим и профессиональным, "
         "послесредним образованием на 2024-2025 учебный год"]
NO_YEAR_TITLE = [TITLE[0], "Государственный образовательный заказ на подготовку кадров с техническим и "
                           "профессиональным, послесредним образованием на учебный год"]
HEADER = [["№ п/п", "Код и наименование специальности", "Код и наименование квалификации", "Количество мест", "",
           "Средние расходы на обучение одного специалиста за учебный год (тенге)"],
          ["", "", "", "очная форма обучения", "", ""],
          ["", "", "", "на базе 9 классов", "на базе 11 классов", ""]]
SOFTWARE = ["06130100 Программное обеспечение (по видам)", "4S06130103 Разработчик программного обеспечения"]
ACCOUNTING = ["04110100 Учет и аудит", "4S04110102 Бухгалтер"]


def rows(body: list[list[str]], title: list[str] = TITLE, college: bool = False) -> list[list[str]]:
    """The annex: title rows, an empty row, the three-row header (with a college column if asked), the body."""
    header = [list(r) for r in HEADER]
    if college:
        for r, text in zip(header, ("Наименование организации образования", "", "")):
            r.insert(1, text)
    return [[t] for t in title] + [[]] + header + body


def csv_writer(table: list[list[str]]):
    def write(path: Path) -> None:
        text = "".join(";".join(r) + "\r\n" for r in table)
        Path(path).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return write


def xlsx_writer(table: list[list[str]], merges: list[str]):
    def write(path: Path) -> None:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        for r in table:
            ws.append([int(c) if c.isdigit() else (c or None) for c in r])
        for cells in merges:
            ws.merge_cells(cells)
        wb.save(path)
    return write


GOOD = ["1", *SOFTWARE, "50", "25", "712 450"]
# The header of rows(): rows[3:6] (rows 4-6 of the file); the body starts at row 7.
MERGES = ["A4:A6", "B4:B6", "C4:C6", "D4:E4", "D5:E5", "F4:F6"]


def _entry_base_merged_over_both() -> list[list[str]]:
    """«на базе 9 классов» merged over both columns of places, and «на базе 11 классов» lost under it."""
    table = rows([GOOD])
    table[5] = ["", "", "", "на базе 9 классов", "", ""]
    return table


def _study_form_over_the_cost() -> list[list[str]]:
    """«очная форма обучения» typed over the cost column instead of over the places."""
    table = rows([GOOD])
    table[4] = ["", "", "", "", "", "очная форма обучения"]
    return table


CASES: list[dict] = [
    {"name": "an akimat state order whose title lost the academic year",
     "filename": "goszakaz_no_year.csv",
     "write": csv_writer(rows([GOOD], title=NO_YEAR_TITLE)),
     "rule": "order_no_year"},
    {"name": "an akimat state order naming a college that is not in dim_college",
     "filename": "goszakaz_unknown_college.csv",
     "write": csv_writer(rows([["1", "Колледж несуществующий № 99", *SOFTWARE, "50", "25", "712 450"]],
                              college=True)),
     "rule": "unknown_college"},
    {"name": "an akimat state order with a specialty code not in the classifier",
     "filename": "goszakaz_unknown_specialty.csv",
     "write": csv_writer(rows([GOOD, ["2", "06139900 Искусственный интеллект", "", "25", "-", "712 450"]])),
     "rule": "unknown_specialty"},
    {"name": "an akimat state order with words where a number of places should be",
     "filename": "goszakaz_text_in_places.csv",
     "write": csv_writer(rows([GOOD, ["2", *ACCOUNTING, "двадцать пять", "-", "452 300"]])),
     "rule": "not_a_number"},
    {"name": "an akimat state order with a negative number of places",
     "filename": "goszakaz_negative_places.csv",
     "write": csv_writer(rows([GOOD, ["2", *ACCOUNTING, "-25", "", "452 300"]])),
     "rule": "negative"},
    {"name": "an akimat state order listing one qualification twice with different places",
     "filename": "goszakaz_duplicate_rows.csv",
     "write": csv_writer(rows([GOOD, ["2", *SOFTWARE, "40", "-", "712 450"]])),
     "rule": "duplicate_key"},
    {"name": "an akimat state order whose entry-base header is merged over both columns of places",
     "filename": "goszakaz_base_merged_over_both.xlsx",
     "write": xlsx_writer(_entry_base_merged_over_both(), [*MERGES, "D6:E6"]),
     "rule": "order_same_header"},
    {"name": "an akimat state order whose second column of places lost its header text",
     "filename": "goszakaz_headless_column.xlsx",
     "write": xlsx_writer([r[:4] + [""] + r[5:] if 3 <= i <= 5 else r for i, r in enumerate(rows([GOOD]))],
                          [m for m in MERGES if m not in ("D4:E4", "D5:E5")]),
     "rule": "order_same_header"},
    {"name": "an akimat state order whose study-form header sits over the cost column",
     "filename": "goszakaz_form_over_cost.xlsx",
     "write": xlsx_writer(_study_form_over_the_cost(), [m for m in MERGES if m not in ("D5:E5", "F4:F6")]),
     "rule": "order_unlabelled_places"},
]
