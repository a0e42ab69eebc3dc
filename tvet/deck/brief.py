"""A one-page speech brief of the published figures, with their sources, as PDF (fpdf2) and DOCX (python-docx).

It is written from the published-only deck (tvet/deck/published.py): a section per slide, its figures as bullets
in the same wording as on the slide («более 13 900», "about 562,000", each with its year where the slide gives one)
and the slide's source line under them. No demo row can reach it, since that deck reads only `published_figure`.

The PDF embeds DejaVu Sans (Debian: fonts-dejavu-core), which has the Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і);
it shrinks the type until everything fits on one A4 page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from tvet.deck.model import Deck
from tvet.i18n import t

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT, FONT_BOLD = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
BODY_PT, SMALLEST_PT = 11.0, 6.5


class FontMissing(RuntimeError):
    """The PDF's font is not installed (apt-get install fonts-dejavu-core)."""

    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = path


@dataclass(frozen=True)
class Section:
    heading: str
    bullets: tuple[str, ...]
    source: str


def sections(deck: Deck) -> list[Section]:
    """The brief's text: per slide, its title, its figures as "label: value (year)", and its source line."""
    out = []
    for slide in deck.slides:
        bullets = [f"{f.label}: {f.value}" + (f" ({f.change})" if f.change else "") for f in slide.figures]
        for s in slide.series:
            texts = s.labels or tuple(str(v) for v in s.values)
            bullets += [f"{c}: {v}" for c, v in zip(slide.categories, texts)]
        out.append(Section(slide.title, tuple(bullets), slide.source))
    return out


def _title(deck: Deck) -> str:
    return t("deck.brief.title", deck.lang, region=deck.region_name)


# --- PDF ----------------------------------------------------------------------------------------------------------
def to_pdf(deck: Deck) -> bytes:
    if not FONT.exists() or not FONT_BOLD.exists():
        raise FontMissing(FONT if not FONT.exists() else FONT_BOLD)
    size = BODY_PT
    while True:
        pdf = _pdf(deck, size)
        if pdf.page_no() <= 1 or size <= SMALLEST_PT:
            return bytes(pdf.output())
        size -= 0.5


def _pdf(deck: Deck, size: float):
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(16, 14, 16)
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_title(_title(deck))
    pdf.set_creator("TVET Atlas")
    pdf.set_lang(deck.lang)
    pdf.add_page()
    line = size * 0.46  # mm per line at this size (1.3 × the type)
    w = pdf.epw
    pdf.set_font("DejaVu", "B", size + 5)
    pdf.multi_cell(w, line * 1.6, _title(deck), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", size - 1)
    pdf.set_text_color(85, 85, 85)
    pdf.multi_cell(w, line, t("deck.brief.intro", deck.lang), new_x="LMARGIN", new_y="NEXT")
    for sec in sections(deck):
        pdf.ln(line * 0.6)
        pdf.set_text_color(17, 17, 17)
        pdf.set_font("DejaVu", "B", size + 1.5)
        pdf.multi_cell(w, line * 1.2, sec.heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", size)
        for b in sec.bullets:
            pdf.set_x(pdf.l_margin + 3)
            pdf.multi_cell(w - 3, line, f"•  {b}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(85, 85, 85)
        pdf.set_font("DejaVu", "", size - 2)
        pdf.multi_cell(w, line * 0.85, sec.source, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(line * 0.6)
    pdf.set_font("DejaVu", "", size - 2.5)
    pdf.multi_cell(w, line * 0.8, t("deck.brief.footer", deck.lang, build=deck.build_id), new_x="LMARGIN",
                   new_y="NEXT")
    return pdf


# --- DOCX ---------------------------------------------------------------------------------------------------------
def to_docx(deck: Deck) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(16)
    section.top_margin = section.bottom_margin = Mm(14)
    doc.core_properties.title = _title(deck)
    doc.core_properties.language = deck.lang
    normal = doc.styles["Normal"]
    normal.font.name = "DejaVu Sans"
    normal.font.size = Pt(10)
    grey = RGBColor(0x55, 0x55, 0x55)

    def para(text: str, size: float, *, bold: bool = False, colour=None, style: str | None = None, after: float = 2):
        p = doc.add_paragraph(style=style)
        p.paragraph_format.space_after = Pt(after)
        p.paragraph_format.space_before = Pt(0)
        run = p.add_run(text)
        run.font.size, run.font.bold = Pt(size), bold
        if colour is not None:
            run.font.color.rgb = colour
        return p

    title = doc.add_heading(_title(deck), level=1)
    title.paragraph_format.space_after = Pt(2)
    para(t("deck.brief.intro", deck.lang), 9, colour=grey, after=6)
    for sec in sections(deck):
        h = doc.add_heading(sec.heading, level=2)
        h.paragraph_format.space_before, h.paragraph_format.space_after = Pt(6), Pt(2)
        for b in sec.bullets:
            para(b, 10, style="List Bullet", after=0)
        para(sec.source, 8, colour=grey, after=2)
    para(t("deck.brief.footer", deck.lang, build=deck.build_id), 7.5, colour=grey)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
