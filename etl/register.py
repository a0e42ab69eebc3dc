"""The national education database's student-register export («Контингент»): one row per student, UTF-16
tab-separated, headers carrying field ids in brackets (`Специальность [speciality_a]`, `Курс обучения [5802]`);
the layout is ../shared/reference/official_file_layouts.md §1.

The reader keeps only the columns the warehouse needs, found through SYNONYMS (field ids first, then names in
kk/ru/en), so a renamed column in next year's export is a one-line change here. Every other column — ИИН, names,
birth dates, phones, e-mails, addresses — is never parsed: pyarrow reads only the wanted columns, so personal data
reaches no frame, warehouse, log, error message or cache.

From one export it derives, for the college and academic year it covers:
- enrolment (fct_enrollment) per specialty × course × funding × language × study form × entry base: students
  studying; students on academic leave (`[6754]`) counted apart in on_leave; expected graduates (end of study
  `[date_graduation_specialty]` inside the year) in graduating; students with a leaving date (`[269]`) not counted;
- this year's admissions (fct_admission.admitted): course-1 students enrolled (`[267]`) in this year's campaign.
Values are kept as the export writes them («основную школу», «Самофинансирование»): the build recognises them by
meaning (etl/values.py). A breakdown the export lacks (entry base, language, funding, study form) loads as not
stated, with a warning; only an export without specialty or course is refused.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from etl.problems import Problem
from etl.textnorm import decode, fold, header_key

# what the reader needs -> accepted headers: a field id in brackets, or the header's name (matched as header_key).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "specialty_code": ("[speciality_a]", "[426]", "специальность", "специальность и классификатор (основной)",
                       "мамандық", "specialty"),
    "course": ("[5802]", "курс обучения", "курс", "оқу курсы", "course"),
    "language": ("[209]", "язык обучения", "оқыту тілі", "language of instruction"),
    "study_form": ("[5568]", "форма обучения", "оқу нысаны", "study form"),
    "funding": ("[6662]", "обучение за счет средств", "қаржыландыру көзі", "funding"),
    "entry_base": ("[5573]", "[base_a]", "из числа принятых, окончил(-а):", "из числа принятых окончил",
                   "на базе", "базовое образование", "негізінде", "entry base"),
    "on_leave": ("[6754]", "находится в академическом отпуске", "академиялық демалыста", "on academic leave"),
    "enrolled_on": ("[267]", "дата прибытия/зачисления", "дата зачисления", "қабылданған күні",
                    "date of enrolment"),
    "ends_on": ("[date_graduation_specialty]", "дата окончания обучения по данной специальности",
                "оқуды аяқтау күні", "end of study"),
    "left_on": ("[269]", "дата выбытия", "шыққан күні", "date of leaving"),
    "college_id": ("[org_bin]", "бин организации образования", "бин", "білім беру ұйымының бсн", "college bin"),
    "academic_year": ("[study_year]", "учебный год", "оқу жылы", "academic year"),
}
# Without these a row means nothing: the export is refused. The breakdowns below may be missing: their rows load as
# not stated, with a warning (the contract allows it, etl/schema.py).
REQUIRED = ("specialty_code", "course")
NOT_STATED = ("funding", "language", "study_form", "entry_base")
FIELD_ID = re.compile(r"\[([^\]]+)\]\s*$")
_NOT_SPACE = re.compile(r"\S")
PROTECTED = re.compile(r'^="(.*)"$')  # Excel-protected values: ="060101500001"
_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})|^(\d{4})-(\d{2})-(\d{2})")
COLLEGE, YEAR, LEFT_ON = "college_id", "academic_year", "left_on"
GROUP = ["specialty_code", "course", "funding", "language", "study_form", "entry_base"]
ADMISSION = ["specialty_code", "funding", "language", "entry_base"]
# «Находится в академическом отпуске»: the values that mean yes (folded); anything else (Нет, blank) is no.
_YES = {fold(w) for w in ("да", "иә", "yes", "true", "1", "находится", "в академическом отпуске")}


@dataclass(frozen=True)
class Register:
    college_id: str
    academic_year: int
    rows: int            # students in the file
    left: int            # of them, with a leaving date (not counted)
    enrollment: pd.DataFrame  # fct_enrollment rows (without source_id)
    admission: pd.DataFrame | None = None  # fct_admission rows (admitted), when the export has enrolment dates
    on_leave: int = 0    # students on academic leave (counted apart, not in students)
    admitted: int = 0    # first-year students enrolled in this year's admission
    graduating: int | None = None  # students whose end of study falls inside the year (None: no such column)
    not_stated: tuple[str, ...] = ()  # breakdowns the export does not have


def looks_like_register(head: bytes) -> bool:
    """A register export: tab-separated, and at least three headers carry a field id in brackets."""
    try:
        text, _ = decode(head[:65536] if len(head) % 2 == 0 else head[:65535])
    except UnicodeError:
        return False
    first = text.split("\n", 1)[0]
    return "\t" in first and sum(bool(FIELD_ID.search(h.strip())) for h in first.split("\t")) >= 3


def _columns(headers: list[str]) -> dict[str, list[str]]:
    """what the reader needs -> the headers that may hold it, best first: headers with the field id, then those with
    the name. Where several may hold the specialty (`[426]` and `[speciality_a]`), the one whose values carry the
    8-digit codes is taken once the file is read (_parse)."""
    found: dict[str, list[str]] = {}
    for column, names in SYNONYMS.items():
        ids = {n for n in names if n.startswith("[")}
        keys = {header_key(n) for n in names if not n.startswith("[")}
        by_id = [h for h in headers if (m := FIELD_ID.search(h.strip())) and f"[{m.group(1)}]" in ids]
        by_name = [h for h in headers if header_key(h) in keys and h not in by_id]
        if by_id or by_name:
            found[column] = by_id + by_name
    return found


_CODE = re.compile(r"(?<!\d)\d{8}(?!\d)")


def _code_share(column: pd.Categorical) -> float:
    """Share of rows whose value carries an 8-digit specialty code."""
    return float(_per_value(column, lambda v: bool(_CODE.search(v))).mean()) if len(column) else 0.0


def _clean(text: str) -> str:
    """Trimmed text without Excel's protection (="…")."""
    return PROTECTED.sub(r"\1", text.strip()).strip()


def _coded(codes: np.ndarray, values: list[str]) -> pd.Categorical:
    """Rows as codes into `values` (which may repeat), as a categorical of the distinct values."""
    categories = list(dict.fromkeys(values))
    position = {v: i for i, v in enumerate(categories)}
    remap = np.array([position[v] for v in values], dtype=np.int32)
    return pd.Categorical.from_codes(remap[codes] if len(values) else codes.astype(np.int32),
                                     categories=pd.Index(categories or [""], dtype=object))


def _per_value(column: pd.Categorical, func, dtype=bool) -> np.ndarray:
    """func of each distinct value, worked out once per value and spread back to every row."""
    return np.array([func(v) for v in column.categories], dtype=dtype)[column.codes]


def _recode(column: pd.Categorical, func) -> pd.Categorical:
    """The column with each distinct value replaced by func(value), once per value."""
    return _coded(np.asarray(column.codes), [func(v) for v in column.categories])


def read(path: Path, display: str, college: str | None, year: int | None,
         problems: list[Problem]) -> Register | None:
    """Aggregate one register export; problems (missing column, no college, no year) go to `problems`."""
    data = path.read_bytes()
    try:
        text, _ = decode(data)
    except UnicodeError:
        problems.append(Problem(display, None, None, None, "unreadable_text", {}))
        return None
    first_line = text[:text.find("\n")] if "\n" in text[:1 << 20] else text[:1 << 20]
    headers = next(csv.reader(io.StringIO(first_line), delimiter="\t"), [])
    columns = _columns(headers)
    end_of_header = text.find("\n")
    if end_of_header < 0 or not _NOT_SPACE.search(text, end_of_header + 1):
        # The header and no student: almost always the wrong export (a blank one), never "0 students".
        problems.append(Problem(display, None, None, None, "no_rows", {"table": "Контингент"}))
        return None
    missing = [c for c in REQUIRED if c not in columns]
    for c in missing:
        problems.append(Problem(display, 1, c, None, "register_missing_column",
                                {"names": ", ".join(SYNONYMS[c])}))
    if missing:
        return None
    not_stated = tuple(c for c in NOT_STATED if c not in columns)
    for c in not_stated:
        problems.append(Problem(display, 1, c, None, "register_column_not_stated",
                                {"names": ", ".join(SYNONYMS[c])}, severity="warning"))
    frame = _parse(text, columns, display, problems)
    if frame is None:
        return None
    college_id = college or _single(frame, "college_id", display, problems)
    year_value = year or _year(frame, display, problems)
    if not college_id or not year_value:
        if not college_id:
            problems.append(Problem(display, None, COLLEGE, None, "register_no_college", {}))
        if not year_value:
            problems.append(Problem(display, None, YEAR, None, "register_no_year", {}))
        return None
    return _aggregate(frame, str(college_id), int(year_value), not_stated, display, problems)


class _Utf8Reader(io.RawIOBase):
    """The decoded text as a UTF-8 byte stream, encoded a slice at a time as the CSV reader asks for it: the reader's
    threads parse one block while the next is encoded (half the time of encoding the whole file first)."""

    def __init__(self, text: str, chars: int = 1 << 22) -> None:
        self.text, self.chars, self.at = text, chars, 0
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if not self.pending and self.at < len(self.text):
            self.pending = self.text[self.at:self.at + self.chars].encode("utf-8")
            self.at += self.chars
        n = min(len(buffer), len(self.pending))
        buffer[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        return n


def _parse(text: str, columns: dict[str, str], display: str, problems: list[Problem]) -> pd.DataFrame | None:
    """The needed columns only, as categoricals of clean text: pyarrow parses just these (the personal ones are
    skipped unparsed) and dictionary-encodes them, so every cleaning and test below runs once per distinct value.
    A row with more or fewer cells than the header (shifted columns) refuses the export, naming the rows."""
    import pyarrow as pa
    from pyarrow import csv as pacsv

    wanted = list(dict.fromkeys(h for hs in columns.values() for h in (hs if isinstance(hs, list) else [hs])))
    uneven: list = []

    def invalid(row) -> str:
        uneven.append((row.number, row.expected_columns, row.actual_columns))
        return "skip"

    table = pacsv.read_csv(
        io.BufferedReader(_Utf8Reader(text), 1 << 24),
        read_options=pacsv.ReadOptions(block_size=1 << 24),
        parse_options=pacsv.ParseOptions(delimiter="\t", quote_char=False, newlines_in_values=False,
                                         invalid_row_handler=invalid),
        convert_options=pacsv.ConvertOptions(include_columns=wanted, column_types={h: pa.string() for h in wanted},
                                             strings_can_be_null=False))
    if uneven:  # (the reader's threads do not know line numbers: find the first uneven line, on this error path only)
        _, expected, got = uneven[0]
        number = next((i + 1 for i, line in enumerate(text.split("\n")) if line.strip("\r")
                       and line.count("\t") + 1 != expected), None)
        problems.append(Problem(display, number, None, None, "register_row_width",
                                {"expected": expected, "got": got, "n": len(uneven)}))
        return None
    read_: dict[str, pd.Categorical] = {}
    for header in wanted:
        encoded = table.column(header).combine_chunks().dictionary_encode()
        read_[header] = _coded(encoded.indices.to_numpy(zero_copy_only=False),
                               [_clean(v) for v in encoded.dictionary.to_pylist()])
    frame = {}
    for name, headers in columns.items():
        options = headers if isinstance(headers, list) else [headers]
        best = max(options, key=lambda h: _code_share(read_[h])) if name == "specialty_code" else options[0]
        frame[name] = read_[best]
    for c in GROUP:
        if c not in frame:  # not stated: loads as NULL
            frame[c] = pd.Categorical.from_codes(np.zeros(table.num_rows, dtype=np.int32), categories=[""])
    return pd.DataFrame(frame)


def _date(text: str) -> pd.Timestamp:
    m = _DATE.match(text)
    if not m:
        return pd.NaT
    d, mo, y = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(6), m.group(5), m.group(4))
    try:
        return pd.Timestamp(int(y), int(mo), int(d))
    except ValueError:
        return pd.NaT


def _inside(column: pd.Categorical, first: pd.Timestamp, last: pd.Timestamp) -> np.ndarray:
    """Rows whose date (dd.mm.yyyy or ISO text) falls between first and last, each distinct value parsed once."""
    return _per_value(column, lambda v: first <= _date(v) <= last if _date(v) is not pd.NaT else False)


def _aggregate(frame: pd.DataFrame, college_id: str, year: int, not_stated: tuple[str, ...], display: str,
               problems: list[Problem]) -> Register | None:
    """Counts per group. A student with a leaving date is not counted; one on academic leave is counted in on_leave,
    not in students; expected graduates are the students staying whose end of study falls inside the academic year
    (1 September Y – 31 August Y+1). This year's admissions are course-1 students (leavers included: they were
    admitted) whose enrolment date falls inside the year's admission campaign, 1 June Y – 31 May Y+1 (orders of
    enrolment are dated in August, before the academic year starts)."""
    none = np.zeros(len(frame), dtype=bool)
    left = _per_value(frame["left_on"].array, lambda v: v != "") if "left_on" in frame else none
    if len(frame) and bool(left.all()):
        problems.append(Problem(display, None, LEFT_ON, None, "register_all_left", {"n": len(frame)}))
        return None
    frame["course"] = _recode(frame["course"].array, lambda v: m.group(0) if (m := re.search(r"\d+", v)) else v)
    leave = _per_value(frame["on_leave"].array, lambda v: fold(v) in _YES) if "on_leave" in frame else none
    staying = ~left
    frame["students"] = (staying & ~leave).astype("int64")
    frame["on_leave"] = (staying & leave).astype("int64")
    graduating = None
    if "ends_on" in frame:
        inside = _inside(frame["ends_on"].array, pd.Timestamp(year, 9, 1), pd.Timestamp(year + 1, 8, 31))
        frame["graduating"] = (staying & ~leave & inside).astype("int64")
        graduating = int(frame["graduating"].sum())
    sums = ["students", "on_leave", *(["graduating"] if graduating is not None else [])]
    counts = _sorted(frame.groupby(GROUP, observed=True, dropna=False)[sums].sum().reset_index(), GROUP)
    counts.insert(0, "college_id", college_id)
    counts.insert(0, "academic_year", year)
    admission = None
    admitted = 0
    if "enrolled_on" in frame:
        campaign = _inside(frame["enrolled_on"].array, pd.Timestamp(year, 6, 1), pd.Timestamp(year + 1, 5, 31))
        new = _per_value(frame["course"].array, lambda v: v == "1") & campaign
        if bool(new.any()):
            admission = _sorted(frame[new].groupby(ADMISSION, observed=True, dropna=False).size()
                                .reset_index(name="admitted"), ADMISSION)
            admission.insert(0, "college_id", college_id)
            admission.insert(0, "academic_year", year)
            admission.insert(len(ADMISSION) + 2, "planned", None)  # the export holds no plan: not stated
            admitted = int(admission["admitted"].sum())
    return Register(college_id, year, len(frame), int(left.sum()), counts, admission,
                    on_leave=int(frame["on_leave"].sum()), admitted=admitted, graduating=graduating,
                    not_stated=not_stated)


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Group rows as plain text, in the order of their keys (the same export gives the same file)."""
    frame = frame.astype({k: str for k in keys})
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def _single(frame: pd.DataFrame, column: str, display: str, problems: list[Problem]) -> str | None:
    if column not in frame:
        return None
    used = frame[column].array
    values = sorted(set(used.categories[np.unique(used.codes)]) - {""})
    if len(values) > 1:
        problems.append(Problem(display, None, column, ", ".join(values[:3]), "register_many_colleges", {}))
        return None
    return values[0] if values else None


def _year(frame: pd.DataFrame, display: str, problems: list[Problem]) -> int | None:
    value = _single(frame, "academic_year", display, problems)
    match = re.match(r"(\d{4})", value or "")
    return int(match.group(1)) if match else None


def write(register: Register, folder: Path, sha256: str) -> list[Path]:
    """The aggregate as fct_enrollment (and fct_admission) files and their source row, in `folder` (named for
    college, year and the export's hash, so loading the same export twice replaces, not doubles, it). The source
    covers one college's year: real rows replace the demo rows of that college and year only."""
    folder.mkdir(parents=True, exist_ok=True)
    source_id = f"register_{register.college_id}_{register.academic_year}".replace("-", "_")
    stem = f"{register.college_id}_{register.academic_year}"
    out = []
    for table, frame in (("fct_enrollment", register.enrollment), ("fct_admission", register.admission)):
        for old in folder.glob(f"{table}__register__{stem}__*.csv"):
            old.unlink()
        if frame is None:
            continue
        path = folder / f"{table}__register__{stem}__{sha256[:12]}.csv"
        frame.assign(source_id=source_id).to_csv(path, index=False)
        out.append(path)
    source = folder / f"source__register__{stem}.csv"
    note = (f"sha256 {sha256}; {register.rows} students in the file, {register.left} with a leaving date not counted, "
            f"{register.on_leave} on academic leave counted apart, {register.admitted} admitted this year")
    if register.not_stated:
        note += f"; not stated in the export: {', '.join(register.not_stated)}"
    pd.DataFrame([{"source_id": source_id, "title": f"Student register export, {register.college_id}, "
                                                      f"{register.academic_year}/{(register.academic_year + 1) % 100:02d}",
                   "publisher": "National education database (NOBD)", "kind": "upload", "coverage": "college",
                   "note": note}]).to_csv(source, index=False)
    out.append(source)
    return out
