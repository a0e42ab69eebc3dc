"""A deck: slides that each carry one message, the numbers behind it and where they come from.

One structure feeds every output: the presenter page and PNG/PDF draw a slide with plotly (render.py), PPTX draws
the same categories and series as a native, editable chart (pptx.py), XLSX writes `data` (xlsx.py). So a number on
a slide, in its chart data and in its sheet is the same number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

KINDS = ("figures", "bar", "stacked", "barh", "line")


@dataclass(frozen=True)
class Figure:
    """A headline number on a 'figures' slide: its label, the value as text, and its change as text."""

    label: str
    value: str
    change: str | None = None


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    colour: str
    kind: str | None = None  # "line" on a bar slide draws this series as a line
    labels: tuple[str, ...] = ()   # the text on each bar (default: the value formatted), e.g. «более 13 900»
    colours: tuple[str, ...] = ()  # a colour per bar (default: `colour` for all), e.g. the region highlighted


@dataclass(frozen=True)
class Slide:
    key: str                               # stable id (default slides: "overview", …; added views: "view:…")
    title: str
    takeaway: str
    kind: str                              # one of KINDS
    data: pd.DataFrame                     # the numbers behind the slide, headers in the deck's language
    source: str                            # the source line (sources, build id)
    filters: dict[str, str] = field(default_factory=dict)
    is_demo: bool = False
    figures: tuple[Figure, ...] = ()       # kind "figures"
    categories: tuple[str, ...] = ()       # charts: x (or y for barh) categories
    series: tuple[Series, ...] = ()
    unit: str = ""                         # value axis title
    percent: bool = False                  # values are shares 0..1, shown as %
    targets: tuple[tuple[str, float], ...] = ()  # horizontal reference lines: (label, value)

    def footer(self) -> str:
        """Source (with the build id) and the filters on one line; the filter names are already translated."""
        parts = [self.source]
        if self.filters:
            parts.append("; ".join(f"{k}: {v}" for k, v in self.filters.items()))
        return " · ".join(parts)


@dataclass(frozen=True)
class Deck:
    name: str
    lang: str
    region: str
    region_name: str
    year: int
    build_id: str
    slides: tuple[Slide, ...]
    watermark: str = ""          # the demo watermark text in the deck's language
    labels: dict = field(default_factory=dict)  # translated words the exports need (slide, of, demo note…)

    @property
    def is_demo(self) -> bool:
        return any(s.is_demo for s in self.slides)
