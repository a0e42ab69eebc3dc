"""Statistics tables in the layout of the Bureau of National Statistics (stat.gov.kz), written with openpyxl.

THE FIGURES ARE INVENTED: plausible in size and in how they move (Almaty, Karaganda and East Kazakhstan Regions
shrink in 2022 when Zhetysu, Ulytau and Abai Regions are split off), but they are not the Bureau's figures. The
titles, headers, region names, conventional signs and footnotes are written the way the Bureau writes them.

`write(path, spec)` writes one sheet from a spec (title rows, a merged group header over the year cells, an optional
extra column, region rows, footnotes), with real merged ranges. STUDENTS_RU and ADMISSION_KK are the committed
fixtures tests/fixtures/official/stats_students_ru.xlsx and stats_admission_kk.xlsx; `python
tests/fixture_stats_table.py` writes them again. tests/bad_input/cases_stats_table.py builds bad tables from them.
"""

from __future__ import annotations

import copy
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

OFFICIAL = Path(__file__).resolve().parent / "fixtures" / "official"
NBSP = "\u00a0"

STUDENTS_RU: dict = {
    "sheet": "4.1",
    "title": ["Численность студентов в организациях технического и профессионального, послесреднего образования "
              "по регионам",
              "(на начало учебного года; человек)"],
    "corner": "",
    "group": "Годы",
    "years": [2019, 2020, 2021, 2022, 2023, 2024],
    "extra": "2024 г. в % к 2023 г.",
    "numbers_row": False,
    "rows": [
        ("Республика Казахстан", [488120, 479305, 496871, 523640, 540215, 556480], 103.0),
        ("Абай", ["-", "-", "-", 17210, 17655, 18020], 102.1),
        ("Акмолинская", ["…", 17340, 17512, 17890, 18105, 18390], 101.6),
        ("Алматинская1)", [38410, 38905, 39620, 27115, 27830, 28460], 102.3),
        ("Жетысуская", ["-", "-", "-", 12930, 13480, 13960], 103.6),
        ("Карагандинская1)", [30215, 30480, 30910, 28640, 29105, 29530], 101.5),
        ("Ұлытау", ["-", "-", "-", "х", 2110, 2185], 103.6),
        ("Восточно-Казахстанская1)", [33860, 34120, 34510, 17290, 17540, 17915], 102.1),
        ("г.Нур-Султан", [34905, 36120, 37480, 38915, 40260, 41730], 103.7),
        ("г.Алматы", [61340, 62905, 64210, 66480, 68120, 70015], 102.8),
        ("г.Шымкент", [40120, 41860, 43105, 44920, 46310, 47880], 103.4),
    ],
    "footnotes": [
        "Примечание: данные приведены на начало учебного года.",
        "1) До 2022 года – в прежних границах: Алматинская область включая территорию области Жетісу, "
        "Карагандинская – области Ұлытау, Восточно-Казахстанская – области Абай.",
        "х – данные конфиденциальны.",
        "… – данные отсутствуют.",
    ],
}

ADMISSION_KK: dict = {
    "sheet": "Қабылдау",
    "title": ["Техникалық және кәсіптік, орта білімнен кейінгі білім беру ұйымдарына қабылдау",
              "(өңірлер бойынша; адам)"],
    "corner": "Өңірлер",
    "group": "Жылдар",
    "years": ["2019 ж.", "2020 ж.", "2021 ж.", "2022 ж.", "2023 ж.", "2024 ж."],
    "extra": None,
    "numbers_row": True,  # the row «А | 1 | 2 | …» that numbers the columns under the header
    "rows": [
        ("Қазақстан Республикасы", [f"158{NBSP}940", f"161{NBSP}205", f"170{NBSP}330", f"188{NBSP}615",
                                    f"192{NBSP}470", f"197{NBSP}085"], None),
        ("Абай", ["-", "-", "-", 6120, 6340, 6515], None),
        ("Ақмола", [6410, 6580, "...", 6920, 7015, 7230], None),
        ("Алматы", [13905, 14220, 14610, 9840, 10115, 10390], None),
        ("Жетісу", ["-", "-", "-", 4620, 4810, 4975], None),
        ("Қарағанды", [10830, 11010, 11245, 10120, 10390, 10575], None),
        ("Ұлытау", ["-", "-", "-", "к", 805, 840], None),
        ("Шығыс Қазақстан", [12170, 12395, 12640, 6410, 6585, 6720], None),
        ("Астана қ.", [12480, 13105, 13790, 14520, 15210, 15985], None),
        ("Алматы қ.", [21905, 22640, 23415, 24380, 25260, 26110], None),
        ("Шымкент қ.", [14310, 14985, 15620, 16340, 16905, 17480], None),
    ],
    "footnotes": [
        "Ескертпе: 2022 жылға дейінгі деректер облыстардың бұрынғы шекараларында келтірілген.",
        "* к – құпия деректер.",
    ],
}

FIXTURES = {"stats_students_ru.xlsx": STUDENTS_RU, "stats_admission_kk.xlsx": ADMISSION_KK}


def variant(spec: dict, **changes) -> dict:
    """A deep copy of a spec with some keys replaced."""
    out = copy.deepcopy(spec)
    out.update(changes)
    return out


def write(path: Path, spec: dict) -> None:
    """One sheet: title rows (merged across the table), an empty row, the group header merged over the years and
    the corner cell merged down, the year row, region rows, an empty row and the footnotes (each merged)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = spec["sheet"]
    years = spec["years"]
    width = 1 + len(years) + (1 if spec["extra"] else 0)
    row = 1
    for line in spec["title"]:
        ws.cell(row, 1, line).font = Font(bold=row == 1)
        _merge_across(ws, row, width)
        row += 1
    row += 1  # an empty row under the title
    group_row = row
    year_row = group_row + 1 if spec["group"] is not None else group_row
    if spec["group"] is not None:
        # The group header spans the year columns; merged in the wrong place (years_in_group), it also covers the
        # row that should hold the years, and the years are lost.
        ws.cell(group_row, 2, spec["group"]).alignment = Alignment(horizontal="center")
        down = year_row if spec.get("years_in_group") else group_row
        ws.merge_cells(start_row=group_row, start_column=2, end_row=down, end_column=1 + len(years))
        ws.cell(group_row, 1, spec["corner"] or None)
        ws.merge_cells(start_row=group_row, start_column=1, end_row=year_row, end_column=1)
    if not spec.get("years_in_group"):
        for j, year in enumerate(years, start=2):
            ws.cell(year_row, j, year)
    if spec["extra"]:
        ws.cell(group_row, width, spec["extra"])
        if year_row != group_row:
            ws.merge_cells(start_row=group_row, start_column=width, end_row=year_row, end_column=width)
    row = year_row + 1
    if spec["numbers_row"]:
        ws.cell(row, 1, "А")
        for j in range(2, width + 1):
            ws.cell(row, j, j - 1)
        row += 1
    for name, values, extra in spec["rows"]:
        ws.cell(row, 1, name)
        for j, value in enumerate(values, start=2):
            ws.cell(row, j, value)
        if spec["extra"] and extra is not None:
            ws.cell(row, width, extra)
        row += 1
    row += 1  # an empty row above the footnotes
    for line in spec["footnotes"]:
        ws.cell(row, 1, line)
        _merge_across(ws, row, width)
        row += 1
    ws.column_dimensions["A"].width = 32
    wb.save(path)


def _merge_across(ws, row: int, width: int) -> None:
    if width > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def data_row(spec: dict, index: int) -> int:
    """The 1-based sheet row of the spec's region row `index` (0-based), as `write` lays it out."""
    header_rows = 2 if spec["group"] is not None else 1
    return len(spec["title"]) + 1 + header_rows + (1 if spec["numbers_row"] else 0) + index + 1


def cell_values(path: Path) -> dict[str, list[list]]:
    """Every sheet's cell values (as stored) and merged ranges, for comparing two workbooks."""
    wb = openpyxl.load_workbook(path)
    try:
        return {ws.title: [[c.value for c in r] for r in ws.iter_rows()] + [sorted(map(str, ws.merged_cells.ranges))]
                for ws in wb.worksheets}
    finally:
        wb.close()


def write_all(folder: Path = OFFICIAL) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, spec in FIXTURES.items():
        write(folder / name, spec)
        out.append(folder / name)
    return out


if __name__ == "__main__":
    for p in write_all():
        print(p)
