"""A deck's numbers as a workbook: an "about" sheet (deck, region, year, language, build, demo note, list of slides)
and one sheet per slide, named "NN key", with the slide's title, takeaway, source and filters above its data.

Text cells go through `tvet.exports.safe_cell`, so no cell starts a formula; numbers stay numbers, unrounded.
"""

from __future__ import annotations

import io
import re

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from tvet.deck.default import year_label
from tvet.deck.model import Deck, Slide
from tvet.exports import ExportMeta, safe_cell, safe_frame
from tvet.i18n import t

SHEET_NAME_MAX = 31
NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def sheet_name(index: int, slide: Slide) -> str:
    """'01 overview': the slide's place and key, without the characters Excel refuses, at most 31 letters."""
    return NOT_IN_SHEET_NAMES.sub("_", f"{index + 1:02d} {slide.key}")[:SHEET_NAME_MAX]


def to_xlsx(deck: Deck) -> bytes:
    wb = Workbook()
    about = wb.active
    about.title = "about"
    _about(about, deck)
    for index, slide in enumerate(deck.slides):
        _slide(wb.create_sheet(sheet_name(index, slide)), slide, deck)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _about(ws, deck: Deck) -> None:
    lab = deck.labels
    ws.append([safe_cell(deck.name)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([safe_cell(t("filter.region", deck.lang)), safe_cell(f"{deck.region_name} ({deck.region})")])
    ws.append([safe_cell(t("filter.year", deck.lang)), year_label(deck.year)])
    ws.append([safe_cell(t("lang.label", deck.lang)), deck.lang])
    ws.append([safe_cell(lab.get("build", "Build")), safe_cell(deck.build_id)])
    if deck.is_demo:
        ws.append([safe_cell(deck.watermark), safe_cell(lab.get("demo_note", ""))])
    ws.append([])
    ws.append([safe_cell(lab.get("slide", "Slide")), safe_cell(lab.get("title", "Title")),
               safe_cell(lab.get("numbers", "Numbers"))])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for index, slide in enumerate(deck.slides):
        ws.append([index + 1, safe_cell(slide.title), sheet_name(index, slide)]
                  + ([safe_cell(deck.watermark)] if slide.is_demo else []))
    _widths(ws, 24, 60, 20)


def _slide(ws, slide: Slide, deck: Deck) -> None:
    lab = deck.labels
    meta = ExportMeta(title=slide.title, source=slide.source, build_id=deck.build_id, filters=slide.filters,
                      is_demo=slide.is_demo, demo_note=lab.get("demo_note", ""),
                      labels={k: lab[k] for k in ("title", "filters", "source", "build") if k in lab}
                      | {"demo": deck.watermark or "demo"})
    lines = meta.lines()
    lines.insert(1, (lab.get("takeaway", "Takeaway"), slide.takeaway))
    for key, value in lines:
        ws.append([safe_cell(key), safe_cell(value)])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
    ws.append([])
    data = safe_frame(slide.data)
    ws.append(list(data.columns))
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in data.itertuples(index=False):
        ws.append([_cell(v) for v in row])
    _widths(ws, *([24] + [16] * max(0, len(data.columns) - 1)))


def _cell(value: object) -> object:
    """A value openpyxl can write: no NaN or pandas NA (an empty cell), no numpy scalars."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _widths(ws, *widths: int) -> None:
    for i, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = width
