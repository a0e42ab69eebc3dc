"""Bad statistics tables of the Bureau of National Statistics, and the rule each must produce when loaded.

Each case is a realistic table (tests/fixture_stats_table.py, invented figures) with one thing wrong. `write(path)`
writes the XLSX file; `rule` is the rule id whose message the report must show (etl.rule.<rule> in tvet/i18n).
"""

from __future__ import annotations

import sys
from pathlib import Path

_TESTS = str(Path(__file__).resolve().parent.parent)
if _TESTS not in sys.path:  # the fixture writer lives in tests/
    sys.path.insert(0, _TESTS)

from fixture_stats_table import ADMISSION_KK, STUDENTS_RU, variant, write  # noqa: E402


def _rows(spec: dict, label: str, year_index: int, value) -> list:
    """The spec's rows with one value of the row `label` replaced."""
    out = []
    for name, values, extra in spec["rows"]:
        if name == label:
            values = [value if i == year_index else v for i, v in enumerate(values)]
        out.append((name, values, extra))
    return out


def _renamed(spec: dict, old: str, new: str) -> list:
    return [(new if name == old else name, values, extra) for name, values, extra in spec["rows"]]


def _writer(spec: dict):
    return lambda path: write(Path(path), spec)


CASES: list[dict] = [
    {"name": "a misspelt region name (Алмаатинская)",
     "filename": "stats_unknown_region.xlsx",
     "write": _writer(variant(STUDENTS_RU, rows=_renamed(STUDENTS_RU, "Алматинская1)", "Алмаатинская"))),
     "rule": "stats_unknown_region"},
    {"name": "a town instead of a region, in a Kazakh table (Талдықорған)",
     "filename": "stats_unknown_region_kk.xlsx",
     "write": _writer(variant(ADMISSION_KK, rows=_renamed(ADMISSION_KK, "Жетісу", "Талдықорған"))),
     "rule": "stats_unknown_region"},
    {"name": "a title that names no known indicator (wages)",
     "filename": "stats_unknown_indicator.xlsx",
     "write": _writer(variant(STUDENTS_RU, title=["Среднемесячная номинальная заработная плата работников "
                                                  "по регионам", "(тенге)"])),
     "rule": "stats_unknown_indicator"},
    {"name": "a sheet with the title, the header and footnotes but no rows of figures",
     "filename": "stats_only_footnotes.xlsx",
     "write": _writer(variant(STUDENTS_RU, rows=[])),
     "rule": "stats_no_data"},
    {"name": "a sheet with only the title and footnotes",
     "filename": "stats_title_and_footnotes.xlsx",
     "write": _writer(variant(STUDENTS_RU, rows=[], group=None, years=[], extra=None)),
     "rule": "stats_no_data"},
    {"name": "the group header «Годы» merged over the row that should hold the years",
     "filename": "stats_years_merged_away.xlsx",
     "write": _writer(variant(STUDENTS_RU, years_in_group=True)),
     "rule": "stats_no_years"},
    {"name": "a figure for Zhetysu Region in 2019, before the region was created",
     "filename": "stats_zhetysu_2019.xlsx",
     "write": _writer(variant(STUDENTS_RU, rows=_rows(STUDENTS_RU, "Жетысуская", 0, 11850))),
     "rule": "stats_region_before_creation"},
    {"name": "text in a number cell",
     "filename": "stats_text_in_number.xlsx",
     "write": _writer(variant(STUDENTS_RU, rows=_rows(STUDENTS_RU, "Акмолинская", 2, "17 512 (оценка)"))),
     "rule": "not_a_number"},
    {"name": "an absurd negative number",
     "filename": "stats_negative.xlsx",
     "write": _writer(variant(STUDENTS_RU, rows=_rows(STUDENTS_RU, "Карагандинская1)", 4, -29105))),
     "rule": "stats_negative_value"},
    {"name": "a year typed as 2204",
     "filename": "stats_year_2204.xlsx",
     "write": _writer(variant(STUDENTS_RU, years=[2019, 2020, 2021, 2022, 2023, 2204])),
     "rule": "stats_year_out_of_range"},
]
