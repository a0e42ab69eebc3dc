"""The national education database's student-register export («Контингент»): one row per student, UTF-16
tab-separated, headers carrying field ids in brackets (`Специальность [speciality_a]`, `Курс обучения [5802]`).

The reader keeps only the columns the warehouse needs, found through SYNONYMS (field ids first, then names in
kk/ru/en), so a renamed column in next year's export is a one-line change here. Every other column — ИИН, names,
birth dates, phones, e-mails, addresses — is never parsed: pandas reads only `usecols`, so personal data reaches no
frame, warehouse, log, error message or cache. Students with a leaving date are not counted. The result is the
count of students per specialty × course × funding × language × study form × entry base, written as an ordinary
fct_enrollment file that the build validates like any other (values such as «очная», «казахский» are mapped there).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.problems import Problem
from etl.textnorm import decode, fold

# contract column -> accepted headers: a field id in brackets, or the header's name (matched folded).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "specialty_code": ("[speciality_a]", "специальность", "мамандық", "specialty"),
    "course": ("[5802]", "курс обучения", "курс", "оқу курсы", "course"),
    "language": ("[209]", "язык обучения", "оқыту тілі", "language of instruction"),
    "study_form": ("[5568]", "форма обучения", "оқу нысаны", "study form"),
    "funding": ("[6662]", "обучение за счет средств", "қаржыландыру көзі", "funding"),
    "entry_base": ("[base_a]", "на базе", "базовое образование", "негізінде", "entry base"),
    "left_on": ("[269]", "дата выбытия", "шыққан күні", "date of leaving"),
    "college_id": ("[org_bin]", "бин организации образования", "бин", "білім беру ұйымының бсн", "college bin"),
    "academic_year": ("[study_year]", "учебный год", "оқу жылы", "academic year"),
}
REQUIRED = ("specialty_code", "course", "language", "study_form", "funding", "entry_base")
FIELD_ID = re.compile(r"\[([^\]]+)\]\s*$")
_NOT_SPACE = re.compile(r"\S")
PROTECTED = re.compile(r'^="(.*)"$')  # Excel-protected values: ="060101500001"
COLLEGE, YEAR = "college_id", "academic_year"
GROUP = ["specialty_code", "course", "funding", "language", "study_form", "entry_base"]


@dataclass(frozen=True)
class Register:
    college_id: str
    academic_year: int
    rows: int            # students in the file
    left: int            # of them, with a leaving date (not counted)
    enrollment: pd.DataFrame  # fct_enrollment rows (without source_id)


def looks_like_register(head: bytes) -> bool:
    """A register export: tab-separated, and at least three headers carry a field id in brackets."""
    try:
        text, _ = decode(head[:65536] if len(head) % 2 == 0 else head[:65535])
    except UnicodeError:
        return False
    first = text.split("\n", 1)[0]
    return "\t" in first and sum(bool(FIELD_ID.search(h.strip())) for h in first.split("\t")) >= 3


def _columns(headers: list[str]) -> dict[str, str]:
    """contract column -> the header that holds it."""
    found: dict[str, str] = {}
    for column, names in SYNONYMS.items():
        for header in headers:
            h = header.strip()
            field = FIELD_ID.search(h)
            name = fold(FIELD_ID.sub("", h).strip())
            if (field and f"[{field.group(1)}]" in names) or name in {fold(n) for n in names if not n.startswith("[")}:
                found[column] = header
                break
    return found


def _clean(series: pd.Series) -> pd.Series:
    """Trimmed text without Excel's protection (="…"); done once per distinct value, not per student."""
    codes, uniques = pd.factorize(series.fillna(""))
    cleaned = pd.Series(uniques, dtype="object").astype(str).str.strip().str.replace(PROTECTED, r"\1", regex=True)
    return pd.Series(cleaned.str.strip().to_numpy()[codes], index=series.index)


def read(path: Path, display: str, college: str | None, year: int | None,
         problems: list[Problem]) -> Register | None:
    """Aggregate one register export; problems (missing column, no college, no year) go to `problems`."""
    data = path.read_bytes()
    try:
        text, _ = decode(data)
    except UnicodeError:
        problems.append(Problem(display, None, None, None, "unreadable_text", {}))
        return None
    headers = next(csv.reader(io.StringIO(text.split("\n", 1)[0]), delimiter="\t"), [])
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
    # pyarrow parses only the wanted columns (the personal ones are skipped unparsed), as text, fast.
    import pyarrow as pa
    from pyarrow import csv as pacsv

    wanted = list(dict.fromkeys(columns.values()))
    table = pacsv.read_csv(
        io.BytesIO(text.encode("utf-8")),
        read_options=pacsv.ReadOptions(block_size=1 << 24),
        parse_options=pacsv.ParseOptions(delimiter="\t", quote_char=False, newlines_in_values=False),
        convert_options=pacsv.ConvertOptions(include_columns=wanted, column_types={h: pa.string() for h in wanted},
                                             strings_can_be_null=False))
    frame = table.to_pandas().rename(columns={v: k for k, v in columns.items()})
    for c in frame.columns:
        frame[c] = _clean(frame[c])
    college_id = college or _single(frame, "college_id", display, problems)
    year_value = year or _year(frame, display, problems)
    if not college_id or not year_value:
        if not college_id:
            problems.append(Problem(display, None, COLLEGE, None, "register_no_college", {}))
        if not year_value:
            problems.append(Problem(display, None, YEAR, None, "register_no_year", {}))
        return None
    left = frame["left_on"] != "" if "left_on" in frame else pd.Series(False, index=frame.index)
    staying = frame[~left]
    counts = staying.groupby(GROUP, sort=True).size().reset_index(name="students")
    counts["course"] = counts["course"].str.extract(r"(\d+)", expand=False).fillna(counts["course"])
    counts.insert(0, "college_id", college_id)
    counts.insert(0, "academic_year", int(year_value))
    return Register(college_id, int(year_value), len(frame), int(left.sum()), counts)


def _single(frame: pd.DataFrame, column: str, display: str, problems: list[Problem]) -> str | None:
    if column not in frame:
        return None
    values = sorted(set(frame[column]) - {""})
    if len(values) > 1:
        problems.append(Problem(display, None, column, ", ".join(values[:3]), "register_many_colleges", {}))
        return None
    return values[0] if values else None


def _year(frame: pd.DataFrame, display: str, problems: list[Problem]) -> int | None:
    value = _single(frame, "academic_year", display, problems)
    match = re.match(r"(\d{4})", value or "")
    return int(match.group(1)) if match else None


def write(register: Register, folder: Path, sha256: str) -> tuple[Path, Path]:
    """The aggregate as a fct_enrollment file and its source row, in `folder` (named for college, year and the
    export's hash, so loading the same export twice replaces, not doubles, it)."""
    folder.mkdir(parents=True, exist_ok=True)
    source_id = f"register_{register.college_id}_{register.academic_year}".replace("-", "_")
    stem = f"{register.college_id}_{register.academic_year}"
    for old in folder.glob(f"fct_enrollment__register__{stem}__*.csv"):
        old.unlink()
    out = register.enrollment.assign(source_id=source_id)
    facts = folder / f"fct_enrollment__register__{stem}__{sha256[:12]}.csv"
    out.to_csv(facts, index=False)
    source = folder / f"source__register__{stem}.csv"
    pd.DataFrame([{"source_id": source_id, "title": f"Student register export, {register.college_id}, "
                                                      f"{register.academic_year}/{(register.academic_year + 1) % 100:02d}",
                   "publisher": "National education database (NOBD)", "kind": "upload",
                   "note": f"sha256 {sha256}; {register.rows} students in the file, {register.left} with a leaving "
                           f"date not counted"}]).to_csv(source, index=False)
    return facts, source
