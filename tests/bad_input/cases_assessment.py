"""Bad annual college-assessment workbooks (tests/assessment_fixture.py, layout §2 of the official file layouts), and
the rule each must give. Loaded with `python -m etl load FILE --year 2024`; the good workbook of the small fixture
region (fx.small_region()) would load, so each case changes one thing.
"""

from __future__ import annotations

import sys
from pathlib import Path

_TESTS = str(Path(__file__).resolve().parent.parent)
if _TESTS not in sys.path:  # the workbook writer lives in tests/
    sys.path.insert(0, _TESTS)

import assessment_fixture as fx  # noqa: E402

YEAR = ("--year", "2024")


def book(change=None, **options):
    """A writer of the small region's workbook after `change(rows)` (which edits the rows in place or returns new
    ones); options go to fx.write (headers, extra_header_rows)."""

    def write(path: Path) -> None:
        rows = fx.small_region()
        if change:
            rows = change(rows) or rows
        fx.write(path, rows, **options)

    return write


def cell(row: int, col: int, value):
    """A change that writes `value` at data row `row` (0-based, under the header), column `col`."""

    def change(rows):
        rows[row][col] = value

    return change


def shifted_headers() -> list:
    """A column inserted before the specialty: every header from column 10 on moves one place right."""
    return fx.HEADERS[:10] + ["Вставленный столбец"] + fx.HEADERS[10:]


def with_stranger(rows):
    stranger = fx.college("КГКП «Колледж сервиса и туризма»", "Саркандский район", row_id=4, capacity=70)
    return rows + [stranger, fx.specialty(stranger, "01140100", admitted=10)]


CASES: list[dict] = [
    {"name": "assessment workbook naming an unknown college", "filename": "ocenka.xlsx", "args": YEAR,
     "write": book(with_stranger), "rule": "assessment_unknown_college"},
    {"name": "assessment workbook with more employed than graduates in a/b", "filename": "ocenka.xlsx",
     "args": YEAR, "write": book(cell(1, 102, "31/30")), "rule": "assessment_employed_over_graduates"},
    {"name": "assessment workbook with a negative count", "filename": "ocenka.xlsx", "args": YEAR,
     "write": book(cell(1, 109, -3)), "rule": "negative"},
    {"name": "assessment workbook with a college twice", "filename": "ocenka.xlsx", "args": YEAR,
     "write": book(lambda rows: rows + rows[:2]), "rule": "assessment_college_twice"},
    {"name": "assessment workbook with a specialty row before any college row", "filename": "ocenka.xlsx",
     "args": YEAR, "write": book(lambda rows: [rows[1], *rows]), "rule": "assessment_specialty_before_college"},
    {"name": "assessment workbook with an unknown specialty", "filename": "ocenka.xlsx", "args": YEAR,
     "write": book(cell(1, 46, "99999999 – Несуществующая специальность")), "rule": "assessment_unknown_specialty"},
    {"name": "assessment workbook naming a region the reference does not know", "filename": "ocenka.xlsx",
     "args": YEAR, "write": book(lambda rows: [[r[0], "Луговая область", *r[2:]] for r in rows]),
     "rule": "assessment_unknown_region"},
    {"name": "assessment workbook naming two regions", "filename": "ocenka.xlsx", "args": YEAR,
     "write": book(lambda rows: rows[:3] + [[r[0], "Абай облысы", *r[2:]] for r in rows[3:]]),
     "rule": "assessment_many_regions"},
    {"name": "assessment workbook of the header only", "filename": "ocenka.xlsx", "args": YEAR,
     "write": book(lambda rows: rows.clear()), "rule": "assessment_empty"},
    {"name": "assessment workbook with no cells at all", "filename": "2024_Жетісу.xlsx", "args": YEAR,
     "write": lambda path: __import__("openpyxl").Workbook().save(path), "rule": "empty_file"},
    {"name": "assessment workbook with shifted columns", "filename": "ocenka.xlsx", "args": YEAR,
     "write": book(lambda rows: [r[:10] + [""] + r[10:] for r in rows], headers=shifted_headers()),
     "rule": "assessment_shifted_columns"},
    {"name": "assessment workbook with numbers where the college names should be", "filename": "ocenka.xlsx",
     "args": YEAR, "write": book(lambda rows: [[*r[:3], 150, *r[4:]] if not r[46] else r for r in rows]),
     "rule": "assessment_shifted_cells"},
    {"name": "assessment workbook with two header rows", "filename": "ocenka.xlsx", "args": YEAR,
     "write": book(extra_header_rows=1), "rule": "assessment_two_header_rows"},
    {"name": "assessment workbook with employment for a specialty with no graduates", "filename": "ocenka.xlsx",
     "args": YEAR, "write": book(cell(2, 102, 4)), "rule": "assessment_employed_no_graduates"},
    {"name": "assessment workbook with no year given or in its name", "filename": "ocenka.xlsx",
     "write": book(), "rule": "assessment_no_year"},
    {"name": "assessment workbook with a specialty without its code", "filename": "ocenka.xlsx", "args": YEAR,
     "write": book(cell(1, 46, "Программное обеспечение (по видам)")), "rule": "assessment_no_specialty_code"},
    {"name": "assessment workbook with the same specialty twice for a college", "filename": "ocenka.xlsx",
     "args": YEAR, "write": book(lambda rows: rows[:2] + [rows[1]] + rows[2:]), "rule": "assessment_specialty_twice"},
    {"name": "assessment workbook with words in a count cell", "filename": "ocenka.xlsx", "args": YEAR,
     "write": book(cell(1, 78, "около пятидесяти")), "rule": "not_a_number"},
    {"name": "assessment workbook with a fraction of a student", "filename": "ocenka.xlsx", "args": YEAR,
     "write": book(cell(0, 13, "1 204,5")), "rule": "not_whole"},
    {"name": "assessment workbook with a college of unknown ownership to add", "filename": "ocenka.xlsx",
     "args": (*YEAR, "--add-colleges"),
     "write": book(lambda rows: with_stranger(rows)[:-2] + [
         fx.college("Колледж сервиса", "Саркандский район", row_id=4, ownership="смешанная", capacity=70)]),
     "rule": "assessment_unknown_ownership"},
]
