"""Reader of state-order tables of akimat resolutions (XLSX/CSV) -> fct_state_order and one source row.

An akimat resolution's annex «Государственный образовательный заказ на подготовку кадров с техническим и
профессиональным, послесредним образованием на 2024-2025 учебный год» (kk: «… мемлекеттік білім беру тапсырысы»)
is recognised from its rows, never from the file name: title rows, then a header row naming the specialty
(«Код и наименование специальности», «Мамандық») and the places («Количество мест», «Орын саны»), without the
template's source_id / academic_year columns. Under «Количество мест» sub-headers (merged cells, which come
through as the value in the first cell and "" in the others) say the study form, the entry base and sometimes
the language of each column of places.

The reader only reshapes: one fct_state_order row per table row × column of places that holds something, its line
number the row of the original file. The year, the region, the budget and the publisher come from the title; a
college column (names, not ids) or a group row naming a college gives the college; values are passed on as text
for the staging SQL to check (specialty codes, places, cost, language and college names: see etl/staging.py).
Group rows (a field, a college), total rows, the row of column numbers and footnotes are skipped and counted.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from etl import schema
from etl.problems import Problem
from etl.readers import ACCEPTED, HEADER_SCAN_ROWS, RawTable, _is_total
from etl.textnorm import column_letter, fold, header_key
from tvet import settings

CONTRACT = schema.table("fct_state_order").column_names
PLACES = "places"  # the contract column a problem with a column of places names
HEADER_MAX_ROWS = 8


def _patterns(*words: str) -> re.Pattern:
    """Words as regular expressions over folded text (written in plain Cyrillic here, folded like the text)."""
    return re.compile("|".join(fold(w) for w in words))


# What a header names, tried in this order (a cost header names a specialist, a places header may name a language).
COLUMN_KINDS: tuple[tuple[str, re.Pattern], ...] = (
    ("cost", _patterns(r"расход", r"шығыс", r"стоимост", r"\bқұн", r"\bcost")),
    ("places", _patterns(r"количеств\w* мест", r"кол-?во мест", r"\bчисл\w* мест", r"\bорын\w* сан",
                         r"\bnumber of places")),
    ("specialty", _patterns(r"специальност", r"\bмамандық", r"\bspecialt")),
    ("qualification", _patterns(r"квалификац", r"\bбіліктілі", r"\bqualificat")),
    ("college", _patterns(r"организац\w* образован", r"\bколледж", r"учебн\w* заведен", r"білім беру ұйым",
                          r"\bоқу орн", r"\bcollege")),
    ("language", _patterns(r"\bязык", r"\bтіл", r"\blanguage")),
    ("study_form", _patterns(r"форм\w* обучен", r"\bоқу нысан", r"\bstudy form")),
    ("entry_base", _patterns(r"\bбаз", r"негізінде", r"\bentry base")),
)
# What a header over a column of places (or the title) says: contract value -> words.
LABELS: dict[str, tuple[tuple[str, re.Pattern], ...]] = {
    "study_form": (("full_time", _patterns(r"\bочн", r"\bкүндізгі", r"\bfull.time")),
                   ("part_time", _patterns(r"\bзаочн", r"\bсырттай", r"\bpart.time", r"\bextramural")),
                   ("evening", _patterns(r"\bвечерн", r"\bкешкі", r"\bevening"))),
    "entry_base": (("9", _patterns(r"\b9\s*-?\s*(класс|кл\b|сынып)", r"\bосновн\w* средн", r"\bнегізгі орта",
                                   r"\bооо\b", r"\bgrade 9")),
                   ("11", _patterns(r"\b11\s*-?\s*(класс|кл\b|сынып)", r"\bобщ\w* средн", r"\bжалпы орта",
                                    r"\bосо\b", r"\bgrade 11"))),
    "language": (("kk", _patterns(r"\bказахск", r"\bқазақ(\s|ша|$)", r"\bkazakh")),
                 ("ru", _patterns(r"\bрусск", r"\bорыс", r"\brussian")),
                 ("en", _patterns(r"\bанглийск", r"\bағылшын", r"\benglish"))),
}
TOTAL = _patterns(r"\bвсего\b", r"\bитого\b", r"\bбарлығы\b", r"\bжиыны\b", r"\btotal\b")
THOUSANDS = _patterns(r"\bтыс", r"\bмың", r"\bthousand")
CODE_PREFIX = _patterns(r"^\s*(код|коды|шифр|code)\b")
COLLEGE_GROUP = _patterns(r"\bколледж", r"\bcollege", r"\bвысш\w* школ", r"\bжоғары мектеп")
STATE_ORDER = _patterns(r"\bзаказ", r"\bтапсырыс", r"\bstate order")
REPUBLICAN = _patterns(r"\bреспубликанск", r"\bреспубликалық", r"\brepublican")
AKIMAT_RU = re.compile(r"акимат\w*\s+(област\w*\s+[^\s,.;]+|[^\s,.;]+\s+област\w*|город\w*\s+[^\s,.;]+|"
                       r"г\.\s*[^\s,.;]+|[^\s,.;]+\s+район\w*)", re.I)
AKIMAT_KK = re.compile(r"([^\s,.;]+\s+(?:облысы|қаласы|ауданы))\w*\s+әкімдіг", re.I)
YEAR_PAIR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-–—/]\s*(\d{4}|\d\d)(?!\d)")
SPECIALTY_CODE = re.compile(r"(?<!\d)\d{7,8}(?!\d)")
QUALIFICATION_CODE = re.compile(r"^(\d?[A-Za-zА-Яа-яӘәІі]{1,2}\d{8}|\d{8})(?=\s|$|[.,:;—–-])")
NUMBER = re.compile(r"-?[\d ]+([.,]\d+)?")
SIGNS = {"-", "–", "—", "…", "...", "x", "X", "х", "Х"}


@dataclass
class Column:
    index: int
    path: list[str]  # header texts from the top header row down
    labels: dict[str, str | None] = field(default_factory=dict)  # study_form / entry_base / language

    @property
    def text(self) -> str:
        return " / ".join(self.path)


@dataclass
class Layout:
    body: int  # 0-based row where the body starts (the header ends)
    columns: dict[str, int]  # specialty, qualification, college, language, study_form, entry_base -> index
    places: list[Column]
    costs: list[Column]
    total_columns: int


# -- recognising the table ------------------------------------------------------------------------------------------

def _kind(text: str) -> str | None:
    folded = fold(text)
    return next((kind for kind, pattern in COLUMN_KINDS if pattern.search(folded)), None)


def _label(text: str, what: str) -> str | None:
    """The one value a text states for study_form / entry_base / language, or None (none, or several)."""
    folded = fold(text)
    found = {value for value, pattern in LABELS[what] if pattern.search(folded)}
    return found.pop() if len(found) == 1 else None


def _is_template_header(row: list[str]) -> bool:
    """A header row of one of the project's templates: it names two columns of one table."""
    return any(len({keys.get(header_key(c)) for c in row if c} - {None}) >= 2 for keys in ACCEPTED.values())


def _names_template_columns(row: list[str]) -> bool:
    """The state-order template names source_id and academic_year; an akimat table has neither (its year is in
    the title)."""
    keys = ACCEPTED["fct_state_order"]
    return any(keys.get(header_key(c)) in ("source_id", "academic_year") for c in row if c)


def _header_index(rows: list[list[str]]) -> int | None:
    """The row of the akimat table's header: it names the specialty and the places, under a title naming the state
    order, with no template header above it or template column in it."""
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        kinds = {_kind(c) for c in row if c}
        if "places" in kinds and "specialty" in kinds:
            titled = any(STATE_ORDER.search(fold(c)) for r in rows[:i] for c in r if c)
            return i if titled and not _names_template_columns(row) else None
        if _is_template_header(row):
            return None
    return None


def detect(rows: list[list[str]]) -> bool:
    """True when the rows are a state-order table of an akimat resolution: a title naming the state order above a
    header that names the specialty and the number of places, and no template columns (source_id, academic_year)."""
    return _header_index(rows) is not None


# -- the header ------------------------------------------------------------------------------------------------------

def _is_numbering(cells: list[str]) -> bool:
    """The row of column numbers under a header: 1, 2, 3, …"""
    filled = [c for c in cells if c]
    if len(filled) < 3 or not all(c.isdigit() for c in filled):
        return False
    first = int(filled[0])
    return [int(c) for c in filled] == list(range(first, first + len(filled)))


def _header_end(rows: list[list[str]], h: int, places_col: int) -> int:
    """The first row after the header h: an empty row, the column numbers, a total, a row with a code or with
    one text cell left of the places (a group or a data row), or numbers under the places with text on their left.
    (Sub-header rows hold text over the places, or split a header such as «код» | «наименование».)"""
    for i in range(h + 1, min(len(rows), h + HEADER_MAX_ROWS)):
        cells = rows[i]
        left = [c for c in cells[:places_col] if c]
        numbers = any(NUMBER.fullmatch(c) for c in cells[places_col:] if c)
        if (not any(cells) or _is_numbering(cells) or _is_total(cells) or len(left) == 1
                or any(SPECIALTY_CODE.search(c) for c in left) or (left and numbers)):
            return i
    return min(len(rows), h + HEADER_MAX_ROWS)


def _paths(header: list[list[str]], body: list[list[str]], width: int) -> list[list[str]]:
    """Each column's header texts, top to bottom. A merged cell's value stands in its first cell: an empty cell
    takes the value on its left when it is under the same headers above (a merged cell spans within its parent)
    and its column has sub-headers below it or values in the body."""
    in_body = [any(r[j] for r in body) for j in range(width)]
    paths: list[list[str]] = [[] for _ in range(width)]
    for a, row in enumerate(header):
        above = [list(p) for p in paths]
        source = None  # the column whose cell may span to the right
        for j in range(width):
            if row[j]:
                source = j
            elif source is not None and above[j] == above[source] and (
                    in_body[j] or any(r[j] for r in header[a + 1:])):
                pass  # inside the merged cell of `source`
            else:
                source = None
                continue
            text = row[source]
            if not paths[j] or paths[j][-1] != text:
                paths[j].append(text)
    return paths


def _pick(candidates: list[int], paths: list[list[str]]) -> int | None:
    """Of several columns of one kind (code and name apart), the code's."""
    coded = [j for j in candidates if CODE_PREFIX.search(fold(paths[j][-1]))]
    return (coded or candidates or [None])[0]


def _layout(rows: list[list[str]], h: int) -> Layout:
    width = len(rows[h])
    places_col = min(j for j, c in enumerate(rows[h]) if c and _kind(c) == "places")
    end = _header_end(rows, h, places_col)
    paths = _paths(rows[h:end], rows[end:], width)
    by_kind: dict[str, list[int]] = {}
    for j, path in enumerate(paths):
        kind = _kind(" / ".join(path)) if path else None
        if kind:
            by_kind.setdefault(kind, []).append(j)
    places = [Column(j, paths[j]) for j in by_kind.get("places", [])]
    totals = [c for c in places if TOTAL.search(fold(c.text))]
    if len(totals) < len(places):
        places = [c for c in places if c not in totals]
    else:
        totals = []
    costs = [Column(j, paths[j]) for j in by_kind.get("cost", [])]
    for col in (*places, *costs):
        col.labels = {what: _label(col.text, what) for what in LABELS}
    columns = {kind: _pick(by_kind[kind], paths) for kind in
               ("specialty", "qualification", "college", "language", "study_form", "entry_base") if kind in by_kind}
    return Layout(end, columns, places, costs, len(totals))


# -- the title -------------------------------------------------------------------------------------------------------

def _loose(text: str) -> str:
    """Folded, with Kazakh letters as their Russian neighbours and ы as і: «Жетісу» = «Жетысу»."""
    return fold(text.lower().translate(str.maketrans("әғқңөұүһіы", "агкноуухии")))


@lru_cache(maxsize=1)
def _region_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    """(region code, pattern over loose text) for every region and city of dim_region, in kk, ru and en forms:
    «Жетісу облысы(ның)», «области Жетісу», «Алматинской области», «города Астаны», «Zhetysu Region»."""
    path = settings.ROOT / "data" / "reference" / "dim_region.csv"
    with open(path, encoding="utf-8", newline="") as f:
        regions = [r for r in csv.DictReader(f) if r["kind"] in ("region", "city")]
    out = []
    for r in regions:
        forms = [re.escape(_loose(r["name_kk"])), re.escape(_loose(r["name_en"]))]
        ru = r["name_ru"].strip()
        if m := re.fullmatch(r"область\s+(.+)", ru):
            forms.append(rf"{_loose('област')}\w*\s+{re.escape(_loose(m.group(1))[:-1])}")
        elif m := re.fullmatch(r"(.+)ая\s+область", ru):
            forms.append(rf"{re.escape(_loose(m.group(1)))}\w*\s+{_loose('област')}")
        elif m := re.fullmatch(r"г\.\s*(.+)", ru):
            city = re.escape(_loose(m.group(1))[:-1] if len(m.group(1)) > 5 else _loose(m.group(1)))
            forms.append(rf"(\b{_loose('г')}\.\s*|\b{_loose('город')}\w*\s+){city}")
        out.append((r["region_code"], re.compile("|".join(forms))))
    return tuple(out)


def _region(title: str) -> str | None:
    """The region the title names first, or None."""
    text = _loose(title)
    found = [(m.start(), code) for code, pattern in _region_patterns() if (m := pattern.search(text))]
    return min(found)[1] if found else None


def _year(text: str) -> int | None:
    """2024 from «на 2024-2025 учебный год», «2024-2025 оқу жылына», «2024/25»; a lone year (a date) is not one."""
    for m in YEAR_PAIR.finditer(text):
        start, end = int(m.group(1)), m.group(2)
        if int(end) == start + 1 or (len(end) == 2 and int(end) == (start + 1) % 100):
            return start
    return None


def _publisher(title: str) -> str:
    if m := AKIMAT_RU.search(title):
        return "Акимат " + m.group(1)
    if m := AKIMAT_KK.search(title):
        return m.group(1) + " әкімдігі"
    return "Акимат"


# -- the body --------------------------------------------------------------------------------------------------------

def _blank(value: str) -> bool:
    return not value or value in SIGNS


def _qualification(cell: str) -> str:
    """«4S06130103 Разработчик программного обеспечения» -> 4S06130103; a cell without a code as written."""
    m = QUALIFICATION_CODE.match(cell)
    return m.group(1) if m else cell


def _cost(cell: str, thousands: bool) -> str:
    """The cost as written; in tenge when the header says thousands («тыс. тенге») and the cell is a number."""
    if thousands and NUMBER.fullmatch(cell):
        try:
            return str(round(float(cell.replace(" ", "").replace(",", ".")) * 1000))
        except ValueError:
            return cell
    return cell


def _matching_cost(place: Column, costs: list[Column]) -> Column | None:
    """The cost column whose stated study form / entry base / language agree with the column of places."""
    for cost in costs:
        if all(v is None or place.labels.get(k) in (None, v) for k, v in cost.labels.items()):
            return cost
    return None


def read(file: str, sheet: str | None, rows: list[list[str]], encoding: str,
         problems: list[Problem]) -> list[RawTable]:
    """The fct_state_order rows and the source row of one akimat state-order table (see the module's docstring).
    A table whose year or header cannot be read gives a problem and no rows."""
    width = max(len(r) for r in rows)
    rows = [[" ".join(c.split()) for c in r] + [""] * (width - len(r)) for r in rows]
    h = _header_index(rows)
    layout = _layout(rows, h)
    title_rows = [(i, r) for i, r in enumerate(rows[:h]) if any(r)]
    title = " / ".join(" ".join(c for c in r if c) for _, r in title_rows)
    first_line = title_rows[0][0] + 1
    found: list[Problem] = []

    year = _year(title) or _year(" ".join(" ".join(r) for r in rows[h:layout.body]))
    if year is None:
        found.append(Problem(file, first_line, None, title[:120], "order_no_year"))
    notes: list[tuple[str, dict]] = [("note.title_rows", {"n": len(title_rows)})]
    region = _region(title)
    if region is None:
        region = settings.get("region")
        notes.append(("note.order_default_region", {"region": region}))
    budget = "republican" if REPUBLICAN.search(fold(title)) else "local"

    # Every column of places must say its study form and entry base (or the table must, once, for all of them).
    title_labels = {what: _label(title, what) for what in ("study_form", "entry_base")}
    header_line = h + 1
    for col in layout.places:
        for what in ("study_form", "entry_base"):
            if what not in layout.columns:  # (a column of study forms or entry bases states them row by row)
                col.labels[what] = col.labels[what] or title_labels[what]
                if not col.labels[what]:
                    found.append(Problem(file, header_line, PLACES, col.text, "order_unlabelled_places",
                                         {"col": column_letter(col.index)}))
                    break
    # A header cell merged over too many columns (or one that lost its text) gives two columns the same header.
    seen: dict[object, Column] = {}
    for col in (*layout.places, *layout.costs):
        keys: list[object] = [col.text]
        if col in layout.places and col.labels["study_form"] and col.labels["entry_base"]:
            keys.append(tuple(col.labels.values()))
        other = next((seen[k] for k in keys if k in seen), None)
        if other:
            found.append(Problem(file, header_line, PLACES, col.text, "order_same_header",
                                 {"col": column_letter(col.index), "other": column_letter(other.index)}))
        for k in keys:
            seen.setdefault(k, col)
    if found:
        problems.extend(found)
        return []

    source_id = "akimat_order_" + hashlib.sha256(
        json.dumps(rows, ensure_ascii=False).encode("utf-8")).hexdigest()[:10]
    c = layout.columns
    spec_col, qual_col, college_col = c["specialty"], c.get("qualification"), c.get("college")
    out: list[tuple[int, list[str]]] = []
    n_data = n_groups = n_totals = 0
    pending = 0  # rows without a code since the last data row: groups if a data row follows, else footnotes
    specialty = college = ""
    stated_language = "language" in c or any(p.labels["language"] for p in layout.places)
    for i in range(layout.body, len(rows)):
        cells, line = rows[i], i + 1
        if not any(cells):
            continue
        if _is_numbering(cells):
            continue
        if _is_total(cells):
            n_totals += 1
            continue
        qualification = _qualification(cells[qual_col]) if qual_col is not None else ""
        if cells[spec_col] and SPECIALTY_CODE.search(cells[spec_col]):
            specialty = cells[spec_col]
        elif not (qualification and specialty and not cells[spec_col]):  # not a row under a merged specialty
            pending += 1
            text = " ".join(x for x in cells if x and not NUMBER.fullmatch(x))
            if college_col is None and COLLEGE_GROUP.search(fold(text)):
                college = text  # a group row naming the college of the rows below it
            continue
        n_groups, pending = n_groups + pending, 0
        n_data += 1
        if college_col is not None and cells[college_col]:
            college = cells[college_col]
        for place in layout.places:
            value = cells[place.index]
            if _blank(value):
                continue
            cost_col = _matching_cost(place, layout.costs)
            cost = _cost(cells[cost_col.index], bool(THOUSANDS.search(fold(cost_col.text)))) if cost_col else ""
            stated = {what: place.labels[what] or (cells[c[what]] if what in c else "") for what in LABELS}
            row = {"academic_year": str(year), "region_code": region, "college_id": college,
                   "specialty_code": specialty, "qualification_code": qualification, **stated,
                   "budget": budget, "places": value, "cost_per_student_kzt": cost, "source_id": source_id}
            out.append((line, [row[k] or "" for k in CONTRACT]))
    n_foot = pending

    notes.insert(0, ("note.order_read", {"year": f"{year}/{(year + 1) % 100:02d}", "region": region,
                                          "rows": n_data, "cells": len(out)}))
    for key, n in (("note.order_group_rows", n_groups), ("note.total_rows", n_totals),
                   ("note.order_total_columns", layout.total_columns), ("note.footnote_rows", n_foot)):
        if n:
            notes.append((key, {"n": n}))
    if not stated_language:
        notes.append(("note.order_no_language", {}))
    table = RawTable(file, sheet, "fct_state_order", h + 1, {name: k for k, name in enumerate(CONTRACT)}, out,
                     encoding, notes=notes)
    shown = Path(file).name + (f" [{sheet}]" if sheet and f"[{sheet}]" not in file else "")
    source_cols = ("source_id", "title", "publisher", "kind", "note")
    source = RawTable(file, sheet, "source", first_line, {name: k for k, name in enumerate(source_cols)},
                      [(first_line, [source_id, title, _publisher(title), "official",
                                     f"state-order table of an akimat resolution, read from {shown}"])], encoding)
    return [table, source]
