"""Readers: turn a CSV or XLSX file into rows of text mapped onto one table of the contract.

A reader never decides whether a value is good: it finds the header row, tells which table the file holds,
keeps only the contract's columns (so personal data in other columns is dropped here and goes no further),
and drops title, footnote, total and empty rows. Value checks happen in SQL (etl/staging.py).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from etl import schema
from etl.problems import Problem
from etl.textnorm import SPACES, clean_cell, decode, fold, header_key

HEADER_SCAN_ROWS = 30
_PLAIN_SPACES = str.maketrans({ch: " " for ch in SPACES})
# Guards against files that would exhaust the machine before any check could run.
MAX_COLUMNS = 500  # no template has more than a dozen columns; a wider header or row is not a table of ours
XLSX_MAX_UNPACKED = 200 * 1024 * 1024  # bytes a workbook may unpack to (its sheets are compressed XML)
XLSX_MAX_RATIO, XLSX_RATIO_FLOOR = 200, 10 * 1024 * 1024  # a part over 10 MB packed tighter than 200:1: a ZIP bomb
# A cell that a spreadsheet would run as a formula when the data is opened again (CSV injection):
# =HYPERLINK(…), =A1, +SUM(…), @cmd(…), -2+3+cmd|' /C calc'!A0. Plain numbers ("-5", "+7 700 …") are values.
_MAYBE_FORMULA = re.compile(r"\x00[=+\-@]")
_FORMULA = re.compile(r"^=\s*[^\s=]|^[+\-@]\s*[A-Za-z_][\w.]*\(|^[=+\-@].*\w\|.*!")
# What a file is, told by its first bytes (format names read the same in every language).
_MAGIC = ((b"%PDF", "PDF"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "XLS (Excel 97-2003)"), (b"\x89PNG", "PNG"),
          (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"), (b"\x1f\x8b", "GZIP"), (b"Rar!", "RAR"),
          (b"7z\xbc\xaf", "7-Zip"), (b"{\\rtf", "RTF"))
# A footnote starts with a marker, or with one of these words followed by a space, a colon, a full stop or
# nothing ("Примечание: …", "Источник - БНС"), so an id that merely begins with the letters ("notes_2024",
# "source-bns") is data.
_FOOTNOTE_START = re.compile(
    r"^(\*|¹|²|³|(примечание|примечания|ескерту|ескертпе|note|notes|источник|источники|дереккөз|source|sources)"
    r"(?=[\s:.]|$))", re.I)
_TOTAL_WORDS = {fold(w) for w in ("итого", "всего", "барлығы", "жиыны", "total", "итого:", "всего:", "барлығы:")}
# "Итого по области", "Всего по колледжам:", "Облыс бойынша барлығы": a Russian or Kazakh total word opening or
# closing the first filled cell. (English "Total" only as the whole cell: "Total E&P Kazakhstan" is a company.)
_TOTAL_START = "|".join(fold(w) for w in ("итого", "всего", "барлығы", "жиыны"))
# Every total word holds a letter with no Latin look-alike (и, г, б, л, ы, ғ, ж), or is the English "total": a row
# without any of them (most data rows: codes, numbers, "state", "kk") is no total row, and needs no folding.
_TOTAL_HINT = re.compile(r"[ИиГгБбЛлЫыҒғЖж]|[Tt][Oo][Tt][Aa][Ll]")
_TOTAL_PHRASE = re.compile(rf"^({_TOTAL_START})\b|\b({_TOTAL_START}):?$")


@dataclass
class RawTable:
    """What one file (or one sheet) holds, as text, mapped onto a table of the contract."""

    file: str  # the path as shown to people
    sheet: str | None
    table: str
    header_row: int  # 1-based, as a spreadsheet shows it
    columns: dict[str, int]  # contract column -> index in the file's rows
    rows: list[tuple[int, list[str]]]  # (1-based row number in the file, cells)
    encoding: str
    dropped_headers: list[str] = field(default_factory=list)
    notes: list[tuple[str, dict]] = field(default_factory=list)  # (message id, params) for the report
    # Rows read in bulk by the fast path (read_template_fast): an Arrow table of `_row` and the contract's columns,
    # every row of it plain data (no total, footnote, empty or formula row). `rows` then holds the file's other
    # kept rows. Both are loaded (etl/staging.load_raw).
    bulk: object = None

    @property
    def n_rows(self) -> int:
        return len(self.rows) + (self.bulk.num_rows if self.bulk is not None else 0)


def _accepted_headers() -> dict[str, dict[str, str]]:
    """For each loadable table: header key -> contract column."""
    out: dict[str, dict[str, str]] = {}
    for t in schema.TABLES:
        if not t.loadable:
            continue
        keys: dict[str, str] = {}
        for c in t.columns:
            for spelling in (c.name, c.name.replace("_", " "), *c.labels):
                keys.setdefault(header_key(spelling), c.name)
        out[t.name] = keys
    return out


ACCEPTED = _accepted_headers()


def _match(row: list[str], table: str, row_keys: list[str] | None = None) -> dict[str, int]:
    keys = ACCEPTED[table]
    found: dict[str, int] = {}
    for i, key in enumerate(row_keys if row_keys is not None else [header_key(c) for c in row]):
        col = keys.get(key)
        if col and col not in found:
            found[col] = i
    return found


def _score(table: str, found: dict[str, int]) -> tuple[int, int]:
    t = schema.table(table)
    required = [c.name for c in t.columns if c.required]
    return (sum(c in found for c in required) - len(required), len(found))


def _find_header(rows: list[list[str]], stem: str) -> tuple[str | None, int, dict[str, int]]:
    """The table and header row that fit best. A file named after a table is held to that table."""
    stem = stem.split("__", 1)[0]  # files the loaders write are named <table>__<what>__<hash>
    candidates = [stem] if stem in ACCEPTED else list(ACCEPTED)
    best: tuple[tuple[int, int], str | None, int, dict[str, int]] = ((-999, 0), None, -1, {})
    for idx, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if not any(row):
            continue
        row_keys = [header_key(c) for c in row]  # once per row, not once per table
        for table in candidates:
            found = _match(row, table, row_keys)
            if len(found) < 2:
                continue
            score = _score(table, found)
            if score > best[0]:
                best = (score, table, idx, found)
    _, table, idx, found = best
    return table, idx, found


def _is_footnote(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and (bool(_FOOTNOTE_START.match(filled[0])) or (len(filled) == 1 and len(filled[0]) > 40))


def _is_total(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    joined = "\x00".join(filled)  # NUL: no cell holds it
    if not _TOTAL_HINT.search(joined):
        return False
    # One fold of the whole row instead of one per cell.
    folded = [c.strip() for c in fold(joined).split("\x00")]
    return any(c in _TOTAL_WORDS for c in folded) or bool(_TOTAL_PHRASE.search(folded[0]))


def _new_raw(file: str, sheet: str | None, table: str, hidx: int, found: dict[str, int], header: list[str],
             encoding: str) -> RawTable:
    seen_cols = set(found.values())
    dropped = [h for i, h in enumerate(header) if h and i not in seen_cols]
    raw = RawTable(file, sheet, table, hidx + 1, found, [], encoding, dropped)
    if dropped:
        raw.notes.append(("note.dropped_headers", {"headers": ", ".join(dropped[:12])}))
    if hidx > 0:
        raw.notes.append(("note.title_rows", {"n": hidx}))
    return raw


def _missing(table: str, found: dict[str, int]) -> list[str]:
    return [c.name for c in schema.table(table).columns if c.required and c.name not in found]


def _kind_of_row(cells: list[str]) -> str:
    """What a row under the header is: "empty", "footnote", "total" or "data"."""
    if not any(cells):
        return "empty"
    if _is_footnote(cells):
        return "footnote"
    return "total" if _is_total(cells) else "data"


def _take(raw: RawTable, counts: dict[str, int], line: int, cells: list[str]) -> None:
    """Keep a data row under the header; count a total or footnote row; pass over an empty one."""
    kind = _kind_of_row(cells)
    if kind == "data":
        raw.rows.append((line, cells))
    elif kind != "empty":
        counts[kind] += 1


def not_stated_columns(table: str) -> list[str]:
    """Breakdown columns a file may leave out (the contract calls them not stated): enumerated, part of the
    table's grain, neither required nor refused when empty."""
    t = schema.table(table)
    return [c.name for c in t.columns if c.kind == "enum" and not c.required and c.nullable and c.name in t.key]


def _finish(raw: RawTable, hidx: int, counts: dict[str, int], problems: list[Problem]) -> RawTable | None:
    for col in not_stated_columns(raw.table):
        if col not in raw.columns:
            problems.append(Problem(raw.file, hidx + 1, col, None, "column_not_stated", {"table": raw.table},
                                    severity="warning"))
    if counts["total"]:
        raw.notes.append(("note.total_rows", {"n": counts["total"]}))
    if counts["footnote"]:
        raw.notes.append(("note.footnote_rows", {"n": counts["footnote"]}))
    if not raw.n_rows:
        # A header and nothing under it: almost always the wrong file (a blank template), never a silent success.
        problems.append(Problem(raw.file, hidx + 1, None, None, "no_rows", {"table": raw.table}))
        return None
    return raw


def rows_to_table(file: str, sheet: str | None, rows: list[list[str]], encoding: str,
                  problems: list[Problem]) -> RawTable | None:
    stem = Path(file).stem.lower()
    if not any(any(r) for r in rows):
        problems.append(Problem(file, None, None, None, "empty_file"))
        return None
    table, hidx, found = _find_header(rows, stem)
    if table is None:
        problems.append(Problem(file, None, None, None, "unknown_table",
                                {"tables": ", ".join(schema.LOADABLE)}))
        return None
    missing = _missing(table, found)
    for col in missing:
        problems.append(Problem(file, hidx + 1, col, None, "missing_column", {"table": table}))
    if missing:
        return None
    raw = _new_raw(file, sheet, table, hidx, found, rows[hidx], encoding)
    counts = {"footnote": 0, "total": 0}
    for i, cells in enumerate(rows[hidx + 1:]):
        _take(raw, counts, hidx + 2 + i, cells)
    return _finish(raw, hidx, counts, problems)


# -- the fast path for large, plain template files --------------------------------------------------------------
# A template file of machine-written rows (the national demo, exports of other systems) is parsed by pyarrow's
# C++ CSV reader instead of Python's csv module, and its rows are told apart with vectorised tests. It is taken
# only where it reads exactly what the Python path reads: no quote character in the file (so a line is a record),
# no lone CR, no empty line under the header, whitespace that Python's strip() and Arrow's trim agree on, every
# row as wide as the first, and the head (the first rows) a template header. Any other file takes the Python path.
# Rows that could be empty, a footnote, a total or hold a formula (a superset, tested cheaply) are classified by
# the same Python functions as on the Python path; every other row is plain data and is kept in bulk.
_ODD_WHITESPACE = re.compile("[\x0b\x0c\x1c-\x1f\x85\u1680\u2000-\u200a\u2028\u2029\u205f\u3000"
                             + SPACES + "]")
# Superset of _FOOTNOTE_START (RE2 has no look-ahead: a footnote word followed by anything).
_FOOTNOTE_START_RE2 = ("^(\\*|¹|²|³|примечание|примечания|ескерту|ескертпе|note|notes|источник|источники|дереккөз|"
                       "source|sources)")
_TOTAL_HINT_RE2 = "[ИиГгБбЛлЫыҒғЖж]|[Tt][Oo][Tt][Aa][Ll]"
_FORMULA_START_RE2 = "(^|\\x00)[=+\\-@]"  # at the start of a cell of the row's cells joined by NUL


def read_template_fast(file: str, text: str, delimiter: str, encoding: str,
                       problems: list[Problem]) -> RawTable | None | bool:
    """The file's table read by the fast path; False when the file is not for it (take the Python path)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    if '"' in text or _ODD_WHITESPACE.search(text):
        return False
    text = text.replace("\r\n", "\n")
    if "\r" in text:
        return False
    lines = text.split("\n", HEADER_SCAN_ROWS)
    head = [[c.strip() for c in line.split(delimiter)] if line else [] for line in lines[:HEADER_SCAN_ROWS]]
    if any(len(r) > MAX_COLUMNS for r in head):
        return False
    from etl import state_order_table, stats_table

    if not stats_table._is_template(head) or state_order_table.detect(head):
        return False
    table, hidx, found = _find_header(head, Path(file).stem.lower())
    if table is None or _missing(table, found):
        return False
    parts = text.split("\n", hidx + 1)
    body = parts[hidx + 1].rstrip("\n") if len(parts) > hidx + 1 else ""
    if not body or "\n\n" in body or body.startswith("\n"):
        return False
    width = len(head[hidx])
    names = [f"c{i}" for i in range(width)]
    other: list[tuple[int | None, str]] = []  # (line of the body, text) of rows not as wide as the header

    def parse(threads: bool):
        other.clear()
        return pacsv.read_csv(
            io.BytesIO(body.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names, use_threads=threads),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char=False, ignore_empty_lines=False,
                                             invalid_row_handler=lambda row: other.append((row.number, row.text))
                                             or "skip"),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))

    tbl = parse(True)
    if other:  # their line numbers are known only to a single-threaded read
        tbl = parse(False)
    if any(n is None or row.count(delimiter) >= MAX_COLUMNS for n, row in other):
        return False
    cols = [pc.utf8_trim_whitespace(tbl.column(i)) for i in range(width)]
    filled = [pc.not_equal(c, "") for c in cols]
    n_filled = filled[0].cast(pa.int32())
    for f in filled[1:]:
        n_filled = pc.add(n_filled, f.cast(pa.int32()))
    first = pc.coalesce(*[pc.if_else(f, c, pa.scalar(None, pa.string())) for f, c in zip(filled, cols)])
    suspect = pc.or_(pc.less_equal(n_filled, 1),
                     pc.fill_null(pc.match_substring_regex(first, _FOOTNOTE_START_RE2, ignore_case=True), False))
    joined = pc.binary_join_element_wise(*cols, "\x00")  # NUL: no cell holds it
    suspect = pc.or_(suspect, pc.match_substring_regex(joined, f"{_TOTAL_HINT_RE2}|{_FORMULA_START_RE2}"))
    raw = _new_raw(file, None, table, hidx, found, head[hidx], encoding)
    # Line k (from 1) of the body is row hidx + 1 + k of the file; the table holds the body's lines in order, less
    # the rows of another width (read one by one below).
    lines = np.arange(1, tbl.num_rows + len(other) + 1, dtype=np.int32)
    if other:
        lines = np.setdiff1d(lines, np.array([n for n, _ in other], dtype=np.int32))
    line_of = pa.array(lines + np.int32(hidx + 1))
    counts = {"footnote": 0, "total": 0}
    for n, row_text in other:
        _take(raw, counts, hidx + 1 + n, [c.strip() for c in row_text.split(delimiter)])
    odd = pc.indices_nonzero(suspect)
    if len(odd):
        odd_cols = [c.take(odd).to_pylist() for c in cols]
        odd_lines = line_of.take(odd).to_pylist()
        for k, line in enumerate(odd_lines):
            _take(raw, counts, line, [col[k] for col in odd_cols])
    raw.rows.sort(key=lambda r: r[0])
    plain = pc.invert(suspect)
    raw.bulk = pa.table({"_row": line_of.filter(plain),
                         **{c: cols[i].filter(plain) for c, i in found.items()}})
    return _finish(raw, hidx, counts, problems)


def without_formulas(raw: RawTable, problems: list[Problem]) -> RawTable:
    """The table without its rows that hold, in a column of the contract, a cell a spreadsheet would run as a
    formula; each such row is a problem (the row is refused, neither loaded with the formula nor without it).
    Applied to every table a reader returns, templates and official formats alike."""
    kept = []
    for line_no, cells in raw.rows:
        if not _MAYBE_FORMULA.search("\x00" + "\x00".join(cells)):  # one regex per row: no cell starts with = + - @
            kept.append((line_no, cells))
            continue
        bad = next(((c, cells[i]) for c, i in raw.columns.items() if i < len(cells) and isinstance(cells[i], str)
                    and cells[i][:1] in "=+-@" and _FORMULA.match(cells[i])), None)
        if bad is None:
            kept.append((line_no, cells))
            continue
        column, value = bad
        problems.append(Problem(raw.file, line_no, column, value, "formula_cell"))
    raw.rows = kept
    return raw


def _binary_kind(data: bytes) -> str | None:
    """The format a file's first bytes announce (PDF, XLSX, PNG…), or None for what may be text."""
    if data.startswith(b"PK\x03\x04"):
        return "XLSX" if b"[Content_Types].xml" in data[:4096] or b"xl/" in data[:4096] else "ZIP"
    return next((kind for magic, kind in _MAGIC if data.startswith(magic)), None)


def _looks_like_csv(head: bytes) -> bool:
    """True when the first bytes read as text (any encoding the readers know) without control characters, and
    the first line is split by a delimiter: only then is a file called a CSV."""
    try:
        text, _ = decode(head if len(head) % 2 == 0 else head[:-1])
    except UnicodeError:
        return False
    controls = sum(ord(c) < 32 and c not in "\t\r\n" for c in text)
    first = text.strip().split("\n", 1)[0]
    return controls <= len(text) // 100 and any(d in first for d in ",;\t|")


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:HEADER_SCAN_ROWS])
    counts = {d: sample.count(d) for d in (",", ";", "\t", "|")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_csv_text(file: str, data: bytes, problems: list[Problem]) -> list[RawTable]:
    kind = _binary_kind(data)
    if kind:  # a workbook, PDF or picture saved under a text file's name
        problems.append(Problem(file, None, None, None, "not_a_text_table", {"kind": kind}))
        return []
    try:
        text, encoding = decode(data)
    except UnicodeError:
        problems.append(Problem(file, None, None, None, "unreadable_text"))
        return []
    if "\x00" in text:
        # NUL bytes that no encoding explains: UTF-16 cut at an odd byte, or a binary file of an unknown kind.
        head = data[:4096]
        zeros = sorted((head[0::2].count(0), head[1::2].count(0)))  # UTF-16 has its zeros on one side only
        if zeros[1] > len(head) // 6 and zeros[1] > 4 * zeros[0]:
            problems.append(Problem(file, None, None, None, "unreadable_text"))
        else:
            problems.append(Problem(file, None, None, None, "binary_file"))
        return []
    delimiter = _sniff_delimiter(text)
    text = text.translate(_PLAIN_SPACES)  # odd spaces made plain once for the whole file, not cell by cell
    fast = read_template_fast(file, text, delimiter, encoding, problems)
    if fast is not False:
        return [without_formulas(fast, problems)] if fast else []
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for r in reader:
            if len(r) > MAX_COLUMNS:  # checked row by row: a 10,000-column file is refused on its first wide row
                width = len(r)
                problems.append(Problem(file, reader.line_num, None, None, "too_many_columns",
                                        {"n": width, "limit": MAX_COLUMNS}))
                return []
            rows.append([c[2:-1].strip() if c[:2] == '="' and c[-1:] == '"' else c.strip() for c in r])
    except csv.Error:  # a cell longer than the csv module allows: a quote opened and never closed
        where, limit = len(rows) + 1, csv.field_size_limit()
        problems.append(Problem(file, where, None, None, "unclosed_quote", {"limit": limit}))
        return []
    official = official_tables(file, None, rows, encoding, problems)
    if official is not None:
        return [without_formulas(r, problems) for r in official]
    raw = rows_to_table(file, None, rows, encoding, problems)
    return [without_formulas(raw, problems)] if raw else []


def official_tables(file: str, sheet: str | None, rows: list[list[str]], encoding: str,
                    problems: list[Problem]) -> list[RawTable] | None:
    """Tables of an official format recognised from the rows themselves (never from the file name): a statistics
    table of the Bureau of National Statistics, or a state-order table of an akimat resolution. None when the
    rows are in none of these formats (they are then read as one of the project's templates)."""
    from etl import state_order_table, stats_table

    for reader in (stats_table, state_order_table):
        if reader.detect(rows):
            return reader.read(file, sheet, rows, encoding, problems)
    return None


def _xlsx_cell(cell: object) -> str:
    value = getattr(cell, "value", None)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        # A code kept as a number with the format "00000000" shows as 06130100 in Excel, not as 6130100.
        fmt = getattr(cell, "number_format", None) or ""
        return str(int(value)).zfill(len(fmt)) if re.fullmatch(r"0+", fmt) else str(int(value))
    if hasattr(value, "date") and hasattr(value, "isoformat"):
        return value.date().isoformat() if hasattr(value, "hour") else value.isoformat()
    return clean_cell(value)


def _xlsx_refusal(file: str, path: Path) -> Problem | None:
    """The problem when a file named .xlsx must not reach openpyxl: not a workbook at all (a CSV or PDF with the
    wrong extension), or a ZIP that would unpack to more than the machine should hold (a ZIP bomb). Only the
    ZIP's directory is read here; nothing is unpacked. None: openpyxl may try (and says unreadable_xlsx)."""
    with open(path, "rb") as f:
        head = f.read(4096)
    if not head.startswith(b"PK"):
        kind = _binary_kind(head) or ("CSV" if _looks_like_csv(head) else None)
        return Problem(file, None, None, None, "not_an_xlsx", {"kind": kind}) if kind else None
    try:
        with zipfile.ZipFile(path) as z:
            parts = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    unpacked = sum(i.file_size for i in parts)
    bomb = any(i.file_size > XLSX_RATIO_FLOOR and i.file_size > XLSX_MAX_RATIO * max(i.compress_size, 1)
               for i in parts)
    if unpacked > XLSX_MAX_UNPACKED or bomb:
        return Problem(file, None, None, None, "xlsx_too_large_unpacked",
                       {"mb": f"{unpacked / 1048576:.0f}", "limit": f"{XLSX_MAX_UNPACKED / 1048576:.0f}"})
    return None


def read_xlsx(file: str, path: Path, problems: list[Problem]) -> list[RawTable]:
    import openpyxl  # imported here: only XLSX files need it

    refusal = _xlsx_refusal(file, path)
    if refusal:
        problems.append(refusal)
        return []
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or mislabelled file
        problems.append(Problem(file, None, None, None, "unreadable_xlsx"))
        return []
    out: list[RawTable] = []
    try:
        sheets = wb.worksheets
        sheet_problems: list[Problem] = []
        for ws in sheets:
            # The size a file declares may be wrong or absent (files written by other programs): read every row.
            ws.reset_dimensions()
            label = f"{file} [{ws.title}]" if len(sheets) > 1 else file
            rows = []
            try:
                for r in ws.iter_rows():
                    if len(r) > MAX_COLUMNS:
                        where, width = len(rows) + 1, len(r)
                        problems.append(Problem(label, where, None, None, "too_many_columns",
                                                {"n": width, "limit": MAX_COLUMNS}))
                        return []
                    rows.append([_xlsx_cell(c) for c in r])
            except Exception:  # a damaged sheet inside a workbook that opened
                problems.append(Problem(file, None, None, None, "unreadable_xlsx"))
                return []
            from etl import assessment  # (it reads workbooks with this module's guards)

            if assessment.looks_like(rows):
                # A region's assessment workbook is matched to colleges and split into tables by `etl load`.
                problems.append(Problem(label, None, None, None, "assessment_use_load", {}))
                return []
            official = official_tables(label, ws.title, rows, "xlsx", sheet_problems)
            if official is not None:
                out.extend(official)
                continue
            raw = rows_to_table(label, ws.title, rows, "xlsx", sheet_problems)
            if raw:
                out.append(raw)
        # A workbook's extra sheets (instructions, charts) are not errors when another sheet held a table.
        skippable = ("unknown_table", "empty_file", "no_rows")
        problems.extend(p for p in sheet_problems if not out or p.rule not in skippable)
    finally:
        wb.close()
    return [without_formulas(r, problems) for r in out]


def read_file(path: Path, display: str, problems: list[Problem]) -> list[RawTable]:
    """Read one source file. Problems go to `problems`; a table is returned only when its header is usable."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(display, path, problems)
    if suffix in (".csv", ".tsv", ".txt"):
        data = path.read_bytes()
        from etl.register import looks_like_register

        if looks_like_register(data[:65536]):
            # One row per student, with personal columns: it is aggregated by `etl load`, never read as a table.
            problems.append(Problem(display, None, None, None, "register_use_load", {}))
            return []
        return read_csv_text(display, data, problems)
    problems.append(Problem(display, None, None, None, "unsupported_file", {"suffix": suffix or "-"}))
    return []
