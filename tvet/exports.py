"""Downloads of a chart's numbers: CSV and XLSX that carry the title, filters, source and build id.

A cell that begins with =, +, - or @ is written with a leading apostrophe so that a spreadsheet shows it as
text and never runs it as a formula (numbers are left as numbers).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportMeta:
    title: str
    source: str
    build_id: str
    filters: dict[str, str] = field(default_factory=dict)
    is_demo: bool = False
    demo_note: str = ""
    labels: dict[str, str] = field(default_factory=dict)  # "title", "filters", "source", "build", "demo", "coverage"
    coverage: str = ""  # when the rows are real for some colleges and demo for others: for how many of each

    def lines(self) -> list[tuple[str, str]]:
        lab = {"title": "Title", "filters": "Filters", "source": "Source", "build": "Data version", "demo": "Demo data",
               "coverage": "Coverage", **self.labels}
        out = [(lab["title"], self.title)]
        if self.filters:
            out.append((lab["filters"], "; ".join(f"{k}: {v}" for k, v in self.filters.items())))
        out.append((lab["source"], self.source))
        out.append((lab["build"], self.build_id))
        if self.is_demo:
            out.append((lab["demo"], self.demo_note))
        if self.coverage:
            out.append((lab["coverage"], self.coverage))
        return out


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula, with a leading apostrophe; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(safe_cell)
    out.columns = [safe_cell(str(c)) for c in out.columns]
    return out


def to_csv(df: pd.DataFrame, meta: ExportMeta) -> bytes:
    """UTF-8 with BOM (Excel opens Cyrillic correctly), `# key: value` lines first, then the table."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for key, value in meta.lines():
        w.writerow([f"# {key}: {safe_cell(value)}"])
    safe_frame(df).to_csv(buf, index=False, lineterminator="\r\n")
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(df: pd.DataFrame, meta: ExportMeta, sheet: str = "data") -> bytes:
    """A workbook with the numbers on the first sheet and title, filters, source and build on 'about'."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    data = safe_frame(df)
    ws.append(list(data.columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in data.itertuples(index=False):
        ws.append([None if (isinstance(v, float) and pd.isna(v)) or v is pd.NA else
                   (v.item() if hasattr(v, "item") else v) for v in row])
    about = wb.create_sheet("about")
    for key, value in meta.lines():
        about.append([safe_cell(key), safe_cell(value)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
