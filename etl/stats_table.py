"""Reader of statistics tables of the Bureau of National Statistics (stat.gov.kz, XLSX or CSV) -> published_figure.

The format is recognised from the rows, never from the file name:

    Численность студентов в организациях ТиПО по регионам      <- title row(s): one cell each, in column A
    (на начало учебного года; человек)
                     | Годы                                      <- optional group header (merged cells)
                     | 2019 | 2020 г. | 2021 ж. | 2023/2024 | …  <- the header row: one year per column
    Республика Казахстан | 489 123 | … | - | x | …                <- one row per region (Russian or Kazakh names)
    Примечание: …  /  1) …  /  * …                                <- footnotes

Each number becomes one published_figure row (region, year, indicator, value, qualifier "exact", unit, source) with
the 1-based row of the original sheet, so the staging SQL checks it like any template row; the table's title
becomes one `source` row of kind official. The source id is "bns_" + the first 10 hex digits of the sha256 of every
cell of the sheet: the same table gives the same id, and loading it twice is a duplicate.

Years. The header's year is the year as published; `academic_year` is the calendar year in which the academic year
starts (DESIGN.md). Per indicator:
  students, state_order_students, paid_students, organisations, colleges: counted at the start of the academic
      year, so "2024" is academic year 2024 (2024/25);
  admitted: admission in summer/autumn of calendar year 2024 is to academic year 2024;
  graduates: graduation in (June of) calendar year 2024 ends academic year 2023/24, so "2024" is academic year 2023
      (as fct_graduation.academic_year).
A header written as an academic year ("2023/2024", "2023-24") is that academic year for every indicator.

Borders. On 8 June 2022 Abai (KZ-10), Zhetysu (KZ-33) and Ulytau (KZ-62) Regions were split off East Kazakhstan
(KZ-63), Almaty (KZ-19) and Karaganda (KZ-35) Regions. A figure of one of the old regions dated before 2022 covers
the old borders (said in the row's note); a figure of a new region dated before its `since_year` in
data/reference/dim_region.csv is refused (stats_region_before_creation). Before 19 June 2018 Turkistan Region
(KZ-61) was South Kazakhstan Region and included Shymkent (also said in the note).

Conventional signs "-" (no such event), "…"/"..." (no data), "x"/"х" (not applicable or confidential) and "к"
(confidential) give no row (never 0) and are counted in the input's notes. Thousands separators and decimal
commas are left to staging (etl/sql/macros.sql, num_text). Rows without figures (footnotes, "в том числе"),
"Всего"/"Итого" rows and every column other than the year columns are skipped; "Республика Казахстан" is the
figure for the whole country (KZ).
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
from etl.readers import _FOOTNOTE_START, RawTable, _find_header, _is_total
from etl.textnorm import column_letter, fold

HEADER_SCAN_ROWS = 30
PUBLISHER = ("Бюро национальной статистики Агентства по стратегическому планированию и реформам "
             "Республики Казахстан")
YEARS = (1991, 2100)

# Spellings that statistics tables use beside the names in data/reference/dim_region.csv (name_kk, name_ru,
# name_en are accepted as they are). Matched after region_key(): case, spaces, look-alike letters, "область" /
# "облысы", "г." / "қ." / "қаласы" and footnote marks do not matter. Add a new spelling here.
SYNONYMS: dict[str, str] = {
    "Республика Казахстан": "KZ", "Қазақстан Республикасы": "KZ", "Казахстан": "KZ", "Қазақстан": "KZ",
    "Kazakhstan": "KZ",
    "Абайская": "KZ-10", "область Абай": "KZ-10", "Абай облысы": "KZ-10",
    "Акмолинская": "KZ-11", "Ақмола": "KZ-11",
    "Актюбинская": "KZ-15", "Ақтөбе": "KZ-15",
    "Алматинская": "KZ-19", "Алматы облысы": "KZ-19",
    "Атырауская": "KZ-23", "Атырау": "KZ-23",
    "Западно-Казахстанская": "KZ-27", "Батыс Қазақстан": "KZ-27",
    "Жамбылская": "KZ-31", "Жамбыл": "KZ-31",
    "Жетысуская": "KZ-33", "Жетысуская область": "KZ-33", "область Жетісу": "KZ-33", "область Жетысу": "KZ-33",
    "Жетісу облысы": "KZ-33", "Жетысу": "KZ-33",
    "Карагандинская": "KZ-35", "Қарағанды": "KZ-35",
    "Костанайская": "KZ-39", "Қостанай": "KZ-39",
    "Кызылординская": "KZ-43", "Қызылорда": "KZ-43",
    "Мангистауская": "KZ-47", "Маңғыстау": "KZ-47",
    "Павлодарская": "KZ-55", "Павлодар": "KZ-55",
    "Северо-Казахстанская": "KZ-59", "Солтүстік Қазақстан": "KZ-59",
    "Туркестанская": "KZ-61", "Түркістан": "KZ-61",
    "Южно-Казахстанская": "KZ-61", "Оңтүстік Қазақстан облысы": "KZ-61",  # the name before 19 June 2018
    "область Ұлытау": "KZ-62", "Улытауская": "KZ-62", "Ұлытау": "KZ-62", "Улытау": "KZ-62",
    "Восточно-Казахстанская": "KZ-63", "Шығыс Қазақстан": "KZ-63",
    "г. Нур-Султан": "KZ-71", "Нұр-Сұлтан қаласы": "KZ-71", "г. Астана": "KZ-71", "Астана қ.": "KZ-71",
    "Астана": "KZ-71", "Нур-Султан": "KZ-71", "Нұр-Сұлтан": "KZ-71",
    "г. Алматы": "KZ-75", "Алматы қ.": "KZ-75",
    "г. Шымкент": "KZ-79", "Шымкент қ.": "KZ-79", "Шымкент": "KZ-79",
}

# Regions whose borders changed, and what their figures of earlier years included.
OLD_BORDERS: dict[str, tuple[int, str]] = {
    "KZ-19": (2022, "borders before 8 June 2022: included today's Zhetysu Region (KZ-33)"),
    "KZ-35": (2022, "borders before 8 June 2022: included today's Ulytau Region (KZ-62)"),
    "KZ-63": (2022, "borders before 8 June 2022: included today's Abai Region (KZ-10)"),
    "KZ-61": (2018, "borders before 19 June 2018 (South Kazakhstan Region): included Shymkent (KZ-79)"),
}
# The region each new region was split off, for the message that refuses its figures of earlier years.
SPLIT_FROM = {"KZ-10": "KZ-63", "KZ-33": "KZ-19", "KZ-62": "KZ-35"}

# Indicator ids of data/reference/published_figure.csv, recognised from the title: every group must match (any
# word of a group, as a part of a word). The first indicator that matches wins, so the narrower come first.
# "Количество организаций ТиПО" is `organisations` (all TVET organisations, as the Bureau's figures in
# published_figure.csv); only a title that counts colleges («Число колледжей») is `colleges`, a narrower universe.
_STUDENTS = ("студент", "обучающ", "контингент", "білім алушы", "student", "enrol")
INDICATORS: tuple[tuple[str, str, tuple[tuple[str, ...], ...]], ...] = (
    ("graduates", "persons", (("выпуск", "түлек", "бітірг", "бітіруш", "шығар", "graduat"),)),
    ("admitted", "persons", (("прием", "приём", "принят", "қабылда", "admission", "admitted", "intake"),)),
    ("state_order_students", "persons", (_STUDENTS, ("заказ", "тапсырыс", "бюджет", "грант", "state order",
                                                     "state-funded"))),
    ("paid_students", "persons", (_STUDENTS, ("платн", "договор", "ақылы", "paid", "fee"))),
    ("students", "persons", (_STUDENTS,)),
    ("colleges", "organisations", (("колледж", "college"),)),
    ("organisations", "organisations", (("организаций", "организации", "ұйымдар", "organisation",
                                         "organization", "institution"),)),
)
# Whether the indicator is counted at the end of the academic year (graduation) rather than at its start.
AT_END = {"graduates"}
UNITS = (("persons", ("человек", "чел.", "адам", "person", "people")),
         ("organisations", ("единиц", "ед.", "бірлік", "units")))

# Conventional signs of the Bureau: no row, counted in the notes.
SIGNS = {"-": "dash", "–": "dash", "—": "dash", "…": "dots", "...": "dots", "x": "x", "х": "x", "X": "x",
         "Х": "x", "к": "k", "К": "k"}
_YEAR = re.compile(r"^(\d{4})\s*(?:[/\-–]\s*(\d{4}|\d{2}))?\s*(?:гг?\.?|годы?|ж\.?|жж\.?|жыл|жылы|жылдар|year)?"
                   r"\s*(?:\d\)|[¹²³*])?$", re.I)
_MARKS = re.compile(r"[\s\d¹²³⁴⁵*)]+$")  # footnote marks after a name: "Алматинская1)", "Жетысуская¹"
_CITY_WORDS = {fold(w) for w in ("г", "город", "қ", "қала", "қаласы", "city")}
_REGION_WORDS = {fold(w) for w in ("область", "обл", "облыс", "облысы", "region", "oblast")}
_FOOTNOTE_NUMBER = re.compile(r"^(\d+\)|[¹²³⁴⁵]|х\s*[-–—]|x\s*[-–—])")


def region_key(name: str) -> str:
    """A region name reduced for matching: «г.Алматы» == «Алматы қ.», «Акмолинская область» == «Акмолинская»."""
    text = fold(_MARKS.sub("", name.strip()).replace("ё", "е").replace("Ё", "Е"))
    text = re.sub(r"\s*-\s*", "-", re.sub(r"[.,:;()«»\"']", " ", text))
    words = text.split()
    city = any(w in _CITY_WORDS for w in words)
    rest = [w for w in words if w not in _CITY_WORDS and w not in _REGION_WORDS]
    return " ".join(rest) + (" (city)" if city else "")


@dataclass(frozen=True)
class Region:
    code: str
    since_year: int | None  # created that year (Abai, Zhetysu, Ulytau: 2022); None: existed throughout


@lru_cache(maxsize=1)
def regions() -> tuple[dict[str, Region], dict[str, str]]:
    """(code -> Region, region_key(name) -> code) from data/reference/dim_region.csv plus SYNONYMS."""
    from tvet.settings import ROOT

    by_code: dict[str, Region] = {}
    by_key: dict[str, str] = {}
    with open(ROOT / "data" / "reference" / "dim_region.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            since = int(r["since_year"]) if (r.get("since_year") or "").strip() else None
            by_code[r["region_code"]] = Region(r["region_code"], since)
            for name in (r["name_kk"], r["name_ru"], r["name_en"]):
                if name:
                    by_key.setdefault(region_key(name), r["region_code"])
    for name, code in SYNONYMS.items():
        by_key[region_key(name)] = code
    return by_code, by_key


@lru_cache(maxsize=4096)
def region_code(name: str) -> str | None:
    """The region a name means. «Алматы» alone is the region (as Kazakh tables write it); the city is «г.Алматы» or
    «Алматы қ.»."""
    return regions()[1].get(region_key(name)) if name else None


def indicator_of(title: str) -> tuple[str, str] | None:
    """(indicator, default unit) named by a title, or None."""
    text = fold(title)
    for indicator, unit, groups in INDICATORS:
        if all(any(fold(w) in text for w in group) for group in groups):
            return indicator, unit
    return None


def accepted_words() -> str:
    """The words of INDICATORS for a message: «graduates: выпуск/түлек/…; state_order_students: студент/… + заказ/…»."""
    return "; ".join(f"{ind}: {' + '.join('/'.join(g) for g in groups)}" for ind, _, groups in INDICATORS)


def _year(cell: str) -> re.Match | None:
    return _YEAR.match(cell.strip()) if cell else None


def _number_like(cell: str) -> bool:
    return bool(re.fullmatch(r"[-−]?[\d\s]+([.,]\d+)?", cell)) or cell.strip() in SIGNS


def _filled(cells: list[str]) -> list[int]:
    return [i for i, c in enumerate(cells) if c]


def _is_footnote(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and bool(_FOOTNOTE_START.match(filled[0]) or _FOOTNOTE_NUMBER.match(filled[0]))


@dataclass
class Layout:
    title_rows: list[int] = field(default_factory=list)  # 0-based
    title: str = ""
    year_row: int | None = None
    year_cols: list[tuple[int, str]] = field(default_factory=list)  # (column, header cell)
    region_col: int = 0
    regions_found: int = 0
    body: list[int] = field(default_factory=list)  # rows with a label and a figure or a sign, below the header
    footnotes: int = 0  # rows that begin like a footnote
    tabular: bool = False  # some row holds two cells or more


def _layout(rows: list[list[str]]) -> Layout:
    lay = Layout()
    top = rows[:HEADER_SCAN_ROWS]
    # Title: the first filled rows holding a single cell in column A (not a footnote).
    for i, cells in enumerate(top):
        filled = _filled(cells)
        if not filled:
            if lay.title_rows:
                break
            continue
        if filled != [0] or _is_footnote(cells) or _year(cells[0]) or region_code(cells[0]):
            break
        lay.title_rows.append(i)
    lay.title = " ".join(rows[i][0] for i in lay.title_rows)
    # The header row: at least two distinct years, column A not a number, a year or a region.
    for i, cells in enumerate(top):
        first = cells[0] if cells else ""
        if _number_like(first) or _year(first) or region_code(first):
            continue
        years = [(j, c) for j, c in enumerate(cells) if j > 0 and _year(c)]
        if len(years) >= 2 and len({_year(c).group(1, 2) for _, c in years}) == len(years):
            lay.year_row, lay.year_cols = i, years
            break
    start = (lay.year_row + 1) if lay.year_row is not None else (lay.title_rows[-1] + 1 if lay.title_rows else 0)
    width = max((len(r) for r in rows), default=0)
    counts = [sum(bool(region_code(r[j])) for r in rows[start:] if j < len(r)) for j in range(min(3, width))]
    if counts:
        lay.region_col = max(range(len(counts)), key=lambda j: (counts[j], -j))
        lay.regions_found = counts[lay.region_col]
    year_cols = {j for j, _ in lay.year_cols}
    for i in range(start, len(rows)):
        cells = rows[i]
        label = cells[lay.region_col] if lay.region_col < len(cells) else ""
        if not label or _is_footnote(cells) or _column_numbers(cells, lay.region_col):
            continue
        if year_cols:  # any filled year cell (text too: staging says it is not a number)
            values = [cells[j] for j in year_cols if j < len(cells) and cells[j]]
        else:
            values = [c for j, c in enumerate(cells) if c and j != lay.region_col and _number_like(c)]
        if values:
            lay.body.append(i)
    lay.footnotes = sum(_is_footnote(r) for r in rows)
    lay.tabular = any(len(_filled(r)) >= 2 for r in rows)
    return lay


def _column_numbers(cells: list[str], label_col: int) -> bool:
    """The row under some headers that numbers the columns: «А | 1 | 2 | 3 …»."""
    rest = [c for j, c in enumerate(cells) if c and j != label_col]
    return len(cells[label_col]) <= 2 and bool(rest) and rest == [str(k) for k in range(1, len(rest) + 1)]


def _is_template(rows: list[list[str]]) -> bool:
    table, _, found = _find_header(rows, "")
    return table is not None and all(c.name in found for c in schema.table(table).columns if c.required)


def detect(rows: list[list[str]]) -> bool:
    """True when the rows are a statistics table: a header of years over a column of region names; or a column
    of region names under a title naming an indicator (years lost: refused with stats_no_years); or a title
    naming an indicator over a header of years or footnotes, with no figures (refused with stats_no_data). The
    project's own templates, and sheets of instructions, are never claimed."""
    if not any(any(r) for r in rows) or _is_template(rows):
        return False
    lay = _layout(rows)
    titled = indicator_of(lay.title) is not None
    if lay.year_row is not None and lay.regions_found >= 2:
        return True
    if titled and lay.regions_found >= 3:
        return True
    return titled and not lay.body and (lay.year_row is not None or (lay.footnotes > 0 and not lay.tabular))


def _years(raw: str, indicator: str) -> tuple[int, int]:
    """(academic year, calendar year of the figure) of a header cell."""
    m = _year(raw)
    start = int(m.group(1))
    if m.group(2):  # an academic year as written: 2023/2024
        return start, start + (1 if indicator in AT_END else 0)
    return (start - 1 if indicator in AT_END else start), start


def _source_id(rows: list[list[str]]) -> str:
    trimmed = [r[:max(_filled(r)) + 1] for r in rows if any(r)]
    return "bns_" + hashlib.sha256(json.dumps(trimmed, ensure_ascii=False).encode()).hexdigest()[:10]


def read(file: str, sheet: str | None, rows: list[list[str]], encoding: str,
         problems: list[Problem]) -> list[RawTable]:
    """published_figure and source rows of one statistics table; problems go to `problems`."""
    lay = _layout(rows)
    title_line = lay.title_rows[0] + 1 if lay.title_rows else 1
    title = lay.title
    found = indicator_of(title)
    if not lay.body:
        problems.append(Problem(file, title_line, None, title, "stats_no_data", {}))
        return []
    if lay.year_row is None:
        # Point at the last filled row above the figures: where the years should have been.
        above = [i for i in range(lay.body[0]) if any(rows[i]) and i not in lay.title_rows] or [title_line - 1]
        line, text = above[-1] + 1, " | ".join(c for c in rows[above[-1]] if c) or None
        problems.append(Problem(file, line, None, text, "stats_no_years", {}))
        return []
    if found is None:
        words = accepted_words()
        column = column_letter(0)
        problems.append(Problem(file, title_line, column, title, "stats_unknown_indicator", {"words": words}))
    indicator, unit = found or ("", "")
    header_text = " ".join(c for r in rows[:lay.year_row + 1] for c in r if c)
    for name, words in UNITS:
        if any(fold(w) in fold(header_text) for w in words):
            unit = name
    header_line = lay.year_row + 1
    columns: list[tuple[int, str, int, int]] = []  # (column, header, academic year, calendar year)
    for j, raw in lay.year_cols:
        academic, calendar = _years(raw, indicator)
        if not YEARS[0] <= calendar <= YEARS[1]:
            column, span = column_letter(j), f"{YEARS[0]}–{YEARS[1]}"
            problems.append(Problem(file, header_line, column, raw, "stats_year_out_of_range", {"span": span}))
            continue
        columns.append((j, raw, academic, calendar))
    year_cols = {j for j, _ in lay.year_cols}
    skipped = sorted({c for r in rows[lay.title_rows[-1] + 1 if lay.title_rows else 0:lay.year_row + 1]
                      for j, c in enumerate(r) if c and j not in year_cols and j != lay.region_col})
    source_id = _source_id(rows)
    by_code, _ = regions()
    out: list[tuple[int, list[str]]] = []
    signs = {"dash": 0, "dots": 0, "x": 0, "k": 0}
    empty = n_total = borders = 0
    label_col = column_letter(lay.region_col)
    for i in lay.body:
        cells, line = rows[i], i + 1
        label = cells[lay.region_col]
        if _is_total(cells) and not region_code(label):
            n_total += 1
            continue
        code = region_code(label)
        if code is None:
            problems.append(Problem(file, line, label_col, label, "stats_unknown_region", {}))
            continue
        region = by_code[code]
        for j, raw, academic, calendar in columns:
            value = cells[j] if j < len(cells) else ""
            column = f"{column_letter(j)} ({raw})"
            if not value:
                empty += 1
            elif value in SIGNS:
                signs[SIGNS[value]] += 1
            elif region.since_year and calendar < region.since_year:
                params = {"year": calendar, "since": region.since_year, "parent": SPLIT_FROM.get(code, "")}
                problems.append(Problem(file, line, column, value, "stats_region_before_creation", params))
            elif re.match(r"^[-−]\s*\d", value):
                problems.append(Problem(file, line, column, value, "stats_negative_value", {}))
            else:
                change = OLD_BORDERS.get(code)
                note = change[1] if change and calendar < change[0] else ""
                borders += bool(note)
                out.append((line, [code, str(academic), indicator, value, "exact", unit, source_id, note]))
    last = max(lay.body)
    n_foot = sum(1 for r in rows[last + 1:] if any(r))
    names = ("region_code", "academic_year", "indicator", "value", "qualifier", "unit", "source_id", "note")
    figures = RawTable(file, sheet, "published_figure", header_line, {c: k for k, c in enumerate(names)}, out,
                       encoding, skipped)
    n_signs = sum(signs.values())
    figures.notes.append(("note.stats_table", {
        "indicator": indicator, "unit": unit, "years": ", ".join(raw for _, raw, _, _ in columns),
        "regions": len({cells[0] for _, cells in out}), "figures": len(out)}))
    if lay.title_rows:
        figures.notes.append(("note.title_rows", {"n": len(lay.title_rows)}))
    if skipped:
        figures.notes.append(("note.stats_columns_skipped", {"headers": ", ".join(skipped[:12])}))
    if n_signs:
        figures.notes.append(("note.stats_signs", {"n": n_signs, **signs}))
    if empty:
        figures.notes.append(("note.stats_empty_cells", {"n": empty}))
    if borders:
        figures.notes.append(("note.stats_borders", {"n": borders}))
    if n_total:
        figures.notes.append(("note.total_rows", {"n": n_total}))
    if n_foot:
        figures.notes.append(("note.footnote_rows", {"n": n_foot}))
    where = Path(file.split(" [")[0]).name + (f", sheet «{sheet}»" if sheet else "")
    source_row = [source_id, title, PUBLISHER, "official",
                  f"statistics table read from {where} by etl/stats_table.py ({indicator}, {unit})"]
    source = RawTable(file, sheet, "source", title_line,
                      {"source_id": 0, "title": 1, "publisher": 2, "kind": 3, "note": 4},
                      [(title_line, source_row)], encoding)
    if found is None:
        return []
    return [figures, source]
