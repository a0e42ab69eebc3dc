"""One look for every chart: a plotly template, a colour-blind-safe palette, number formats per language.

Pure plotly (no Streamlit), so exports (issue 5) draw the same charts. Every chart gets axis titles with units,
the language's separators (kk/ru: decimal comma and thin-space thousands), and a source line under the plot.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go
import plotly.io as pio

# Okabe & Ito's palette: distinguishable with every common colour-vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000", "#999999")
# Bands for capacity use (under 70%, 70–100%, over 100%) and for technical vs other fields.
BAND_COLOURS = {"under": "#56B4E9", "normal": "#009E73", "over": "#D55E00"}
TECHNICAL_COLOURS = {True: "#0072B2", False: "#BBBBBB"}
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"

TEMPLATE = go.layout.Template(layout=go.Layout(
    font={"family": FONT, "size": 14, "color": "#222"},
    colorway=list(PALETTE),
    paper_bgcolor="white", plot_bgcolor="white",
    xaxis={"showgrid": False, "linecolor": "#888", "ticks": "outside", "automargin": True, "tickformat": ",~f"},
    # ",~f": thousands grouped with the language's separator (14 000, not 14k), no trailing zeros.
    yaxis={"gridcolor": "#e5e5e5", "zeroline": True, "zerolinecolor": "#888", "automargin": True, "tickformat": ",~f"},
    legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0, "title": {"text": ""}},
    margin={"l": 10, "r": 10, "t": 40, "b": 10},
    hoverlabel={"font": {"family": FONT}},
))
pio.templates["tvet"] = TEMPLATE


def separators(lang: str) -> str:
    """plotly's `separators`: the decimal mark, then the thousands mark."""
    return ".," if lang == "en" else ",\u202f"


def style(fig: go.Figure, lang: str, *, x_title: str | None = None, y_title: str | None = None,
          source: str | None = None, height: int = 420) -> go.Figure:
    """Apply the template, the language's number format, axis titles and the source line."""
    fig.update_layout(template="tvet", separators=separators(lang), height=height)
    # Set on the axes themselves as well: Streamlit's chart theme replaces the template's tick format on some axes,
    # which left 13600 without its thousands space in kk/ru.
    fig.update_xaxes(tickformat=",~f")
    fig.update_yaxes(tickformat=",~f")
    if x_title is not None:
        fig.update_xaxes(title_text=x_title)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title)
    if source:
        fig.add_annotation(text=source, xref="paper", yref="paper", x=0, y=-0.02, yanchor="top", xanchor="left",
                           showarrow=False, font={"size": 11, "color": "#666"})
        fig.update_layout(margin={"b": 60})
    return fig


def year_axis(fig: go.Figure) -> go.Figure:
    """Academic years as categories (2024/25), never as a continuous axis with half years."""
    fig.update_xaxes(type="category")
    return fig


def sparkline_svg(values: list[float] | tuple[float, ...], label: str, *, area: bool, colour: str = PALETTE[0],
                  width: int = 300, height: int = 56) -> str:
    """A small trend line as inline SVG with its text alternative (`role="img"`, `aria-label` and `<title>` = the
    label, which should spell out the values). Streamlit's own metric sparkline is a Vega chart whose empty hover
    layer has no accessible name (axe-core: svg-img-alt, serious), so the home page's cards draw this one instead.
    `area` fills below the line (counts); shares get the line alone."""
    label = html.escape(label, quote=True)
    points = list(values) or [0.0]
    if len(points) == 1:
        points = points * 2
    low, high = min(points), max(points)
    span = (high - low) or 1.0
    pad = 4
    xy = [(round(i * width / (len(points) - 1), 2), round(height - pad - (v - low) / span * (height - 2 * pad), 2))
          for i, v in enumerate(points)]
    line = " ".join(f"{x},{y}" for x, y in xy)
    fill = (f'<polygon points="0,{height} {line} {width},{height}" fill="{colour}" fill-opacity="0.12" '
            f'stroke="none"/>') if area else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{label}" viewBox="0 0 {width} {height}" '
            f'preserveAspectRatio="none" width="100%" height="{height}"><title>{label}</title>{fill}'
            f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2.5" stroke-linejoin="round" '
            f'stroke-linecap="round" vector-effect="non-scaling-stroke"/></svg>')
