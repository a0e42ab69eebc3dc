"""A deck as PowerPoint (16:9, 13.333 × 7.5 in), drawn without a browser.

Each slide has its title in the title placeholder (so PowerPoint's outline and screen readers see it), the takeaway,
then either the headline figures as large text boxes or a native chart whose data sheet holds the slide's own
categories and series: a presenter can restyle or edit it, and the numbers stay the deck's numbers. Targets are
drawn as dashed line series with the target's value in every category (on a horizontal bar chart, where a line
series cannot run across, they are written under the chart). The footer carries the source, filters, build id and
"n / N"; a slide showing demo rows carries a large semi-transparent watermark. The notes hold the takeaway and
the source, for the presenter's view.

Shapes are named (Title, Takeaway, Figure 1…, Chart, Targets, Footer, Page, Watermark) so tests and scripts can
find them.
"""

from __future__ import annotations

import io
import math

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from tvet.deck.default import year_label
from tvet.deck.model import Deck, Slide

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # PowerPoint's widescreen: 13.333 × 7.5 in
MARGIN = Inches(0.6)
INNER = WIDTH - 2 * MARGIN
TITLE_PT, TAKEAWAY_PT, FOOTER_PT = 36, 20, 10
CHART_TOP, CHART_BOTTOM = Inches(2.35), Inches(6.55)

INK, BLUE, GREY, TARGET, WATERMARK = "111111", "0072B2", "555555", "D55E00", "D55E00"
WATERMARK_ALPHA = 13  # % opacity: readable, yet the chart shows through

CHART_TYPES = {"bar": XL_CHART_TYPE.COLUMN_CLUSTERED, "stacked": XL_CHART_TYPE.COLUMN_STACKED,
               "barh": XL_CHART_TYPE.BAR_CLUSTERED, "line": XL_CHART_TYPE.LINE_MARKERS}
TITLE_ONLY_LAYOUT = 5  # in python-pptx's default template


def to_pptx(deck: Deck) -> bytes:
    prs = _widescreen(Presentation())
    prs.core_properties.title = deck.name
    prs.core_properties.subject = f"{deck.region_name} · {year_label(deck.year)} · {deck.build_id}"
    for index, slide in enumerate(deck.slides):
        page = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
        _title(page, slide)
        _text(page, "Takeaway", slide.takeaway, MARGIN, Inches(1.35), INNER, Inches(0.95), TAKEAWAY_PT, BLUE)
        if slide.kind == "figures":
            _figures(page, slide)
        elif slide.series:
            _chart(page, slide)
        _footer(page, slide, deck, index)
        if slide.is_demo and deck.watermark:
            _watermark(page, deck.watermark)
        page.notes_slide.notes_text_frame.text = f"{slide.takeaway}\n\n{slide.source}"
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _widescreen(prs):
    """python-pptx's template is 4:3: widen the slides, and the master's and layouts' placeholders with them, so a
    slide the presenter adds in PowerPoint is laid out for 16:9 too."""
    factor = WIDTH / prs.slide_width
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    for shapes in [prs.slide_master.shapes] + [layout.placeholders for layout in prs.slide_layouts]:
        for shape in shapes:
            if shape._element.spPr.find(qn("a:xfrm")) is not None:  # its own position, not its master's
                shape.left, shape.width = round(shape.left * factor), round(shape.width * factor)
    return prs


# --- text -------------------------------------------------------------------------------------------------------------
def _text(page, name: str, text: str, left, top, width, height, size: int, colour: str, *, bold: bool = False,
          align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP):
    box = page.shapes.add_textbox(left, top, width, height)
    box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    _paragraph(frame.paragraphs[0], text, size, colour, bold=bold, align=align)
    return box


def _paragraph(paragraph, text: str, size: int, colour: str, *, bold: bool = False, align=PP_ALIGN.LEFT) -> None:
    paragraph.alignment = align
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = RGBColor.from_string(colour)


def _title(page, slide: Slide) -> None:
    title = page.shapes.title
    title.name = "Title"
    title.left, title.top, title.width, title.height = MARGIN, Inches(0.3), INNER, Inches(1.0)
    frame = title.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    frame.text = ""
    _paragraph(frame.paragraphs[0], slide.title, TITLE_PT, INK, bold=True)


def _figures(page, slide: Slide) -> None:
    """Up to four figures a row: the value large, its label, then its change."""
    n = len(slide.figures)
    if not n:
        return
    cols = min(n, 4)
    rows = math.ceil(n / cols)
    width, height = INNER // cols, (CHART_BOTTOM - CHART_TOP) // rows
    for i, f in enumerate(slide.figures):
        left, top = MARGIN + (i % cols) * width, CHART_TOP + (i // cols) * height
        box = _text(page, f"Figure {i + 1}", f.value, left, top, width, height, 48 if rows == 1 else 36, BLUE,
                    bold=True, align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.MIDDLE)
        _paragraph(box.text_frame.add_paragraph(), f.label, 20, INK, align=PP_ALIGN.CENTER)
        if f.change:
            _paragraph(box.text_frame.add_paragraph(), f.change, 16, GREY, align=PP_ALIGN.CENTER)


def _footer(page, slide: Slide, deck: Deck, index: int) -> None:
    text = slide.footer()
    if deck.build_id not in text:
        text += f" · {deck.labels.get('build', 'Build')}: {deck.build_id}"
    top = Inches(6.8)
    _text(page, "Footer", text, MARGIN, top, Inches(9.6), Inches(0.55), FOOTER_PT, GREY)
    _text(page, "Page", f"{deck.region_name} · {index + 1} / {len(deck.slides)}", MARGIN + Inches(9.8), top,
          INNER - Inches(9.8), Inches(0.55), FOOTER_PT + 2, GREY, align=PP_ALIGN.RIGHT)


def _watermark(page, text: str) -> None:
    box = _text(page, "Watermark", text, Inches(0.8), Inches(2.6), WIDTH - Inches(1.6), Inches(2.2), 88, WATERMARK,
                bold=True, align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.MIDDLE)
    box.text_frame.word_wrap = False
    box.rotation = -18
    # python-pptx has no API for a text colour's transparency: add <a:alpha> to the run's colour.
    for run in box.text_frame.paragraphs[0].runs:
        colour = run.font._rPr.find(qn("a:solidFill")).find(qn("a:srgbClr"))
        etree.SubElement(colour, qn("a:alpha")).set("val", str(WATERMARK_ALPHA * 1000))


# --- charts -----------------------------------------------------------------------------------------------------------
def _chart(page, slide: Slide) -> None:
    number_format = "0%" if slide.percent else "#,##0"
    label_format = "0.0%" if slide.percent else "#,##0"
    data = CategoryChartData(number_format=number_format)
    data.categories = list(slide.categories)
    for s in slide.series:
        data.add_series(s.name, [None if v is None else float(v) for v in s.values])
    # A target runs across the categories as a dashed line; a horizontal bar chart has no line series to carry it.
    lines_for_targets = slide.kind != "barh"
    targets = slide.targets if lines_for_targets else ()
    for label, value in targets:
        data.add_series(label, [float(value)] * len(slide.categories))
    height = CHART_BOTTOM - CHART_TOP - (0 if lines_for_targets or not slide.targets else Inches(0.35))
    frame = page.shapes.add_chart(CHART_TYPES[slide.kind], MARGIN, CHART_TOP, INNER, height, data)
    frame.name = "Chart"
    chart = frame.chart
    chart.font.size = Pt(14)
    as_lines = [i for i, s in enumerate(slide.series) if s.kind == "line"] if slide.kind in ("bar", "stacked") else []
    as_lines += list(range(len(slide.series), len(slide.series) + len(targets)))
    if slide.kind != "line" and as_lines:
        _move_to_line_plot(chart, as_lines)
    series = {int(ser.find(qn("c:idx")).get("val")): s for s, ser in _all_series(chart)}
    for i, s in enumerate(slide.series):
        _style_series(series[i], s.colour, label_format, slide, is_line=slide.kind == "line" or i in as_lines)
        _own_labels_and_colours(series[i], s)
    for j in range(len(targets)):
        target = series[len(slide.series) + j]
        target.format.line.color.rgb = RGBColor.from_string(TARGET)
        target.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        target.format.line.width = Pt(2)
        target.marker.style = XL_MARKER_STYLE.NONE
        target.smooth = False
    chart.has_title = False  # the slide's title says it; PowerPoint would title a one-series chart by its name
    chart.has_legend = len(slide.series) + len(targets) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
    axis = chart.value_axis
    axis.tick_labels.number_format = number_format
    axis.tick_labels.number_format_is_linked = False
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = RGBColor.from_string("DDDDDD")
    axis.minimum_scale = 0
    if slide.unit:
        axis.has_title = True
        axis.axis_title.text_frame.text = slide.unit
    if slide.kind == "barh":
        _first_on_top(chart)
        if slide.targets:
            _text(page, "Targets", "- - -  " + " · ".join(label for label, _ in slide.targets), MARGIN,
                  CHART_TOP + height, INNER, Inches(0.35), 14, TARGET)
    elif slide.kind in ("bar", "barh", "stacked"):
        chart.plots[0].gap_width = 60


def _first_on_top(chart) -> None:
    """A horizontal bar chart read from the top, as on the drawn slide: categories in reverse order, the value axis
    kept at the bottom, and every category labelled (PowerPoint would skip some to save room)."""
    categories = chart.category_axis
    categories.reverse_order = True
    categories.tick_labels.font.size = Pt(12)
    chart.value_axis._element.find(qn("c:crosses")).set("val", "max")
    skip = etree.Element(qn("c:tickLblSkip"))
    skip.set("val", "1")
    categories._element.insert_element_before(skip, "c:tickMarkSkip", "c:noMultiLvlLbl", "c:extLst")


def _all_series(chart):
    """(python-pptx series, its <c:ser>) across every plot of the chart."""
    for plot in chart.plots:
        for s in plot.series:
            yield s, s._element


def _style_series(series, colour: str, label_format: str, slide: Slide, *, is_line: bool) -> None:
    rgb = RGBColor.from_string(colour.lstrip("#"))
    labels = series.data_labels
    labels.show_value = True
    labels.number_format = label_format
    labels.number_format_is_linked = False
    labels.font.size = Pt(12)
    if is_line:
        series.format.line.color.rgb = rgb
        series.format.line.width = Pt(3.5)
        series.marker.style = XL_MARKER_STYLE.CIRCLE
        series.marker.size = 9
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = rgb
        series.marker.format.line.color.rgb = rgb
        series.smooth = False
        labels.position = XL_LABEL_POSITION.ABOVE
    else:
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = rgb
        labels.position = XL_LABEL_POSITION.CENTER if slide.kind == "stacked" else XL_LABEL_POSITION.OUTSIDE_END


def _own_labels_and_colours(series, s) -> None:
    """A series' own bar texts (a published «более 13 900» rather than 13,900) and per-bar colours, where it has
    them; the chart's data sheet keeps the numbers."""
    for i, text in enumerate(s.labels):
        label = series.points[i].data_label
        label.has_text_frame = True
        label.text_frame.text = text
        label.position = XL_LABEL_POSITION.OUTSIDE_END
        label.font.size = Pt(12)
    for i, colour in enumerate(s.colours):
        fill = series.points[i].format.fill
        fill.solid()
        fill.fore_color.rgb = RGBColor.from_string(colour.lstrip("#"))


def _move_to_line_plot(chart, indexes: list[int]) -> None:
    """Move the series at `indexes` from the column plot into a line plot on the same axes (a combo chart).

    They stay in the chart's one data sheet, at the same cells, so "Edit data" shows every series."""
    plot_area = chart._chartSpace.find(qn("c:chart")).find(qn("c:plotArea"))
    bars = plot_area.find(qn("c:barChart"))
    line = etree.Element(qn("c:lineChart"))
    etree.SubElement(line, qn("c:grouping")).set("val", "standard")
    etree.SubElement(line, qn("c:varyColors")).set("val", "0")
    for ser in bars.findall(qn("c:ser")):
        if int(ser.find(qn("c:idx")).get("val")) in indexes:
            for bar_only in ser.findall(qn("c:invertIfNegative")):
                ser.remove(bar_only)
            line.append(ser)
    etree.SubElement(line, qn("c:marker")).set("val", "1")
    for ax in bars.findall(qn("c:axId")):
        etree.SubElement(line, qn("c:axId")).set("val", ax.get("val"))
    bars.addnext(line)
