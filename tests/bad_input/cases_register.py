"""Bad student-register exports («Контингент», tests/register_fixture.py), and the rule each must give.

A register is loaded with `python -m etl load FILE --college … --year …`; `args` holds those options where a
case needs them. KZ33-T01 teaches 06130100 (tests/fixtures/small), so the good groups below would load.
"""

from __future__ import annotations

import sys
from pathlib import Path

_TESTS = str(Path(__file__).resolve().parent.parent)
if _TESTS not in sys.path:  # the register writer lives in tests/
    sys.path.insert(0, _TESTS)

import register_fixture as fx  # noqa: E402

GROUPS = [("06130100", 1, "Государственный образовательный заказ (местный бюджет)", "казахский", "очная",
           "основную школу", 6, 1),
          ("06130100", 2, "Самофинансирование", "русский", "очная", "основную школу", 4, 0)]
BOTH = ("--college", "KZ33-T01", "--year", "2025")


def export(groups=GROUPS, headers=None, extra: dict | None = None, drop: str | tuple | None = None, cut: int = 0,
           end: str = ""):
    """A writer of an export of `groups`; `extra` adds columns (header -> value per row or a function of the row
    number), `drop` leaves a column out, `cut` bytes are cut off the end, `end` is written after the last line."""

    def write(path: Path) -> None:
        heads = list(headers or fx.HEADERS)
        rows = fx.rows(groups)
        for name in ((drop,) if isinstance(drop, str) else drop or ()):
            i = heads.index(name)
            heads = heads[:i] + heads[i + 1:]
            rows = [r[:i] + r[i + 1:] for r in rows]
        for h, value in (extra or {}).items():
            heads.append(h)
            rows = [r + [value(n) if callable(value) else value] for n, r in enumerate(rows)]
        data = ("\r\n".join("\t".join(r) for r in [heads, *rows]) + end).encode("utf-16")
        Path(path).write_bytes(data[: len(data) - cut] if cut else data)

    return write


def shifted(path: Path) -> None:
    """An export whose data rows were shifted one column right (an extra empty cell in front), as an export edited
    in a spreadsheet can be: every value sits under the header of its left neighbour."""
    rows = fx.rows(GROUPS)
    data = "\r\n".join("\t".join(r) for r in [fx.HEADERS, *[["", *r] for r in rows]])
    Path(path).write_bytes(data.encode("utf-16"))


def two_headers(path: Path) -> None:
    """An export whose header row stands twice (two exports pasted together)."""
    rows = fx.rows(GROUPS)
    data = "\r\n".join("\t".join(r) for r in [fx.HEADERS, fx.HEADERS, *rows])
    Path(path).write_bytes(data.encode("utf-16"))


def value_map(text: str):
    def write(path: Path) -> None:
        Path(path).write_text(text, encoding="utf-8")
    return write


def with_cell(column: str, value: str):
    """GROUPS with one column of the first group's students replaced (by the fixture's group field)."""
    i = ("specialty", "course", "funding", "language", "form", "base").index(column)
    first = list(GROUPS[0])
    first[i] = value
    return [tuple(first), *GROUPS[1:]]


CASES: list[dict] = [
    {"name": "register export missing its course column", "filename": "kontingent.txt",
     "write": export(drop="Курс обучения [5802]"), "args": BOTH, "rule": "register_missing_column"},
    {"name": "register export missing its specialty columns", "filename": "kontingent.txt",
     "write": export(drop=("Специальность [speciality_a]", "Специальность и классификатор (основной) [426]")),
     "args": BOTH, "rule": "register_missing_column"},
    {"name": "register export whose every student has left", "filename": "kontingent.txt",
     "write": export(groups=[("06130100", 1, "Самофинансирование", "русский", "очная", "среднюю школу", 5, 5)]),
     "args": BOTH, "rule": "register_all_left"},
    {"name": "register export with two colleges", "filename": "kontingent.txt",
     "write": export(extra={"БИН организации образования [org_bin]":
                            lambda n: "KZ33-T01" if n % 2 else "KZ33-T02"}),
     "args": ("--year", "2025"), "rule": "register_many_colleges"},
    {"name": "register export with no year", "filename": "kontingent.txt", "write": export(),
     "args": ("--college", "KZ33-T01"), "rule": "register_no_year"},
    {"name": "register export with no college", "filename": "kontingent.txt", "write": export(),
     "args": ("--year", "2025"), "rule": "register_no_college"},
    {"name": "register export cut at an odd byte", "filename": "kontingent.txt", "write": export(cut=1),
     "args": BOTH, "rule": "unreadable_text"},
    {"name": "register export of the header only", "filename": "kontingent.txt",
     "write": export(groups=[], end="\r\n"), "args": BOTH, "rule": "no_rows"},
    {"name": "register export of the header only, without a final line end", "filename": "kontingent.txt",
     "write": export(groups=[]), "args": BOTH, "rule": "no_rows"},
    {"name": "register export with an unknown specialty", "filename": "kontingent.txt",
     "write": export(groups=with_cell("specialty", "99999999")), "args": BOTH, "rule": "unknown_specialty"},
    {"name": "register export for an unknown college", "filename": "kontingent.txt", "write": export(),
     "args": ("--college", "KZ33-NOPE", "--year", "2025"), "rule": "unknown_college"},
    {"name": "register export with course 9", "filename": "kontingent.txt",
     "write": export(groups=with_cell("course", 9)), "args": BOTH, "rule": "course_out_of_range"},
    {"name": "register export with an unknown funding", "filename": "kontingent.txt",
     "write": export(groups=with_cell("funding", "неизвестно")), "args": BOTH, "rule": "unknown_value"},
    {"name": "register export of the year 2999", "filename": "kontingent.txt",
     "write": export(extra={"Учебный год [study_year]": "2999-3000"}), "args": ("--college", "KZ33-T01"),
     "rule": "year_out_of_range"},
    {"name": "register export with a =HYPERLINK formula as specialty", "filename": "kontingent.txt",
     "write": export(groups=with_cell("specialty", '=HYPERLINK("http://evil.example","06130100")')),
     "args": BOTH, "rule": "formula_cell"},
    {"name": "register export with its rows shifted one column right", "filename": "kontingent.txt",
     "write": shifted, "args": BOTH, "rule": "register_row_width"},
    {"name": "register export with its header row twice", "filename": "kontingent.txt",
     "write": two_headers, "args": BOTH, "rule": "bad_specialty_code"},
    {"name": "register export with an entry base nothing recognises", "filename": "kontingent.txt",
     "write": export(groups=with_cell("base", "высшее")), "args": BOTH, "rule": "unknown_value"},
    {"name": "register export with a language nothing recognises", "filename": "kontingent.txt",
     "write": export(groups=with_cell("language", "немецкий")), "args": BOTH, "rule": "unknown_value"},
    {"name": "value map mapping to a value the contract does not allow", "filename": "value_map.csv",
     "write": value_map("column_name,written,maps_to\nfunding,спонсор,sponsor\n"), "rule": "value_map_bad_value"},
    {"name": "value map naming a column without enumerated values", "filename": "value_map.csv",
     "write": value_map("column_name,written,maps_to\nstudents,много,100\n"), "rule": "value_map_unknown_column"},
]
