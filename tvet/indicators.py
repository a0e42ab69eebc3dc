"""Headline indicators: each computed figure beside the published one, with the difference and whether they agree.

Pure functions over the frames of the named queries `region_year_totals` and `published_figures`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

# "about" figures are rounded in the source: a computed figure within this share of them agrees.
ABOUT_TOLERANCE = 0.05


@dataclass(frozen=True)
class Published:
    value: float
    qualifier: str  # exact | about | more_than
    source_id: str
    source_title: str
    source_url: str | None
    note: str | None

    def agrees(self, computed: float | None) -> bool | None:
        if computed is None:
            return None
        if self.qualifier == "more_than":
            return computed > self.value
        if self.qualifier == "about":
            return abs(computed - self.value) <= ABOUT_TOLERANCE * abs(self.value)
        return computed == self.value


@dataclass(frozen=True)
class Card:
    key: str  # message id: home.card.<key>
    year: int
    value: float | None
    previous: float | None  # the same figure a year earlier
    published: Published | None
    is_demo: bool
    kind: str = "count"  # count | share
    history: tuple[float, ...] = ()  # the figure in every earlier year with data, up to this one

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def difference(self) -> float | None:
        """Computed minus published."""
        if self.value is None or self.published is None:
            return None
        return self.value - self.published.value


# (card key, totals column or ratio, year offset from the selected year, published indicator)
CARDS: tuple[tuple[str, str | tuple[str, str], int, str | None], ...] = (
    ("colleges", "colleges", 0, "colleges"),
    ("students", "students", 0, "students"),
    ("state_order_places", "state_order_places", 0, "state_order_places"),
    ("technical_share", ("technical_places", "state_order_places"), 0, None),
    ("specialties_opened", "specialties_opened", 0, "new_specialties_opened"),
    ("memoranda", "memoranda", 0, "memoranda_signed"),
    ("graduates", "graduates", 0, None),
    ("employment_rate", ("employed", "graduates_reported"), 0, None),
    ("admission_plan", "admission_planned", 1, "admission_plan"),
    ("specialties_planned", "specialties_planned", 1, "new_specialties_planned"),
)


def _number(x) -> float | None:
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return None
    return float(x)


class _Totals:
    """The totals frame indexed once by year (the first row of each year, as a row lookup would take), so every
    card's value, previous value and history is a dictionary look-up rather than a filter of the frame."""

    def __init__(self, totals: pd.DataFrame) -> None:
        self.years = sorted(int(y) for y in totals["academic_year"])
        self.rows: dict[int, dict] = {}
        for rec in totals.to_dict("records"):
            self.rows.setdefault(int(rec["academic_year"]), rec)
        demo = totals.groupby("academic_year")["is_demo"].any() if not totals.empty else pd.Series(dtype=bool)
        self.demo = {int(y): bool(v) for y, v in demo.items()}

    def value(self, year: int, what) -> float | None:
        row = self.rows.get(year)
        if row is None:
            return None
        if isinstance(what, tuple):
            num, den = _number(row[what[0]]), _number(row[what[1]])
            return None if num is None or not den else num / den
        return _number(row[what])


def _published_rows(published: pd.DataFrame) -> dict[tuple[int, str], dict]:
    """(year, indicator) -> the first published row of it."""
    out: dict[tuple[int, str], dict] = {}
    for rec in published.to_dict("records"):
        out.setdefault((int(rec["academic_year"]), rec["indicator"]), rec)
    return out


def _published(r: dict | None) -> Published | None:
    if r is None:
        return None
    qualifier = r["qualifier"] if isinstance(r["qualifier"], str) and r["qualifier"] else "exact"  # NaN-safe
    return Published(float(r["value"]), qualifier, r["source_id"], r["source_title"],
                     r["source_url"] if isinstance(r["source_url"], str) else None,
                     r["note"] if isinstance(r["note"], str) else None)


def published_lookup(published: pd.DataFrame, year: int, indicator: str) -> Published | None:
    return _published(_published_rows(published).get((year, indicator)))


def headline_cards(totals: pd.DataFrame, published: pd.DataFrame, year: int) -> list[Card]:
    return _cards(_Totals(totals), _published_rows(published), year)


def _cards(totals: _Totals, published: dict[tuple[int, str], dict], year: int) -> list[Card]:
    cards = []
    for key, what, offset, indicator in CARDS:
        y = year + offset
        cards.append(Card(
            key=key, year=y, value=totals.value(y, what), previous=totals.value(y - 1, what),
            published=_published(published.get((y, indicator))) if indicator else None,
            is_demo=totals.demo.get(y, False),
            kind="share" if isinstance(what, tuple) else "count",
            history=tuple(v for v in (totals.value(x, what) for x in totals.years if x <= y) if v is not None)))
    return cards


def cards_by_year(totals: pd.DataFrame, published: pd.DataFrame):
    """headline_cards(totals, published, year) as a function of the year, indexing the frames once (for callers
    that need the cards of many years)."""
    indexed, rows, done = _Totals(totals), _published_rows(published), {}

    def cards(year: int) -> list[Card]:
        if year not in done:
            done[year] = _cards(indexed, rows, year)
        return done[year]

    return cards


def default_year(totals: pd.DataFrame, published: pd.DataFrame) -> int | None:
    """The latest year with students and a published figure for one of its own-year cards; else the latest
    year with students. (A plan published for 2025 belongs to the 2024 page's "next year" cards.)"""
    with_students = set(totals[totals["students"].notna()]["academic_year"].astype(int))
    if not with_students:
        return None
    own_year = {ind for _, _, offset, ind in CARDS if offset == 0 and ind}
    years = set(published[published["indicator"].isin(own_year)]["academic_year"].astype(int))
    both = sorted(with_students & years)
    return both[-1] if both else max(with_students)
