"""A whole slide drawn as one plotly figure (1920×1080 by default): the title (≥ 56 px), the takeaway, the chart or
the headline figures, the footer (source, filters, build id, page number) and, when the slide shows demo rows, a
watermark across it. The presenter page shows this figure; PNG and PDF are this figure exported by kaleido.

Sizes are in pixels of a 1920×1080 slide and scale with `width`, so a slide stays readable from the back of a hall.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from tvet import charts
from tvet.deck.model import Deck, Slide

TITLE_PX = 60      # ≥ 40 px at 1920×1080: readable from 10 m
TAKEAWAY_PX = 34
BODY_PX = 24
FOOTER_PX = 17


def figure(slide: Slide, deck: Deck, index: int = 0, width: int = 1920, height: int = 1080) -> go.Figure:
    scale = width / 1920
    px = lambda n: round(n * scale)  # noqa: E731
    fig = go.Figure()
    if slide.kind == "figures":
        _figures(fig, slide, px)
    else:
        _chart(fig, slide, deck.lang, px)
    left, right = px(90), px(90)
    # Bar labels of a horizontal chart get a fixed column, so the text blocks can line up with the slide's edge.
    margin_l = px(560) if slide.kind == "barh" else px(170) if slide.kind != "figures" else left
    plot_w = width - margin_l - right
    x0 = (left - margin_l) / plot_w  # the slide's left edge in paper coordinates
    fig.update_layout(
        template="tvet", separators=charts.separators(deck.lang), width=width, height=height,
        paper_bgcolor="white", plot_bgcolor="white", showlegend=slide.kind != "figures" and len(slide.series) > 1,
        font={"family": charts.FONT, "size": px(BODY_PX), "color": "#222"},
        margin={"l": margin_l, "r": right, "t": px(270), "b": px(170), "autoexpand": False},
        legend={"orientation": "h", "x": x0, "y": 1.02, "yanchor": "bottom", "font": {"size": px(BODY_PX)}})
    top = dict(xref="paper", yref="paper", x=x0, y=1, xanchor="left", showarrow=False, align="left")
    # A long title gets smaller type rather than running off the slide (plotly does not wrap).
    title_px = min(TITLE_PX, 1740 / (0.62 * max(1, len(slide.title))))
    fig.add_annotation(text=_bold(slide.title), yanchor="bottom", yshift=px(185),
                       font={"size": px(title_px), "color": "#111"}, **top)
    fig.add_annotation(text=_wrap(slide.takeaway, 84), yanchor="top", yshift=px(180),
                       font={"size": px(TAKEAWAY_PX), "color": "#0072B2"}, **top)
    fig.add_annotation(text=f"{_esc(deck.region_name)} · {index + 1} / {len(deck.slides)}", xref="paper",
                       yref="paper", x=1, y=0, xanchor="right", yanchor="top", yshift=-px(105), showarrow=False,
                       font={"size": px(FOOTER_PX + 3), "color": "#777"})
    footer = slide.footer()
    long = len(footer) > 270  # several sources with their links: smaller type, longer lines
    fig.add_annotation(text=_wrap(footer, 190 if long else 135), xref="paper", yref="paper", x=x0, y=0,
                       xanchor="left", yanchor="top", yshift=-px(95 if long else 105), showarrow=False,
                       align="left", font={"size": px(12 if long else FOOTER_PX), "color": "#555"})
    if slide.is_demo and deck.watermark:
        fig.add_annotation(text=_esc(deck.watermark), xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                           textangle=-18, font={"size": px(150), "color": "rgba(213, 94, 0, 0.13)"})
    return fig


def _bold(text: str) -> str:
    from html import escape

    return f"<b>{escape(text)}</b>"


def _figures(fig: go.Figure, slide: Slide, px) -> None:
    """Headline figures in rows of up to four (five or six: two rows): the value large, its label and change
    below. A value's type shrinks with its length («более 13 900») so it stays inside its column."""
    fig.update_xaxes(visible=False, range=[0, 1])
    fig.update_yaxes(visible=False, range=[0, 1])
    n = max(1, len(slide.figures))
    cols = n if n <= 4 else math.ceil(n / 2)
    rows = math.ceil(n / cols)
    column_px = 1740 / cols  # the plot's width on a 1920 slide, shared
    for i, f in enumerate(slide.figures):
        x = (i % cols + 0.5) / cols
        top = 1 - (i // cols) / rows  # this row's band: [top - 1/rows, top]
        band = 1 / rows
        value_px = min(96 if rows == 1 else 72, column_px * 0.9 / max(1, 0.62 * len(f.value)))
        fig.add_annotation(text=f"<b>{_esc(f.value)}</b>", x=x, y=top - band * 0.38, xref="x", yref="y",
                           showarrow=False, font={"size": px(value_px), "color": "#0072B2"})
        label_px = 30 if rows == 1 else 24
        chars = max(12, int(column_px * 0.92 / (label_px * 0.55)))
        fig.add_annotation(text=_wrap(f.label, chars), x=x, y=top - band * 0.64, xref="x", yref="y",
                           showarrow=False, font={"size": px(label_px), "color": "#222"})
        if f.change:
            fig.add_annotation(text=_wrap(f.change, chars + 2), x=x, y=top - band * 0.88, xref="x", yref="y",
                               showarrow=False, font={"size": px(label_px - 4), "color": "#555"})


def _esc(text: str) -> str:
    """Markup characters as entities; quotes stay (plotly shows &quot; as it is, and its text has no attributes)."""
    from html import escape

    return escape(str(text), quote=False)


def _wrap(text: str, width: int) -> str:
    """Plotly text has no automatic wrapping: break a long label on spaces into lines of about `width` letters."""
    words, lines, line = [w for w in str(text).split(" ") if w], [], ""  # never at a no-break space
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "<br>".join(_esc(x) for x in lines)


def _chart(fig: go.Figure, slide: Slide, lang: str, px) -> None:
    factor = 100.0 if slide.percent else 1.0
    cats = list(slide.categories)
    for s in slide.series:
        vals = [None if v is None else v * factor for v in s.values]
        text = [_esc(x) for x in s.labels] if s.labels else [_label(v, slide.percent, lang) for v in s.values]
        colour = list(s.colours) if s.colours else s.colour
        if slide.kind == "line" or s.kind == "line":
            fig.add_scatter(x=cats, y=vals, name=s.name, mode="lines+markers+text", text=text,
                            textposition="top center", textfont={"size": px(24)},
                            line={"color": s.colour, "width": px(6)}, marker={"size": px(16)})
        elif slide.kind == "barh":
            fig.add_bar(y=[_wrap(c, 38) for c in cats], x=vals, name=s.name, orientation="h", marker_color=colour,
                        text=text, textposition="outside", textfont={"size": px(22)})
        else:
            fig.add_bar(x=cats, y=vals, name=s.name, marker_color=colour, text=text, textposition="outside",
                        textfont={"size": px(22)})
    if slide.kind == "stacked":
        fig.update_layout(barmode="stack")
    elif slide.kind in ("bar", "barh"):
        fig.update_layout(barmode="group", bargap=0.25)
    for label, value in slide.targets:
        kw = {"line": {"color": "#D55E00", "dash": "dash", "width": px(3)}, "annotation_text": _esc(label),
              "annotation_font": {"size": px(22), "color": "#D55E00"}}
        if slide.kind == "barh":
            fig.add_vline(x=value * factor, annotation_position="top", **kw)
        else:
            fig.add_hline(y=value * factor, annotation_position="top left", **kw)
    axis_font = {"size": px(22)}
    top = max([v * factor for s in slide.series for v in s.values if v is not None] +
              [v * factor for _, v in slide.targets] + [0])
    if slide.kind == "barh":
        fig.update_yaxes(autorange="reversed", tickfont=axis_font, automargin=False)
        fig.update_xaxes(title_text=slide.unit, title_font=axis_font, tickfont=axis_font, tickformat=",~f",
                         ticksuffix="%" if slide.percent else "", range=[0, top * 1.15 if top else 1])
    else:
        fig.update_xaxes(type="category", tickfont=axis_font)
        fig.update_yaxes(title_text=slide.unit, title_font=axis_font, tickfont=axis_font, tickformat=",~f",
                         rangemode="tozero", ticksuffix="%" if slide.percent else "", automargin=False)
        fig.update_yaxes(range=[0, top * 1.18 if top else 1])


def _label(value: float | None, percent: bool, lang: str) -> str:
    from tvet.i18n import fmt_int, fmt_pct

    if value is None:
        return ""
    return fmt_pct(value, lang) if percent else fmt_int(value, lang)


def chart(slide: Slide, lang: str, height: int = 440) -> go.Figure:
    """Only the chart of a chart slide, for the presenter page: the page sets the title, takeaway and footer as text
    that wraps and scales with the screen (CSS), and plotly fits this figure to the width it is given."""
    scale = 0.62  # the slide's 1920-pixel type sizes, for a chart about 1200 pixels wide on screen
    px = lambda n: round(n * scale)  # noqa: E731
    fig = go.Figure()
    _chart(fig, slide, lang, px)
    fig.update_layout(
        template="tvet", separators=charts.separators(lang), height=height, autosize=True,
        paper_bgcolor="white", plot_bgcolor="white", showlegend=len(slide.series) > 1,
        font={"family": charts.FONT, "size": px(BODY_PX), "color": "#222"},
        margin={"l": 10, "r": 30, "t": 40, "b": 10, "autoexpand": True},
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "font": {"size": px(BODY_PX)}})
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig
