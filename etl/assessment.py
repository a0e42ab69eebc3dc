"""The annual college-assessment workbook (methodology of АО «Финансовый центр»), loaded by `python -m etl load`.

One XLSX per region and year (../shared/reference/official_file_layouts.md §2): a header row, then college rows
(column 46 empty) each followed by its specialty rows (column 46 holds the specialty; columns 0–3 repeat the
college). It is recognised by its shape and headers (≥ 100 columns, a specialty header), never by its file name.

Like the student-register export (etl/register.py), the workbook is turned into ordinary contract files written to
the pending uploads folder, plus a `source` row (kind upload, coverage region, the workbook's sha256), so the normal
build validates and publishes them atomically and the region's year of each table they feed replaces its demo rows:

    fct_capacity    design capacity (col 12), contingent as stated (col 13), per college, academic year Y
    fct_admission   admitted (col 78) per college × specialty, year Y; funding, language, entry base not stated
    fct_graduation  graduates (col 101, else the b of «a/b», else col 79) and employed (col 102) per college ×
                    specialty, graduation year Y (June Y+1), funding not stated
    fct_assessment  college row: score (113), teachers (39); specialty rows: score (114), dual training (109),
                    employers' requests (111), «Жас маман» students (82), admitted (87), graduates (88, else 105),
                    employed (106), passed the demonstration exam (97)

College names (col 3) are matched to dim_college (reference, demo and uploaded rows) with legal-form prefixes,
quotes, case, spaces and look-alike letters ignored; any unmatched name refuses the workbook unless
`add_colleges`, which writes the new colleges to a dim_college file of the upload. The workbook is read with
python-calamine (benchmarks/assessment_times.py: several times faster than openpyxl's read-only mode). Data on a
second sheet is read when the sheets before it are empty (the progress line names the sheet).
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


from etl.problems import Problem
from etl.textnorm import SPACES, clean_cell, column_letter, fold
from tvet.i18n import t

SUFFIXES = (".xlsx", ".xlsm")
MIN_COLUMNS = 100
ID, REGION, DISTRICT, NAME, OWNERSHIP = 0, 1, 2, 3, 4
CAPACITY, CONTINGENT, TEACHERS, SPECIALTY = 12, 13, 39, 46
ADMITTED, GRADUATES_79 = 78, 79
ZM_STUDENTS, ZM_ADMITTED, ZM_GRADUATES, DEMO_EXAM = 82, 87, 88, 97
GRADUATES, EMPLOYED, ZM_GRADUATES_105, ZM_EMPLOYED = 101, 102, 105, 106
DUAL, EMPLOYER, COLLEGE_SCORE, SPECIALTY_SCORE = 109, 111, 113, 114
# Specialty rows' counts kept in fct_assessment: contract column -> workbook column.
SPECIALTY_COUNTS = {"dual_training_students": DUAL, "employer_request_students": EMPLOYER,
                    "zhas_maman_students": ZM_STUDENTS, "zhas_maman_admitted": ZM_ADMITTED,
                    "demo_exam_passed": DEMO_EXAM}
ASSESSMENT_COLUMNS = ["academic_year", "college_id", "specialty_code", "score", "teachers", "dual_training_students",
                      "employer_request_students", "zhas_maman_students", "zhas_maman_admitted",
                      "zhas_maman_graduates", "zhas_maman_employed", "demo_exam_passed", "source_id"]

_SPECIALTY_WORDS = ("специальн", "мамандық", "мамандыг", "specialt", "профессия")
_SCORE_WORDS = ("балл", "ұпай", "score", "колледж", "college")
_NONE_WORDS = {fold(w) for w in ("", "-", "–", "—", "−", "x", "х", "нет", "жоқ", "no", "n/a", "…", "...")}
_YES_NO = {fold(w) for w in ("да", "нет", "иә", "жоқ", "yes", "no")}
_CODE = re.compile(r"(?<!\d)(\d{8})(?!\d)")
_SPLIT = re.compile(r"^\s*(\d[\d\s]*)\s*/\s*(\d[\d\s]*)\s*$")
_SPACE_CHARS = str.maketrans({ch: "" for ch in SPACES + " \t"})
_TOTAL = re.compile(r"^(итого|всего|барлығы|жиыны|total)\b")
_QUOTED = re.compile(r"[«\"“„']\s*([^«»\"“”„']+?)\s*[»\"”“']")
# Legal forms of Kazakhstan's organisations, long forms first (each folded before use): removed wherever they stand
# as whole words in a college's name, in the workbook and in dim_college alike.
LEGAL_FORMS = (
    "государственное коммунальное казенное предприятие", "коммунальное государственное казенное предприятие",
    "государственное коммунальное предприятие на праве хозяйственного ведения",
    "коммунальное государственное предприятие на праве хозяйственного ведения",
    "республиканское государственное предприятие на праве хозяйственного ведения",
    "республиканское государственное казенное предприятие", "государственное коммунальное предприятие",
    "коммунальное государственное предприятие", "республиканское государственное предприятие",
    "коммунальное государственное учреждение", "государственное учреждение",
    "товарищество с ограниченной ответственностью", "некоммерческое акционерное общество",
    "акционерное общество", "частное учреждение", "учреждение образования", "частное учреждение образования",
    "на праве хозяйственного ведения", "мемлекеттік коммуналдық қазыналық кәсіпорны",
    "шаруашылық жүргізу құқығындағы мемлекеттік коммуналдық кәсіпорны", "коммуналдық мемлекеттік мекемесі",
    "мемлекеттік мекемесі", "жауапкершілігі шектеулі серіктестігі", "коммерциялық емес акционерлік қоғамы",
    "акционерлік қоғамы", "білім беру мекемесі", "жеке мекемесі", "мекемесі",
    "гкп на пхв", "кгп на пхв", "ргп на пхв", "на пхв", "гккп", "кгкп", "ргкп", "гкп", "кгп", "ргп", "кгу", "гу",
    "тоо", "нао", "ао", "уо", "чу", "моукк", "мкқк", "кмқк", "шжқ мкк", "шжқ ркк", "кмм", "мм", "жшс", "кеақ", "ақ",
)
_LEGAL = re.compile(r"(?<!\w)(" + "|".join(re.escape(fold(f)) for f in sorted(LEGAL_FORMS, key=len, reverse=True))
                    + r")(?!\w)")
_GENERIC_PLACE = {fold(w) for w in ("область", "обл", "облысы", "region", "г", "город", "қаласы", "қ", "city",
                                    "район", "ауданы", "district", "р", "н", "аудан")}


class Refused(Exception):
    """The workbook cannot be read further; its problems are already recorded."""


@dataclass
class Reference:
    """What the workbook is checked against: read once per load from the build's sources and the uploads."""
    specialties: set[str]
    regions: list[dict]
    districts: list[dict]
    colleges: list[dict]
    keys: dict[str, list[int]] = field(default_factory=dict)  # name key -> indexes into colleges

    def index(self, start: int = 0) -> None:
        for i, c in enumerate(self.colleges[start:], start):
            for name in (c.get("name_ru"), c.get("name_kk"), c.get("name_en")):
                for key in name_keys(name or ""):
                    if i not in self.keys.setdefault(key, []):
                        self.keys[key].append(i)


# --- values -------------------------------------------------------------------------------------------------------

def _is_none(text: str) -> bool:
    return fold(text) in _NONE_WORDS or text.startswith("#")  # «#ДЕЛ/0!», «#DIV/0!», «#Н/Д»: no value


def number(value: object) -> float | None | str:
    """A cell as a number; None for a blank, «-», «нет» or a spreadsheet error; the rule's name when it is text."""
    if type(value) is float:  # most cells: a number as the spreadsheet stores it
        return value
    if value == "" or value is None:
        return None
    if isinstance(value, bool):
        return "not_a_number"
    if isinstance(value, (int, float)):
        return float(value)
    text = clean_cell(value)
    if _is_none(text):
        return None
    compact = text.translate(_SPACE_CHARS).replace(",", ".")
    try:
        return float(compact)
    except ValueError:
        return "not_a_number"


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_cell(value)


# --- names --------------------------------------------------------------------------------------------------------

# After fold(): Kazakh letters written as their nearest Russian ones («Сарқан» / «Саркан»), ё as е.
_KAZ_AS_RU = str.maketrans({"қ": "k", "ғ": "г", "ң": "h", "ө": "o", "ә": "a", "ұ": "y", "ү": "y", "ё": "e"})


def _key(text: str) -> str:
    text = _LEGAL.sub(" ", fold(text)).translate(_KAZ_AS_RU)
    return re.sub(r"[^\w№]", "", text)


def name_keys(name: str) -> set[str]:
    """Keys under which a college's name is matched: the whole name, the part in quotes, the part before «при …»,
    each without legal forms, quotes, case, spaces, punctuation and look-alike letters."""
    keys = {_key(name)}
    for inner in _QUOTED.findall(name):
        keys.add(_key(inner))
    head = re.split(r"(?i)\s(?:при|жанындағы)\s", name, maxsplit=1)[0]
    keys.add(_key(head))
    return {k for k in keys if len(k) >= 3}


def display_name(name: str) -> str:
    """A new college's name as kept: the part in quotes when there is one, else the name as written."""
    inner = _QUOTED.findall(name)
    return (max(inner, key=len) if inner else name).strip()


def _place_key(text: str) -> str:
    words = re.findall(r"\w+", fold(text or ""))
    return "".join(w for w in words if w not in _GENERIC_PLACE).translate(_KAZ_AS_RU).replace("ы", "i")


_CITY_WORDS = {fold(w) for w in ("г", "город", "қаласы", "қ", "city")}
_AREA_WORDS = {fold(w) for w in ("область", "обл", "облысы", "region", "район", "ауданы", "district", "р-н", "аудан")}


def match_place(text: str, rows: list[dict], code: str) -> str | None:
    """The code of the region (district) whose kk, ru or en name the text gives, with the generic words (область,
    облысы, район, г.) ignored but used to tell a city from a region of the same name («г. Алматы», «Алматы
    облысы»); an adjective («Абайская») matches its name («Абай») when only one name fits."""
    key = _place_key(text)
    if not key:
        return None
    words = set(re.findall(r"\w+", fold(text)))
    kind = "city" if words & _CITY_WORDS else "area" if words & _AREA_WORDS else None

    def fits_kind(r: dict) -> bool:
        return kind is None or (r.get("kind") == "city") == (kind == "city")

    names = ("name_kk", "name_ru", "name_en")
    exact = {r[code] for r in rows if key in {_place_key(r.get(n) or "") for n in names}}
    if len(exact) > 1:
        exact = {r[code] for r in rows if r[code] in exact and fits_kind(r)}
    if exact:
        return exact.pop() if len(exact) == 1 else None
    fits = {r[code] for r in rows for n in names
            if len(key) >= 4 and _place_key(r.get(n) or "")[:4] == key[:4] and fits_kind(r)}
    return fits.pop() if len(fits) == 1 else None


def ownership(text: str) -> str | None:
    f = fold(text)
    if any(w in f for w in map(fold, ("частн", "жеке", "private"))):
        return "private"
    if any(w in f for w in map(fold, ("коммун", "республик", "государ", "мемлекет", "state", "public", "коммунал"))):
        return "state"
    return None


# --- reading ------------------------------------------------------------------------------------------------------

def _is_specialty_header(text: str) -> bool:
    f = fold(text)
    return any(fold(w) in f for w in _SPECIALTY_WORDS)


def _header_index(rows: list[list]) -> int | None:
    return next((i for i, r in enumerate(rows) if any(_text(c) for c in r)), None)


def looks_like(rows: list[list]) -> bool:
    """An assessment workbook's sheet: a header of at least 100 columns that names a specialty and a score or a
    college (wording varies: only stems are looked for)."""
    h = _header_index(rows)
    if h is None:
        return False
    header = [_text(c) for c in rows[h]]
    width = max((i + 1 for i, c in enumerate(header) if c), default=0)
    named = sum(1 for c in header if c)  # a real header names most of its columns; a stray far cell is not one
    return (width >= MIN_COLUMNS and named >= MIN_COLUMNS // 2 and any(_is_specialty_header(c) for c in header)
            and any(fold(w) in fold(c) for c in header for w in _SCORE_WORDS))


def _sheets(path: Path):
    """(name, rows) of every sheet, cells as the spreadsheet stores them ('' when empty), from A1: read with
    python-calamine, or openpyxl (read-only) where calamine is not installed."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            for ws in wb.worksheets:
                ws.reset_dimensions()
                yield ws.title, [["" if v is None else v for v in r] for r in ws.iter_rows(values_only=True)]
        finally:
            wb.close()
        return
    book = CalamineWorkbook.from_path(str(path))
    for i, name in enumerate(book.sheet_names):
        yield name, book.get_sheet_by_index(i).to_python(skip_empty_area=False)


def sniff(path: Path) -> tuple[str, list[list], list[str]] | None:
    """(sheet name, rows, names of the empty sheets before it) when the file is an assessment workbook, else None.
    A file openpyxl's guards refuse (not a ZIP, a ZIP bomb) is left to the build, which says why."""
    from etl.readers import _xlsx_refusal

    if path.suffix.lower() not in SUFFIXES or _xlsx_refusal(str(path), path) is not None:
        return None
    skipped = []
    try:
        for name, rows in _sheets(path):
            if not any(any(c != "" for c in r) for r in rows):
                skipped.append(name)
                continue
            return (name, rows, skipped) if looks_like(rows) else None
    except Exception:  # a damaged workbook: the build's reader says so in the steward's words
        return None
    return None


@dataclass
class College:
    row: int
    name: str
    region: str
    district: str
    ownership: str
    cells: list
    college_id: str | None = None
    specialties: list[tuple[int, str, list]] = field(default_factory=list)  # (row, code, cells)


class Workbook:
    """One workbook's rows checked cell by cell; every problem names file, row, column (letter and header) and
    value."""

    def __init__(self, display: str, sheet: str, rows: list[list], problems: list[Problem]):
        self.display, self.sheet, self.problems = display, sheet, problems
        h = _header_index(rows)
        self.header = [_text(c) for c in rows[h]]
        self.first_row = h + 1  # 1-based
        self.rows = [(i + 1, r) for i, r in enumerate(rows) if i > h]
        self.errors = 0

    def where(self, col: int) -> str:
        head = self.header[col] if col < len(self.header) else ""
        head = re.sub(r"\s+", " ", head)
        return f"{column_letter(col)} ({head[:50] + ('…' if len(head) > 50 else '')})" if head else column_letter(col)

    def problem(self, row: int | None, col: int | None, value: object, rule: str, **params) -> None:
        self.errors += 1
        self.problems.append(Problem(self.display, row, self.where(col) if col is not None else None,
                                     None if value is None else _text(value), rule, params))

    def count(self, row: int, cells: list, col: int) -> int | None:
        value = cells[col] if col < len(cells) else ""
        n = number(value)
        if isinstance(n, str):
            self.problem(row, col, value, n)
            return None
        if n is None:
            return None
        if not n.is_integer():
            self.problem(row, col, value, "not_whole")
            return None
        if n < 0:
            self.problem(row, col, value, "negative")
            return None
        return int(n)

    def decimal(self, row: int, cells: list, col: int) -> float | None:
        value = cells[col] if col < len(cells) else ""
        n = number(value)
        if isinstance(n, str):
            self.problem(row, col, value, n)
            return None
        return n

    def employment(self, row: int, cells: list, col: int) -> tuple[int | None, int | None]:
        """(employed, of graduates) from «a/b» text, or (employed, None) from a number."""
        value = cells[col] if col < len(cells) else ""
        if isinstance(value, str):
            m = _SPLIT.match(clean_cell(value))
            if m:
                a, b = (int(x.translate(_SPACE_CHARS)) for x in m.groups())
                if a > b:
                    self.problem(row, col, value, "assessment_employed_over_graduates", employed=a, graduates=b)
                    return None, None
                return a, b
        return self.count(row, cells, col), None

    def check_header(self) -> None:
        if not self.rows or not any(any(_text(c) for c in r) for _, r in self.rows):
            self.problem(None, None, None, "assessment_empty")
            raise Refused
        found = self.header[SPECIALTY] if SPECIALTY < len(self.header) else ""
        if not _is_specialty_header(found):
            where = next((column_letter(i) for i, h in enumerate(self.header) if _is_specialty_header(h)), "—")
            self.problem(self.first_row, SPECIALTY, found, "assessment_shifted_columns", found_in=where)
            raise Refused

    def parse(self) -> list[College]:
        """College rows with their specialty rows, in file order."""
        self.check_header()
        colleges: list[College] = []
        for row, cells in self.rows:
            if not any(c != "" and c is not None for c in cells):
                continue
            cells = list(cells) + [""] * (SPECIALTY_SCORE + 1 - len(cells))
            text = {i: _text(cells[i]) for i in (ID, REGION, DISTRICT, NAME, OWNERSHIP, SPECIALTY)}
            if not text[SPECIALTY] and _TOTAL.match(fold(text[NAME] or text[REGION] or text[ID])):
                continue  # «Итого по области»: a total, not a college
            if not colleges and self._header_again(cells):
                self.problem(row, SPECIALTY, cells[SPECIALTY], "assessment_two_header_rows", header=self.first_row)
                raise Refused
            if isinstance(cells[NAME], (int, float)) or (text[NAME] and number(text[NAME]) not in (None, "not_a_number")):
                self.problem(row, NAME, cells[NAME], "assessment_shifted_cells")
                continue
            if not text[SPECIALTY]:
                colleges.append(College(row, text[NAME], text[REGION], text[DISTRICT], text[OWNERSHIP], cells))
                continue
            if not colleges:
                self.problem(row, SPECIALTY, cells[SPECIALTY], "assessment_specialty_before_college")
                continue
            code = self._specialty(row, cells[SPECIALTY])
            if code:
                colleges[-1].specialties.append((row, code, cells))
        return colleges

    def _header_again(self, cells: list) -> bool:
        """A second header row: as many text cells as the header has, at the places of counts too."""
        words = [c for c in cells if isinstance(c, str) and number(c) == "not_a_number"
                 and fold(clean_cell(c)) not in _YES_NO]
        return len(words) >= 40 or (len(words) >= 10 and _is_specialty_header(_text(cells[SPECIALTY])))

    def _specialty(self, row: int, value: object) -> str | None:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if value >= 1_000_000 and float(value).is_integer():  # a code kept as a number: its leading 0 lost
                return str(int(value)).zfill(8)
            self.problem(row, SPECIALTY, value, "assessment_shifted_cells")
            return None
        m = _CODE.search(_text(value).replace(" ", "").replace(".", "")[:12]) or _CODE.search(_text(value))
        if not m:
            self.problem(row, SPECIALTY, value, "assessment_no_specialty_code")
            return None
        return m.group(1)


# --- reference ----------------------------------------------------------------------------------------------------

def _table_rows(table: str, dirs: list[Path]) -> list[dict]:
    """Rows of a dimension from the files named after it in these folders, read by the build's own reader."""
    from etl.build import discover
    from etl.readers import read_file

    out: list[dict] = []
    for f in discover([d for d in dirs if d.is_dir()]):
        if not f.stem.lower().startswith(table):
            continue
        for raw in read_file(f, str(f), []):
            if raw.table != table:
                continue
            out += [{c: cells[i] if i < len(cells) else "" for c, i in raw.columns.items()} for _, cells in raw.rows]
            if raw.bulk is not None:
                out += [{k: ("" if v is None else str(v)) for k, v in r.items()} for r in raw.bulk.to_pylist()]
    return out


def reference(dirs: list[Path]) -> Reference:
    ref = Reference({r["specialty_code"].strip() for r in _table_rows("dim_specialty", dirs)},
                    _table_rows("dim_region", dirs), _table_rows("dim_district", dirs),
                    _table_rows("dim_college", dirs))
    seen: set[str] = set()
    ref.colleges = [c for c in ref.colleges if not (c["college_id"] in seen or seen.add(c["college_id"]))]
    ref.index()
    return ref


# --- matching and output ------------------------------------------------------------------------------------------

def _region(book: Workbook, colleges: list[College], ref: Reference) -> str | None:
    codes: dict[str, str] = {}
    regions = [r for r in ref.regions if r.get("kind") != "country"]
    known: dict[str, str | None] = {}  # the same region is written on every row: matched once
    for c in colleges:
        if c.region not in known:
            known[c.region] = match_place(c.region, regions, "region_code")
        code = known[c.region]
        if code is None:
            book.problem(c.row, REGION, c.region, "assessment_unknown_region")
            return None
        codes.setdefault(code, c.region)
    if len(codes) > 1:
        book.problem(None, REGION, ", ".join(codes.values()), "assessment_many_regions")
        return None
    return next(iter(codes), None)


def _match_colleges(book: Workbook, colleges: list[College], region: str, ref: Reference) -> list[College]:
    """Sets college_id where the name is known; returns the unknown ones. A college twice is a problem."""
    unknown, seen = [], {}
    for c in colleges:
        hits = {i for k in name_keys(c.name) for i in ref.keys.get(k, [])}
        here = sorted({ref.colleges[i]["college_id"] for i in hits if ref.colleges[i].get("region_code") == region})
        if len(here) > 1:
            book.problem(c.row, NAME, c.name, "assessment_ambiguous_college", ids=", ".join(here))
            continue
        if here:
            c.college_id = here[0]
        key = c.college_id or min(name_keys(c.name) or {c.name})
        if key in seen:
            book.problem(c.row, NAME, c.name, "assessment_college_twice", first=seen[key])
            continue
        seen[key] = c.row
        if not here:
            unknown.append(c)
    return unknown


def _closest(name: str, ref: Reference, region: str) -> str:
    names = {k: ref.colleges[i] for k, idx in ref.keys.items() for i in idx}
    local = {k: c for k, c in names.items() if c.get("region_code") == region} or names
    best = difflib.get_close_matches(min(name_keys(name) or {name}), list(local), n=1, cutoff=0)
    if not best:
        return "—"
    c = local[best[0]]
    return f"{c.get('name_ru') or c.get('name_kk')} ({c['college_id']})"


def _add_colleges(book: Workbook, unknown: list[College], region: str, ref: Reference,
                  source_id: str) -> list[dict]:
    prefix = region.replace("-", "") + "-U"
    used = {c["college_id"] for c in ref.colleges}
    districts = [d for d in ref.districts if d.get("region_code") == region]
    added, n = [], 0
    for c in unknown:
        kind = ownership(c.ownership)
        if kind is None:
            book.problem(c.row, OWNERSHIP, c.ownership, "assessment_unknown_ownership")
            continue
        n += 1
        while f"{prefix}{n:03d}" in used:
            n += 1
        c.college_id = f"{prefix}{n:03d}"
        added.append({"college_id": c.college_id, "region_code": region,
                      "district_code": match_place(c.district, districts, "district_code") or "",
                      "name_kk": "", "name_ru": display_name(c.name), "name_en": "", "ownership": kind,
                      "source_id": source_id})
    return added


def _facts(book: Workbook, colleges: list[College], year: int, source_id: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {"fct_capacity": [], "fct_admission": [], "fct_graduation": [], "fct_assessment": []}
    for c in colleges:
        cid, cells, row = c.college_id, c.cells, c.row
        out["fct_capacity"].append({"academic_year": year, "college_id": cid,
                                    "design_capacity": book.count(row, cells, CAPACITY), "dormitory_places": None,
                                    "contingent_stated": book.count(row, cells, CONTINGENT), "source_id": source_id})
        out["fct_assessment"].append({"academic_year": year, "college_id": cid, "specialty_code": None,
                                      "score": book.decimal(row, cells, COLLEGE_SCORE),
                                      "teachers": book.count(row, cells, TEACHERS), "source_id": source_id})
        seen: dict[str, int] = {}
        for srow, code, s in c.specialties:
            if code in seen:
                book.problem(srow, SPECIALTY, s[SPECIALTY], "assessment_specialty_twice", code=code,
                             first=seen[code])
                continue
            seen[code] = srow
            _specialty_facts(book, out, year, cid, srow, code, s, source_id)
    return out


def _graduates(book: Workbook, row: int, s: list, grad_col: int, emp_col: int,
               alt_col: int) -> tuple[int | None, int | None]:
    employed, of = book.employment(row, s, emp_col)
    graduates = book.count(row, s, grad_col)
    graduates = graduates if graduates is not None else of
    if graduates is None and alt_col is not None:
        graduates = book.count(row, s, alt_col)
    if employed and not graduates:
        book.problem(row, emp_col, s[emp_col], "assessment_employed_no_graduates", employed=employed)
        return None, None
    if employed is not None and graduates is not None and employed > graduates:
        book.problem(row, emp_col, s[emp_col], "assessment_employed_over_graduates", employed=employed,
                     graduates=graduates)
        return None, None
    return graduates, employed


def _specialty_facts(book: Workbook, out: dict, year: int, cid: str | None, row: int, code: str, s: list,
                     source_id: str) -> None:
    admitted = book.count(row, s, ADMITTED)
    if admitted is not None:
        out["fct_admission"].append({"academic_year": year, "college_id": cid, "specialty_code": code,
                                     "funding": None, "language": None, "entry_base": None, "planned": None,
                                     "admitted": admitted, "applicants": None, "source_id": source_id})
    graduates, employed = _graduates(book, row, s, GRADUATES, EMPLOYED, GRADUATES_79)
    if graduates is not None:
        out["fct_graduation"].append({"academic_year": year, "college_id": cid, "specialty_code": code,
                                      "funding": None, "graduates": graduates, "employed": employed,
                                      "continued_study": None, "source_id": source_id})
    zm_graduates, zm_employed = _graduates(book, row, s, ZM_GRADUATES, ZM_EMPLOYED, ZM_GRADUATES_105)
    counts = {k: book.count(row, s, col) for k, col in SPECIALTY_COUNTS.items()}
    out["fct_assessment"].append({"academic_year": year, "college_id": cid, "specialty_code": code,
                                  "score": book.decimal(row, s, SPECIALTY_SCORE), "teachers": None, **counts,
                                  "zhas_maman_graduates": zm_graduates, "zhas_maman_employed": zm_employed,
                                  "source_id": source_id})


def year_of(display: str, year: int | None) -> tuple[int | None, bool]:
    """(academic year, taken from the file name?): --year first, else a leading 4-digit year of the name."""
    if year:
        return year, False
    m = re.match(r"^(20\d\d|19\d\d)(?!\d)", Path(display.replace("\\", "/")).name)
    return (int(m.group(1)), True) if m else (None, False)


@dataclass
class Loaded:
    kept: list[str]
    summary: dict


def stage(path: Path, display: str, found: tuple[str, list[list], list[str]], *, year: int | None,
          add_colleges: bool, pending: Path, digest: str, problems: list[Problem], cache: dict,
          lang: str = "en", progress: Callable[[str], None] = lambda s: None) -> Loaded | None:
    """Check one workbook and write its contract files to `pending`; None (with problems recorded) when refused."""
    sheet, rows, skipped = found
    year, from_name = year_of(display, year)
    if year is None:
        problems.append(Problem(display, None, None, None, "assessment_no_year", {}))
        return None
    if from_name:
        progress(t("etl.progress.assessment_year_from_name", lang, file=display, year=year, next=(year + 1) % 100))
    if skipped:
        progress(t("etl.progress.assessment_sheet", lang, file=display, sheet=sheet, skipped=", ".join(skipped)))
    book = Workbook(display, sheet, rows, problems)
    try:
        colleges = book.parse()
    except Refused:
        return None
    if "ref" not in cache:
        from etl import load

        cache["ref"] = reference([*load._sources(None), pending])
    ref: Reference = cache["ref"]
    region = _region(book, colleges, ref) if colleges else None
    if region is None:
        if not colleges:
            book.problem(None, None, None, "assessment_empty")
        return None
    for c in colleges:
        for srow, code, s in c.specialties:
            if code not in ref.specialties:
                book.problem(srow, SPECIALTY, s[SPECIALTY], "assessment_unknown_specialty", code=code)
    source_id = f"assessment_{region}_{year}".replace("-", "_")
    added = _colleges(book, colleges, region, ref, add_colleges, source_id)
    facts = _facts(book, colleges, year, source_id)
    if book.errors:
        return None
    kept = _write(pending, region, year, digest, display, facts, added, source_id)
    if added:
        start = len(ref.colleges)
        ref.colleges += added
        ref.index(start)
        progress(t("etl.progress.assessment_colleges_added", lang, n=len(added),
                   names="; ".join(f"{a['college_id']} {a['name_ru']}" for a in added)))
    n_spec = sum(len(c.specialties) for c in colleges)
    progress(t("etl.progress.assessment", lang, file=display, region=region, year=year, next=(year + 1) % 100,
               colleges=len(colleges), specialties=n_spec))
    return Loaded(kept, {"region": region, "year": year, "colleges": len(colleges), "specialties": n_spec,
                         "added": [a["college_id"] for a in added]})


def _colleges(book: Workbook, colleges: list[College], region: str, ref: Reference, add_colleges: bool,
              source_id: str) -> list[dict]:
    """Match every college to dim_college; the unknown ones are refused by name (with the closest known college)
    or, with add_colleges, returned as new dim_college rows."""
    unknown = _match_colleges(book, colleges, region, ref)
    if unknown and not add_colleges:
        for c in unknown:
            book.problem(c.row, NAME, c.name, "assessment_unknown_college", closest=_closest(c.name, ref, region))
        return []
    return _add_colleges(book, unknown, region, ref, source_id) if unknown else []


def _write(pending: Path, region: str, year: int, digest: str, display: str, facts: dict[str, list[dict]],
           added: list[dict], source_id: str) -> list[str]:
    """The contract files, named for region and year (loading the same region's year again replaces them)."""
    from etl.schema import table

    stem = f"assessment__{region}_{year}"
    files = {f"{name}__{stem}.csv": ([c for c in table(name).column_names
                                      if name != "fct_assessment" or c in ASSESSMENT_COLUMNS], rows)
             for name, rows in facts.items()}
    if added:
        files[f"dim_college__{stem}__{digest[:12]}.csv"] = (
            ["college_id", "region_code", "district_code", "name_kk", "name_ru", "name_en", "ownership", "source_id"],
            added)
    files[f"source__{stem}.csv"] = (["source_id", "title", "publisher", "kind", "coverage", "note"], [{
        "source_id": source_id, "title": f"Annual college assessment, {region}, {year}/{(year + 1) % 100:02d}",
        "publisher": "АО «Финансовый центр» (assessment workbook)", "kind": "upload", "coverage": "region",
        "note": f"sha256 {digest}"}])
    for name, (columns, rows) in files.items():
        with open(pending / name, "w", encoding="utf-8", newline="") as f:
            out = csv.writer(f, lineterminator="\n")
            out.writerow(columns)
            out.writerows([_csv_value(r.get(c)) for c in columns] for r in rows)
    return list(files)


def _csv_value(v: object) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)
